//! `/api/users` (admin): operator accounts. No change may leave the server
//! without an admin who can log in (409 `last_admin`). Disabling an
//! account, changing its role or resetting its password ends its sessions.

use crate::audit::{self, Entry};
use crate::auth::{Principal, accounts, password};
use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use engine::role::Role;
use schema::OperatorRow;
use serde::Deserialize;
use serde_json::{Value, json};

/// An account as the API shows it (never its hash or TOTP secret).
fn view(u: &OperatorRow, now_ms: i64) -> Value {
    json!({
        "id": u.id,
        "username": u.username,
        "role": u.role,
        "disabled": u.disabled,
        "totp_enabled": u.totp_enabled,
        "locked": u.locked_until.is_some_and(|t| t > now_ms),
        "created_at_ms": u.created_at,
        "updated_at_ms": u.updated_at,
    })
}

/// What the audit log keeps of an account.
fn summary(u: &OperatorRow) -> Value {
    json!({"username": u.username, "role": u.role, "disabled": u.disabled})
}

fn user_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse().map_err(|_| ApiError::new(ErrorCode::InvalidPath, "id: must be a number"))
}

async fn find(state: &AppState, raw: &str) -> Result<OperatorRow, ApiError> {
    let id = user_id(raw)?;
    state.auth.store.operator(id).await?.ok_or_else(|| ApiError::new(ErrorCode::UserNotFound, format!("no user {id}")))
}

pub async fn list(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(read(&state).await?))
}

/// Every account, as `GET /api/users` answers (the console renders the same).
pub(crate) async fn read(state: &AppState) -> Result<Vec<Value>, ApiError> {
    let now = state.clock.now_ms();
    Ok(state.auth.store.operators().await?.iter().map(|u| view(u, now)).collect())
}

pub async fn get(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let u = find(&state, &path).await?;
    Ok(HttpResponse::Ok().json(view(&u, state.clock.now_ms())))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    /// 3 to 32 of a-z, 0-9, '.', '_', '-'.
    username: String,
    /// 12 to 256 characters.
    password: String,
    /// viewer, operator or admin.
    role: String,
}

pub async fn create(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<CreateBody>,
) -> Result<HttpResponse, ApiError> {
    let role = accounts::parse_role("role", &body.role)?;
    let now = state.clock.now_ms();
    let u =
        accounts::create(&state.auth.store, &state.auth.settings, &body.username, &body.password, role, now).await?;
    audit::record(
        &state.auth.store,
        &state.clock,
        &p,
        Entry::new("user.create", Some(u.username.clone())).after(summary(&u)),
    )
    .await?;
    Ok(HttpResponse::Created().json(view(&u, now)))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateBody {
    /// viewer, operator or admin.
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    disabled: Option<bool>,
    /// A new password (12 to 256 characters); clears a lockout.
    #[serde(default)]
    password: Option<String>,
    /// Clears a lockout after failed logins.
    #[serde(default)]
    unlock: Option<bool>,
}

pub async fn update(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
    body: web::Json<UpdateBody>,
) -> Result<HttpResponse, ApiError> {
    let role = body.role.as_deref().map(|r| accounts::parse_role("role", r)).transpose()?;
    if let Some(pw) = &body.password {
        accounts::check_password("password", pw)?;
    }
    if role.is_none() && body.disabled.is_none() && body.password.is_none() && body.unlock != Some(true) {
        return Err(ApiError::field("role", "nothing to change: give role, disabled, password or unlock"));
    }
    let before = find(&state, &path).await?;
    let new_role = role.unwrap_or(before.role);
    let disabled = body.disabled.unwrap_or(before.disabled);
    let was_admin = before.role == Role::Admin && !before.disabled;
    if was_admin && (new_role != Role::Admin || disabled) && state.auth.store.active_admins().await? <= 1 {
        return Err(ApiError::new(
            ErrorCode::LastAdmin,
            "this is the last admin who can log in: make another admin first",
        ));
    }
    let store = &state.auth.store;
    let now = state.clock.now_ms();
    store.update_operator(before.id, new_role, disabled, now).await?;
    if let Some(pw) = &body.password {
        let hash =
            password::hash_blocking(pw.clone(), state.auth.settings.clone()).await.map_err(ApiError::internal)?;
        store.set_password_hash(before.id, &hash, now).await?;
    } else if body.unlock == Some(true) {
        store.set_login_failures(before.id, 0, None).await?;
    }
    let ends = new_role != before.role || disabled || body.password.is_some();
    let ended = if ends { store.revoke_sessions_of(before.id, now).await? } else { 0 };
    let after = find(&state, &path).await?;
    let mut after_summary = summary(&after);
    if body.password.is_some() {
        after_summary["password"] = json!("reset");
    }
    if body.unlock == Some(true) {
        after_summary["unlocked"] = json!(true);
    }
    after_summary["sessions_ended"] = json!(ended);
    let e = Entry::new("user.update", Some(after.username.clone())).before(summary(&before)).after(after_summary);
    audit::record(store, &state.clock, &p, e).await?;
    Ok(HttpResponse::Ok().json(view(&after, now)))
}

pub async fn delete(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let u = find(&state, &path).await?;
    if u.role == Role::Admin && !u.disabled && state.auth.store.active_admins().await? <= 1 {
        return Err(ApiError::new(
            ErrorCode::LastAdmin,
            "this is the last admin who can log in: make another admin first",
        ));
    }
    state.auth.store.delete_operator(u.id).await?;
    audit::record(
        &state.auth.store,
        &state.clock,
        &p,
        Entry::new("user.delete", Some(u.username.clone())).before(summary(&u)),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
