//! `POST /api/auth/login`: username and password (and a TOTP or recovery
//! code when the account has a second factor) start a session.
//!
//! Throttled per client address (`auth.login_attempts_per_minute`); after
//! `auth.max_failed_logins` wrong passwords or codes in a row the account
//! is locked for `auth.lockout_minutes` (429 `account_locked`). An unknown
//! username costs the same argon2 work as a wrong password and gets the same
//! answer. Every attempt is in the audit log (never the password).

use crate::audit::{self, Entry, Who};
use crate::auth::{client_ip, password, totp};
use crate::crypto::sha256_hex;
use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use schema::OperatorRow;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    username: String,
    password: String,
    /// The authenticator's 6 digits, when the account has TOTP.
    #[serde(default)]
    totp_code: Option<String>,
    /// A one-time recovery code instead of `totp_code`.
    #[serde(default)]
    recovery_code: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<LoginBody>,
) -> Result<HttpResponse, ApiError> {
    let auth = &state.auth;
    let ip = client_ip(&req, auth.trust_forwarded_for);
    if body.username.len() > 64 {
        return Err(ApiError::field("username", "at most 64 characters"));
    }
    if body.password.len() > 1024 {
        return Err(ApiError::field("password", "at most 1024 bytes"));
    }
    let now = auth.clock.now_ms();
    auth.login_throttle.take(&ip, now).map_err(|s| {
        ApiError::new(ErrorCode::TooManyRequests, "too many login attempts from this address").retry_after(s)
    })?;
    let user = auth.store.operator_by_username(&body.username).await?;
    let Some(user) = user.filter(|u| !u.disabled) else {
        password::verify_blocking(body.password.clone(), auth.dummy_hash.clone()).await;
        audit::record(&auth.store, &auth.clock, Who::anonymous(ip), Entry::new("session.login_failed", None)).await?;
        return Err(bad_credentials());
    };
    if let Some(until) = user.locked_until.filter(|&t| t > now) {
        return Err(locked(until - now));
    }
    if !password::verify_blocking(body.password.clone(), user.password_hash.clone()).await {
        return Err(failed(&state, &user, ip, bad_credentials()).await);
    }
    if user.totp_enabled {
        second_factor(&state, &user, &body, ip.clone()).await?;
    }
    if user.failed_logins > 0 || user.locked_until.is_some() {
        auth.store.set_login_failures(user.id, 0, None).await?;
    }
    let (cookie, session) = auth.start_session(user.id, &ip).await?;
    let who = Who { actor: user.username.clone(), kind: "user", ip: Some(ip) };
    audit::record(&auth.store, &auth.clock, who, Entry::new("session.login", Some(user.username.clone()))).await?;
    let role = user.role;
    Ok(HttpResponse::Ok().cookie(cookie).json(json!({
        "username": user.username,
        "role": role,
        "csrf_token": session.csrf_token,
        "expires_at_ms": session.expires_at,
        "idle_timeout_secs": u64::from(auth.settings.session_idle_minutes) * 60,
    })))
}

/// Checks the TOTP or recovery code of an account that has TOTP on.
async fn second_factor(state: &AppState, user: &OperatorRow, body: &LoginBody, ip: String) -> Result<(), ApiError> {
    let auth = &state.auth;
    let now = auth.clock.now_ms();
    if let Some(code) = &body.recovery_code {
        let hash = sha256_hex(&totp::normalize_recovery_code(code));
        if auth.store.use_recovery_code(user.id, &hash, now).await? {
            let who = Who { actor: user.username.clone(), kind: "user", ip: Some(ip) };
            audit::record(
                &auth.store,
                &auth.clock,
                who,
                Entry::new("totp.recovery_code_used", Some(user.username.clone())),
            )
            .await?;
            return Ok(());
        }
        return Err(
            failed(state, user, ip, ApiError::new(ErrorCode::InvalidTotp, "recovery_code: not a live code")).await
        );
    }
    let Some(code) = &body.totp_code else {
        return Err(ApiError::new(ErrorCode::TotpRequired, "this account has TOTP: send totp_code or recovery_code"));
    };
    let secret = user.totp_secret.as_deref().and_then(crate::crypto::unhex).unwrap_or_default();
    let step = totp::matching_step(&secret, code, now.div_euclid(1000));
    let fresh = step.is_some_and(|s| {
        let mut used = auth.totp_steps.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let last = used.get(&user.id).copied().unwrap_or(i64::MIN);
        if s > last {
            used.insert(user.id, s);
        }
        s > last
    });
    if fresh {
        Ok(())
    } else {
        let e = ApiError {
            field: Some("totp_code".into()),
            ..ApiError::new(ErrorCode::InvalidTotp, "totp_code: wrong or already used")
        };
        Err(failed(state, user, ip, e).await)
    }
}

/// Counts a failure against the account (locking it at the limit) and audits it.
async fn failed(state: &AppState, user: &OperatorRow, ip: String, err: ApiError) -> ApiError {
    let auth = &state.auth;
    let failures = user.failed_logins + 1;
    let locks = failures >= auth.settings.max_failed_logins as i32;
    let until = locks.then(|| auth.clock.now_ms() + i64::from(auth.settings.lockout_minutes) * 60_000);
    let (action, stored) = if locks { ("session.locked", 0) } else { ("session.login_failed", failures) };
    let writes = async {
        auth.store.set_login_failures(user.id, stored, until).await?;
        let e = Entry::new(action, Some(user.username.clone())).after(json!({"failed_logins": failures}));
        audit::record(&auth.store, &auth.clock, Who::anonymous(ip), e).await
    };
    match writes.await {
        Ok(()) => err,
        Err(e) => e,
    }
}

fn bad_credentials() -> ApiError {
    ApiError::new(ErrorCode::InvalidCredentials, "wrong username or password")
}

fn locked(ms_left: i64) -> ApiError {
    ApiError::new(ErrorCode::AccountLocked, "too many failed logins: the account is locked for a while")
        .retry_after((ms_left as u64).div_ceil(1000))
}
