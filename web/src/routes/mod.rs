//! HTTP routes. One folder or file per resource.
//!
//! - `assets`: the live room page and its CSS/JS, embedded in the binary.
//! - `health`: `/health`.
//! - `rooms`: rooms, their messages, members and live stream.
//! - `market`: the current quotes.
//! - `bots`: the bots and their personas.
//! - `llm`: what the LLM costs: `/api/llm` (console JSON) and `/metrics` (Prometheus).
//! - `guard`: the guard's block counts.
//! - `privacy`: forgetting a person.

mod assets;
mod bots;
mod guard;
mod health;
mod llm;
mod market;
mod privacy;
mod rooms;

use crate::error;
use actix_web::web;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::JsonConfig::default().limit(16 * 1024).error_handler(error::json_error))
        .app_data(web::QueryConfig::default().error_handler(error::query_error))
        .app_data(web::PathConfig::default().error_handler(error::path_error))
        .route("/", web::get().to(assets::room_page))
        .route("/assets/{file}", web::get().to(assets::asset))
        .route("/favicon.ico", web::get().to(|| async { actix_web::HttpResponse::NoContent().finish() }))
        .route("/health", web::get().to(health::health))
        .route("/api/market", web::get().to(market::quotes))
        .route("/api/bots", web::get().to(bots::list))
        .route("/api/llm", web::get().to(llm::summary))
        .route("/metrics", web::get().to(llm::metrics))
        .route("/api/guard/stats", web::get().to(guard::stats))
        .route("/api/privacy/users/{id}", web::delete().to(privacy::forget))
        .configure(rooms::configure)
        .default_service(web::to(not_found));
}

async fn not_found() -> Result<actix_web::HttpResponse, error::ApiError> {
    Err(error::ApiError::new(error::ErrorCode::NotFound, "no such route"))
}
