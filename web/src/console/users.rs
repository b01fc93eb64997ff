//! `/console/users` (admin): operator accounts (`GET /api/users`) with
//! their role, state and second factor, and API keys (`GET /api/keys`).
//! Creating, changing, disabling and deleting accounts and creating and
//! revoking keys are the API's `POST/PATCH/DELETE /api/users…` and
//! `POST/DELETE /api/keys…`, called by the page's script.

use super::{Frame, render};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct User {
    id: i64,
    username: String,
    role: String,
    disabled: bool,
    totp_enabled: bool,
    locked: bool,
}

#[derive(Deserialize)]
struct Key {
    id: i64,
    name: String,
    prefix: String,
    role: String,
    created_by: String,
    last_used_at_ms: Option<i64>,
    revoked: bool,
}

#[derive(Template)]
#[template(path = "console/users.html")]
struct Page {
    f: Frame,
    users: Vec<User>,
    keys: Vec<Key>,
}

pub async fn page(req: HttpRequest, state: web::Data<AppState>, p: Principal) -> Result<HttpResponse, ApiError> {
    let users = crate::routes::users::read(&state).await?;
    let users: Vec<User> = serde_json::from_value(Value::Array(users)).map_err(ApiError::internal)?;
    let keys = crate::routes::keys::read(&state).await?;
    let keys: Vec<Key> = serde_json::from_value(Value::Array(keys)).map_err(ApiError::internal)?;
    render(&Page { f: Frame::new(&req, &p, "users")?, users, keys })
}

impl Page {
    fn when(&self, ms: &Option<i64>) -> String {
        ms.map(actors::events::rfc3339).unwrap_or_else(|| "—".to_owned())
    }

    fn roles(&self) -> [&'static str; 3] {
        ["viewer", "operator", "admin"]
    }
}
