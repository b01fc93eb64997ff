//! `/api/rooms`: the rooms, their history, people's messages, members and
//! the live event stream (SSE).

mod messages;
mod stream;

use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use actors::RoomHandle;
use serde_json::json;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/rooms", web::get().to(list))
        .route("/api/rooms/{room}/messages", web::get().to(messages::history))
        .route("/api/rooms/{room}/messages", web::post().to(messages::post))
        .route("/api/rooms/{room}/members", web::get().to(members))
        .route("/api/rooms/{room}/stream", web::get().to(stream::stream));
}

/// The room named in the path, or a 404.
fn room<'a>(state: &'a AppState, id: &str) -> Result<&'a RoomHandle, ApiError> {
    state.community.room(id).ok_or_else(|| ApiError::not_found("room_not_found", format!("no room '{id}'")))
}

async fn list(state: web::Data<AppState>) -> HttpResponse {
    let rooms: Vec<_> =
        state.community.rooms.iter().map(|r| json!({"slug": r.id, "name": r.name, "topic": r.topic})).collect();
    HttpResponse::Ok().json(rooms)
}

async fn members(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let members = room(&state, &path)?.members().await?;
    Ok(HttpResponse::Ok().json(members))
}
