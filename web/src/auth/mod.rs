//! Operators: who is asking and what they may do.
//!
//! Every route has one [`Access`] in the route table (`routes::table`); the
//! guard (`guard`) resolves the caller into a [`Principal`] and enforces the
//! access before any handler runs. Handlers that need to know who called
//! (for the audit log) take the `Principal` as an extractor, which only the
//! guard can have put there.
//!
//! - `accounts`: creating accounts and the rules for usernames and passwords.
//! - `password`: argon2id hashing and verification.
//! - `totp`: RFC 6238 codes and recovery codes.
//! - `session`: console sessions (cookie, CSRF token, idle and absolute timeouts).
//! - `keys`: API keys.
//! - `guard`: the per-route middleware that enforces [`Access`].

pub mod accounts;
pub mod guard;
pub mod keys;
pub mod password;
pub mod session;
pub mod totp;

use crate::clock::Clock;
use crate::error::{ApiError, ErrorCode};
use crate::settings::AuthSettings;
use crate::throttle::Throttle;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use schema::Store;

use std::collections::HashMap;
use std::future::{Ready, ready};
use std::sync::Mutex;

pub use engine::role::Role;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone: the room page, its history, stream and posting, login, docs.
    Public,
    /// The metrics token, or any operator of at least viewer.
    Metrics,
    /// A session or an API key with at least this role.
    Role(Role),
    /// A console session (not an API key) of any role: one's own session,
    /// password and second factor.
    Session,
    /// A console page: a session (never an API key) with at least this role.
    /// Without a live session the browser is sent to the login page.
    Console(Role),
}

/// Who made the request.
#[derive(Debug, Clone, PartialEq)]
pub enum Actor {
    User {
        id: i64,
        username: String,
    },
    Key {
        id: i64,
        name: String,
    },
    /// The `metrics.token` bearer: may read `/metrics` and nothing else.
    MetricsToken,
}

/// A console session as seen by a request (the id itself never leaves `session`).
#[derive(Clone, PartialEq)]
pub struct SessionRef {
    pub id_hash: String,
    pub csrf_token: String,
    pub created_at: i64,
    pub expires_at: i64,
}

impl std::fmt::Debug for SessionRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionRef").field("expires_at", &self.expires_at).finish_non_exhaustive()
    }
}

/// An authenticated caller, put in the request by the guard.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    pub actor: Actor,
    /// `None` for the metrics token.
    pub role: Option<Role>,
    pub session: Option<SessionRef>,
    /// The client's address, for the audit log.
    pub ip: String,
}

impl Principal {
    /// The name the audit log shows.
    pub fn name(&self) -> String {
        match &self.actor {
            Actor::User { username, .. } => username.clone(),
            Actor::Key { name, id } => format!("key:{id}:{name}"),
            Actor::MetricsToken => "metrics-token".into(),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self.actor {
            Actor::User { .. } => "user",
            Actor::Key { .. } => "key",
            Actor::MetricsToken => "metrics",
        }
    }

    pub fn user_id(&self) -> Option<i64> {
        match self.actor {
            Actor::User { id, .. } => Some(id),
            _ => None,
        }
    }
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = Ready<Result<Principal, ApiError>>;

    /// Only the guard puts a principal in a request; a handler that asks for
    /// one on a route the guard let through anonymously gets a 401 (fail closed).
    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let p = req.extensions().get::<Principal>().cloned();
        ready(p.ok_or_else(|| ApiError::new(ErrorCode::Unauthenticated, "this route needs credentials")))
    }
}

/// The operators' side of the server state.
pub struct Auth {
    pub store: Store,
    pub clock: Clock,
    pub settings: AuthSettings,
    pub secure_cookies: bool,
    pub trust_forwarded_for: bool,
    /// Login attempts per client address.
    pub login_throttle: Throttle,
    /// The metrics bearer token, if configured.
    pub metrics_token: Option<String>,
    /// A hash to verify against when the username is unknown, so that an
    /// unknown user takes as long as a wrong password.
    pub dummy_hash: String,
    /// The last TOTP time step each account used (a code works once).
    pub totp_steps: Mutex<HashMap<i64, i64>>,
}

/// The client's address: the peer, or the first `X-Forwarded-For` hop when
/// `server.trust_forwarded_for` (behind a proxy that sets it), or the
/// address another worker vouched for when it forwarded the request.
pub fn client_ip(req: &HttpRequest, trust_forwarded_for: bool) -> String {
    if let Some(ip) = crate::forward::vouched_client(req) {
        return ip;
    }
    let info = req.connection_info();
    let raw = if trust_forwarded_for { info.realip_remote_addr() } else { info.peer_addr() };
    let raw = raw.unwrap_or("unknown");
    // Strip a port: "1.2.3.4:5678" and "[::1]:5678".
    match raw.parse::<std::net::SocketAddr>() {
        Ok(a) => a.ip().to_string(),
        Err(_) => raw.chars().take(64).collect(),
    }
}
