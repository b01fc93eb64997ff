//! A second factor for one's own account: set up (a secret to scan),
//! enable (prove it with a code; recovery codes are shown once), disable
//! (needs the password).

use super::me;
use crate::audit::{self, Entry};
use crate::auth::{Principal, password, totp};
use crate::crypto::{hex, sha256_hex, unhex};
use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

pub async fn totp_setup(state: web::Data<AppState>, p: Principal) -> Result<HttpResponse, ApiError> {
    let user = me(&state, &p).await?;
    if user.totp_enabled {
        return Err(ApiError::new(ErrorCode::TotpAlreadyEnabled, "TOTP is on: disable it first to start over"));
    }
    let secret = totp::new_secret();
    state.auth.store.set_totp(user.id, Some(&hex(&secret)), false, state.clock.now_ms()).await?;
    audit::record(&state.auth.store, &state.clock, &p, Entry::new("totp.setup", Some(user.username.clone()))).await?;
    Ok(HttpResponse::Ok().json(json!({
        "secret": crate::crypto::base32(&secret),
        "otpauth_uri": totp::otpauth_uri(&secret, &user.username),
    })))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpCodeBody {
    /// The authenticator's current 6 digits.
    code: String,
}

pub async fn totp_enable(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<TotpCodeBody>,
) -> Result<HttpResponse, ApiError> {
    let user = me(&state, &p).await?;
    if user.totp_enabled {
        return Err(ApiError::new(ErrorCode::TotpAlreadyEnabled, "TOTP is already on"));
    }
    let Some(secret) = user.totp_secret.as_deref().and_then(unhex) else {
        return Err(ApiError::new(ErrorCode::TotpNotSetUp, "call POST /api/auth/totp/setup first"));
    };
    let now = state.clock.now_ms();
    if totp::matching_step(&secret, &body.code, now.div_euclid(1000)).is_none() {
        return Err(ApiError {
            field: Some("code".into()),
            ..ApiError::new(ErrorCode::InvalidTotp, "code: not the current code")
        });
    }
    let codes: Vec<String> = (0..totp::RECOVERY_CODES).map(|_| totp::new_recovery_code()).collect();
    let hashes: Vec<String> = codes.iter().map(|c| sha256_hex(&totp::normalize_recovery_code(c))).collect();
    state.auth.store.replace_recovery_codes(user.id, &hashes).await?;
    state.auth.store.set_totp(user.id, user.totp_secret.as_deref(), true, now).await?;
    let e = Entry::new("totp.enable", Some(user.username.clone()))
        .before(json!({"totp": false}))
        .after(json!({"totp": true}));
    audit::record(&state.auth.store, &state.clock, &p, e).await?;
    Ok(HttpResponse::Ok().json(json!({"recovery_codes": codes})))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TotpDisableBody {
    password: String,
}

pub async fn totp_disable(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<TotpDisableBody>,
) -> Result<HttpResponse, ApiError> {
    let user = me(&state, &p).await?;
    if body.password.len() > 1024 || !password::verify_blocking(body.password.clone(), user.password_hash.clone()).await
    {
        return Err(ApiError {
            field: Some("password".into()),
            ..ApiError::new(ErrorCode::InvalidCredentials, "password: wrong password")
        });
    }
    state.auth.store.set_totp(user.id, None, false, state.clock.now_ms()).await?;
    state.auth.store.delete_recovery_codes(user.id).await?;
    let e = Entry::new("totp.disable", Some(user.username.clone()))
        .before(json!({"totp": user.totp_enabled}))
        .after(json!({"totp": false}));
    audit::record(&state.auth.store, &state.clock, &p, e).await?;
    Ok(HttpResponse::NoContent().finish())
}
