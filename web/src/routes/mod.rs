//! HTTP routes: one table ([`table`]) says every route's method, path, who
//! may call it and what it is; [`configure`] registers exactly that table,
//! the guard enforces its access, and the OpenAPI document is built from it.
//! One folder or file per resource:
//!
//! - `assets`: the live room page, the API docs page and their CSS/JS.
//! - `health`: `/livez`, `/readyz`, `/health`.
//! - `dashboard`: the dashboard's read model (`/api/dashboard`).
//! - `rooms`: rooms, their messages, joining, members, persona export and
//!   live stream; operators' changes to rooms (`rooms::manage`).
//! - `market`: the current quotes, the market's status, operators' headlines, shocks and scenarios.
//! - `bots`: the bots with their role and mood, and each bot's books.
//! - `personas`: personas (create, replace, edit, silence) and importing a persona file.
//! - `settings`: the settings that change at run time.
//! - `providers`: the LLM provider chain, swapped live.
//! - `telegram`: Telegram accounts and chats (admin).
//! - `llm`: what the LLM costs: `/api/llm` (console JSON).
//! - `metrics`: `/metrics` (OpenMetrics text, for Prometheus).
//! - `guard`: the guard's block counts.
//! - `privacy`: forgetting a person.
//! - `auth`: login, logout, one's own session, password and second factor.
//! - `users`: operator accounts (admin).
//! - `keys`: API keys (admin).
//! - `audit`: the audit log (admin).
//! - `docs`: the OpenAPI document.

mod assets;
pub(crate) mod audit;
mod auth;
pub(crate) mod bots;
mod dashboard;
pub mod docs;
pub(crate) mod guard;
pub(crate) mod health;
pub(crate) mod keys;
pub mod llm;
mod market;
pub mod metrics;
mod personas;
mod privacy;
mod providers;
pub(crate) mod rooms;
mod settings;
mod table;
mod telegram;
pub(crate) mod users;

pub(crate) use dashboard::read as dashboard_read;
pub use dashboard::{Dashboard, LlmBoard, RoomBoard};

pub use table::{RouteDef, table};

use crate::auth::guard::{AccessMap, check};
use crate::error::{self, ApiError, ErrorCode};
use actix_web::http::Method;
use actix_web::middleware::from_fn;
use actix_web::{HttpResponse, web};
use std::collections::HashMap;
use std::rc::Rc;

/// Registers every route of the table: one resource per path, its methods,
/// HEAD wherever GET is, a JSON 405 with `Allow` for the other methods, and
/// the access guard.
pub fn configure(cfg: &mut web::ServiceConfig, max_body: usize) {
    cfg.app_data(web::JsonConfig::default().limit(max_body).error_handler(error::json_error))
        .app_data(web::PayloadConfig::default().limit(max_body))
        .app_data(web::QueryConfig::default().error_handler(error::query_error))
        .app_data(web::PathConfig::default().error_handler(error::path_error));
    let routes = table();
    let mut paths: Vec<&'static str> = Vec::new();
    for r in &routes {
        if !paths.contains(&r.path) {
            paths.push(r.path);
        }
    }
    for path in paths {
        let mine: Vec<&RouteDef> = routes.iter().filter(|r| r.path == path).collect();
        let access: AccessMap = Rc::new(mine.iter().map(|r| (r.method.clone(), r.access)).collect::<HashMap<_, _>>());
        let mut allow: Vec<String> = mine.iter().map(|r| r.method.to_string()).collect();
        if mine.iter().any(|r| r.method == Method::GET) {
            allow.push("HEAD".into());
        }
        let allow = allow.join(", ");
        let mut resource = web::resource(path);
        for r in &mine {
            resource = resource.route(r.route().method(r.method.clone()));
            if r.method == Method::GET {
                resource = resource.route(r.route().method(Method::HEAD));
            }
        }
        let resource = resource
            .default_service(web::to(move || method_not_allowed(allow.clone())))
            .wrap(from_fn(move |req, next| check(access.clone(), req, next)));
        cfg.service(resource);
    }
    cfg.default_service(web::to(not_found));
}

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::new(ErrorCode::NotFound, "no such route"))
}

async fn method_not_allowed(allow: String) -> HttpResponse {
    let body =
        serde_json::json!({"code": ErrorCode::MethodNotAllowed, "message": format!("this route answers {allow}")});
    HttpResponse::MethodNotAllowed().insert_header(("Allow", allow)).json(body)
}
