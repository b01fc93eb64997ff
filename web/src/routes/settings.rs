//! `/api/settings`: the settings that change at run time (`room.pacing.*`,
//! `room.floor.*`, `compliance.*`, `llm.budget.*`, `privacy.retention_days`).
//! An admin's value is stored and in effect at once, in every room, and
//! after restarts, until it is reset; the audit row keeps the value before
//! and after.

use crate::audit::{self, Entry};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use actors::control::LiveSettingsView;
use serde::Deserialize;
use serde_json::Value;

/// `GET /api/settings`: in effect, from the file, and the stored overrides.
pub async fn get(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(state.community.live_settings())
}

/// The value of `key` (a leaf or a section) in effect, for the audit log.
fn value_of(view: &LiveSettingsView, key: &str) -> Value {
    let mut v = serde_json::to_value(&view.current).unwrap_or(Value::Null);
    for part in key.split('.') {
        v = v.get(part).cloned().unwrap_or(Value::Null);
    }
    v
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingBody {
    /// A number, boolean or string for a key; an object of its keys for a section (`llm.budget`).
    #[schema(value_type = Object)]
    value: Value,
}

async fn record(
    state: &AppState,
    p: &Principal,
    action: &'static str,
    key: &str,
    before: &LiveSettingsView,
    after: &LiveSettingsView,
) -> Result<(), ApiError> {
    let e = Entry::new(action, Some(key.to_string())).before(value_of(before, key)).after(value_of(after, key));
    audit::record(&state.auth.store, &state.clock, p, e).await
}

/// `PUT /api/settings/{key}`: an operator's value, stored and in effect from the next tick.
pub async fn put(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
    body: web::Json<SettingBody>,
) -> Result<HttpResponse, ApiError> {
    let before = state.community.live_settings();
    let after = state.community.set_setting(&path, &body.value).await?;
    record(&state, &p, "setting.set", &path, &before, &after).await?;
    Ok(HttpResponse::Ok().json(after))
}

/// `DELETE /api/settings/{key}`: the file's (or environment's) value applies again.
pub async fn reset(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let before = state.community.live_settings();
    let after = state.community.reset_setting(&path).await?;
    record(&state, &p, "setting.reset", &path, &before, &after).await?;
    Ok(HttpResponse::Ok().json(after))
}
