//! One's own session: what it is, ending it (or all of them), and changing
//! one's password.

use super::me;
use crate::audit::{self, Entry};
use crate::auth::{Principal, accounts, password};
use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

/// The current session (this is where a console page gets its CSRF token).
pub async fn session(state: web::Data<AppState>, p: Principal) -> Result<HttpResponse, ApiError> {
    let user = me(&state, &p).await?;
    let s = p.session.as_ref().ok_or_else(|| ApiError::internal_msg("no session"))?;
    Ok(HttpResponse::Ok().json(json!({
        "username": user.username,
        "role": p.role,
        "csrf_token": s.csrf_token,
        "created_at_ms": s.created_at,
        "expires_at_ms": s.expires_at,
        "totp_enabled": user.totp_enabled,
    })))
}

pub async fn logout(state: web::Data<AppState>, p: Principal) -> Result<HttpResponse, ApiError> {
    let s = p.session.as_ref().ok_or_else(|| ApiError::internal_msg("no session"))?;
    state.auth.store.revoke_session(&s.id_hash, state.clock.now_ms()).await?;
    audit::record(&state.auth.store, &state.clock, &p, Entry::new("session.logout", Some(p.name()))).await?;
    Ok(HttpResponse::NoContent().cookie(state.auth.removal_cookie()).finish())
}

/// Ends every session of the account, this one included.
pub async fn logout_all(state: web::Data<AppState>, p: Principal) -> Result<HttpResponse, ApiError> {
    let user = me(&state, &p).await?;
    let n = state.auth.store.revoke_sessions_of(user.id, state.clock.now_ms()).await?;
    let e = Entry::new("session.logout_all", Some(p.name())).after(json!({"sessions_ended": n}));
    audit::record(&state.auth.store, &state.clock, &p, e).await?;
    Ok(HttpResponse::Ok().cookie(state.auth.removal_cookie()).json(json!({"sessions_ended": n})))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordBody {
    current_password: String,
    /// 12 to 256 characters.
    new_password: String,
}

/// A new password; every session of the account ends but a new one starts
/// for this client (its cookie and CSRF token are in the answer).
pub async fn change_password(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<PasswordBody>,
) -> Result<HttpResponse, ApiError> {
    let user = me(&state, &p).await?;
    accounts::check_password("new_password", &body.new_password)?;
    if body.current_password.len() > 1024
        || !password::verify_blocking(body.current_password.clone(), user.password_hash.clone()).await
    {
        return Err(ApiError {
            field: Some("current_password".into()),
            ..ApiError::new(ErrorCode::InvalidCredentials, "current_password: wrong password")
        });
    }
    let auth = &state.auth;
    let hash =
        password::hash_blocking(body.new_password.clone(), auth.settings.clone()).await.map_err(ApiError::internal)?;
    let now = state.clock.now_ms();
    auth.store.set_password_hash(user.id, &hash, now).await?;
    let ended = auth.store.revoke_sessions_of(user.id, now).await?;
    let (cookie, session) = auth.start_session(user.id, &p.ip).await?;
    let e = Entry::new("user.password_change", Some(user.username.clone()))
        .after(json!({"password": "changed", "sessions_ended": ended}));
    audit::record(&auth.store, &state.clock, &p, e).await?;
    Ok(HttpResponse::Ok().cookie(cookie).json(json!({"csrf_token": session.csrf_token, "sessions_ended": ended})))
}
