//! `/api/keys` (admin): API keys for automation. A key is shown once, in the
//! answer that creates it; lists show its prefix, never the key.

use crate::audit::{self, Entry};
use crate::auth::{Principal, accounts, keys};
use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use schema::{ApiKeyRow, NewApiKey};
use serde::Deserialize;
use serde_json::{Value, json};

fn view(k: &ApiKeyRow) -> Value {
    json!({
        "id": k.id,
        "name": k.name,
        "prefix": k.prefix,
        "role": k.role,
        "created_by": k.created_by,
        "created_at_ms": k.created_at,
        "last_used_at_ms": k.last_used_at,
        "revoked": k.revoked_at.is_some(),
    })
}

pub async fn list(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(read(&state).await?))
}

/// Every key, as `GET /api/keys` answers (the console renders the same).
pub(crate) async fn read(state: &AppState) -> Result<Vec<Value>, ApiError> {
    Ok(state.auth.store.api_keys().await?.iter().map(view).collect())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    /// What the key is for (1 to 64 printable characters).
    name: String,
    /// viewer, operator or admin.
    role: String,
}

pub async fn create(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<CreateBody>,
) -> Result<HttpResponse, ApiError> {
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return Err(ApiError::field("name", "must be 1 to 64 printable characters"));
    }
    let role = accounts::parse_role("role", &body.role)?;
    let (key, prefix, hash) = keys::new_key();
    let creator = p.name();
    let new = NewApiKey {
        name,
        prefix: &prefix,
        key_hash: &hash,
        role,
        created_by: &creator,
        created_at: state.clock.now_ms(),
    };
    let row = state.auth.store.insert_api_key(&new).await?;
    let e = Entry::new("key.create", Some(format!("{}:{}", row.id, row.name)))
        .after(json!({"name": row.name, "role": row.role, "prefix": row.prefix}));
    audit::record(&state.auth.store, &state.clock, &p, e).await?;
    let mut out = view(&row);
    out["key"] = json!(key);
    Ok(HttpResponse::Created().json(out))
}

pub async fn revoke(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: i64 = path.parse().map_err(|_| ApiError::new(ErrorCode::InvalidPath, "id: must be a number"))?;
    let row = state
        .auth
        .store
        .api_key(id)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::KeyNotFound, format!("no key {id}")))?;
    if state.auth.store.revoke_api_key(id, state.clock.now_ms()).await? == 0 {
        return Err(ApiError::new(ErrorCode::KeyNotFound, format!("key {id} is already revoked")));
    }
    let e = Entry::new("key.revoke", Some(format!("{}:{}", row.id, row.name)))
        .before(json!({"revoked": false}))
        .after(json!({"revoked": true}));
    audit::record(&state.auth.store, &state.clock, &p, e).await?;
    Ok(HttpResponse::NoContent().finish())
}
