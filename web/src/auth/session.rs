//! Console sessions and resolving a request's credentials.
//!
//! The `piyasa_session` cookie holds 32 random bytes (hex); the store keeps
//! their SHA-256 with the account, a CSRF token, the creation time, the last
//! use and the absolute end. A session ends when revoked (logout, logout
//! everywhere, password change, the account disabled or its role changed),
//! after `auth.session_idle_minutes` unused, or `auth.session_absolute_hours`
//! after login. The cookie is `HttpOnly`, `SameSite=Strict`, `Path=/`, and
//! `Secure` when `server.secure_cookies`.

use super::{Actor, Auth, Principal, SessionRef, client_ip, keys};
use crate::crypto::{random_token, same, sha256_hex};
use crate::error::{ApiError, ErrorCode};
use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite};
use schema::SessionRow;

pub const COOKIE: &str = "piyasa_session";
/// The header a session's state-changing requests carry.
pub const CSRF_HEADER: &str = "X-CSRF-Token";
/// A session's last use is written at most this often.
const TOUCH_EVERY_MS: i64 = 30_000;

impl Auth {
    fn idle_ms(&self) -> i64 {
        i64::from(self.settings.session_idle_minutes) * 60_000
    }

    /// Starts a session for an account; the cookie carries the id.
    pub async fn start_session(&self, operator: i64, ip: &str) -> Result<(Cookie<'static>, SessionRow), ApiError> {
        let now = self.clock.now_ms();
        let id = random_token();
        let row = SessionRow {
            id_hash: sha256_hex(&id),
            operator_id: operator,
            csrf_token: random_token(),
            created_at: now,
            last_seen_at: now,
            expires_at: now + i64::from(self.settings.session_absolute_hours) * 3_600_000,
            ip: Some(ip.to_string()),
            revoked_at: None,
        };
        self.store.insert_session(&row).await?;
        Ok((self.cookie(id), row))
    }

    fn cookie(&self, value: String) -> Cookie<'static> {
        Cookie::build(COOKIE, value)
            .http_only(true)
            .same_site(SameSite::Strict)
            .path("/")
            .secure(self.secure_cookies)
            .finish()
    }

    /// A cookie that clears the session cookie in the browser.
    pub fn removal_cookie(&self) -> Cookie<'static> {
        let mut c = self.cookie(String::new());
        c.make_removal();
        c
    }

    /// Who is asking: `Ok(None)` for no credentials at all. A bearer token
    /// wins over a cookie; a bad one is an error, never anonymous.
    pub async fn resolve(&self, req: &HttpRequest) -> Result<Option<Principal>, ApiError> {
        let ip = client_ip(req, self.trust_forwarded_for);
        if let Some(h) = req.headers().get(actix_web::http::header::AUTHORIZATION) {
            let token = h.to_str().ok().and_then(|v| v.strip_prefix("Bearer ")).map(str::trim);
            let Some(token) = token else {
                return Err(ApiError::new(ErrorCode::InvalidApiKey, "Authorization must be 'Bearer <API key>'"));
            };
            return self.bearer(token, ip).await.map(Some);
        }
        match req.cookie(COOKIE) {
            Some(c) => self.session(c.value(), ip).await.map(Some),
            None => Ok(None),
        }
    }

    async fn bearer(&self, token: &str, ip: String) -> Result<Principal, ApiError> {
        if let Some(t) = &self.metrics_token
            && same(token, t)
        {
            return Ok(Principal { actor: Actor::MetricsToken, role: None, session: None, ip });
        }
        let bad = || ApiError::new(ErrorCode::InvalidApiKey, "the bearer token is not a live API key");
        if !keys::looks_like_key(token) {
            return Err(bad());
        }
        let row = self.store.api_key_by_hash(&sha256_hex(token)).await?.ok_or_else(bad)?;
        if row.revoked_at.is_some() {
            return Err(bad());
        }
        let role = row.role;
        let now = self.clock.now_ms();
        if row.last_used_at.is_none_or(|t| now - t > TOUCH_EVERY_MS) {
            self.store.touch_api_key(row.id, now).await?;
        }
        Ok(Principal { actor: Actor::Key { id: row.id, name: row.name }, role: Some(role), session: None, ip })
    }

    async fn session(&self, id: &str, ip: String) -> Result<Principal, ApiError> {
        let expired = || ApiError::new(ErrorCode::SessionExpired, "the session has ended: log in again");
        if id.len() != 64 {
            return Err(expired());
        }
        let id_hash = sha256_hex(id);
        let row = self.store.session(&id_hash).await?.ok_or_else(expired)?;
        let now = self.clock.now_ms();
        if row.revoked_at.is_some() || now >= row.expires_at || now - row.last_seen_at >= self.idle_ms() {
            return Err(expired());
        }
        let user = self.store.operator(row.operator_id).await?.ok_or_else(expired)?;
        if user.disabled {
            return Err(expired());
        }
        if now - row.last_seen_at > TOUCH_EVERY_MS {
            self.store.touch_session(&id_hash, now).await?;
        }
        let role = user.role;
        let session = SessionRef {
            id_hash,
            csrf_token: row.csrf_token,
            created_at: row.created_at,
            expires_at: row.expires_at.min(now + self.idle_ms()),
        };
        Ok(Principal {
            actor: Actor::User { id: user.id, username: user.username },
            role: Some(role),
            session: Some(session),
            ip,
        })
    }

    /// Whether a session's state-changing request carries its CSRF token.
    pub fn csrf_ok(req: &HttpRequest, session: &SessionRef) -> bool {
        req.headers()
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|given| same(given, &session.csrf_token))
    }
}
