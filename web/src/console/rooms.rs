//! `/console/rooms` (viewer): every room with its bots (`GET /api/rooms`,
//! `GET /api/rooms/{room}/members`); `/console/rooms/{room}`: one room live
//! (its history and `GET /api/rooms/{room}/stream`, read by the script),
//! its members, and for an operator posting as a person
//! (`POST /api/rooms/{room}/messages`) and the persona export.

use super::{Frame, render};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Room {
    slug: String,
    name: String,
    topic: String,
}

#[derive(Deserialize)]
struct Member {
    id: String,
    display_name: String,
    alive: bool,
    restarts: u32,
    active: bool,
    #[serde(default)]
    reason: Option<String>,
}

struct Listed {
    room: Room,
    alive: usize,
    all: usize,
}

#[derive(Template)]
#[template(path = "console/rooms.html")]
struct List {
    f: Frame,
    rooms: Vec<Listed>,
}

#[derive(Template)]
#[template(path = "console/room.html")]
struct One {
    f: Frame,
    room: Room,
    members: Vec<Member>,
}

fn rooms(state: &AppState) -> Result<Vec<Room>, ApiError> {
    serde_json::from_value(Value::Array(crate::routes::rooms::read(state))).map_err(ApiError::internal)
}

async fn members(state: &AppState, slug: &str) -> Result<Vec<Member>, ApiError> {
    let m = crate::routes::rooms::read_members(state, slug).await?;
    serde_json::from_value(Value::Array(m)).map_err(ApiError::internal)
}

pub async fn list(req: HttpRequest, state: web::Data<AppState>, p: Principal) -> Result<HttpResponse, ApiError> {
    let mut out = Vec::new();
    for room in rooms(&state)? {
        let m = members(&state, &room.slug).await?;
        out.push(Listed { alive: m.iter().filter(|m| m.alive).count(), all: m.len(), room });
    }
    render(&List { f: Frame::new(&req, &p, "rooms")?, rooms: out })
}

pub async fn one(
    req: HttpRequest,
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let members = members(&state, &path).await?;
    let room = rooms(&state)?
        .into_iter()
        .find(|r| r.slug == *path)
        .ok_or_else(|| ApiError::internal_msg("a room with members is not in the list"))?;
    render(&One { f: Frame::new(&req, &p, "rooms")?, room, members })
}
