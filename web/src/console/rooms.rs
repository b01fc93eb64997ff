//! `/console/rooms` (viewer): every room, running or archived, paused or
//! not, with its bots; for an operator a form to create one and the kill
//! switch on each row. `/console/rooms/{room}`: one room live (its history
//! and `GET /api/rooms/{room}/stream`, read by the script) and its members;
//! for an operator: pause/resume, rename, the room's own pacing and floor
//! settings, members in and out, a headline, posting as a person, the
//! persona export, archive and restore. Every change is an API call.

use super::settings_rows::{Row, rows};
use super::{Frame, render};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use actors::control::RoomStatus;
use askama::Template;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Member {
    id: String,
    display_name: String,
    alive: bool,
    restarts: u32,
    active: bool,
    #[serde(default)]
    reason: Option<String>,
    /// Why a live member cannot speak now (`asleep`, `hourly_limit`, …).
    #[serde(default)]
    quiet_because: Option<String>,
    #[serde(default)]
    sent_last_hour: u32,
    #[serde(default)]
    per_hour: u32,
}

struct Listed {
    room: RoomStatus,
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
    room: RoomStatus,
    members: Vec<Member>,
    settings: Vec<Row>,
    /// Bots that are not active members: (id, display name).
    others: Vec<(String, String)>,
}

async fn members(state: &AppState, slug: &str) -> Result<Vec<Member>, ApiError> {
    let m = crate::routes::rooms::read_members(state, slug).await?;
    serde_json::from_value(Value::Array(m)).map_err(ApiError::internal)
}

pub async fn list(req: HttpRequest, state: web::Data<AppState>, p: Principal) -> Result<HttpResponse, ApiError> {
    let mut out = Vec::new();
    for room in state.community.rooms_status().await? {
        let alive = room.members.iter().filter(|m| m.alive).count();
        out.push(Listed { alive, all: room.members.len() + room.inactive.len(), room });
    }
    render(&List { f: Frame::new(&req, &p, "rooms")?, rooms: out })
}

pub async fn one(
    req: HttpRequest,
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let room = state.community.room_status(&path).await?;
    let members = if room.archived { Vec::new() } else { members(&state, &path).await? };
    let config = serde_json::to_value(&room.settings).map_err(ApiError::internal)?;
    let overrides = serde_json::to_value(&room.overrides).map_err(ApiError::internal)?;
    let settings = rows(&config, None, &overrides);
    let active: Vec<&str> = members.iter().filter(|m| m.active).map(|m| m.id.as_str()).collect();
    let others = state
        .community
        .store
        .bots()
        .await?
        .into_iter()
        .filter(|b| !active.contains(&b.id.as_str()))
        .map(|b| (b.id, b.display_name))
        .collect();
    render(&One { f: Frame::new(&req, &p, "rooms")?, room, members, settings, others })
}

impl One {
    /// The word for why a member cannot speak now.
    fn quiet_key(&self, why: &str) -> &'static str {
        match why {
            "silenced" => "quiet.silenced",
            "down" => "quiet.down",
            "asleep" => "quiet.asleep",
            "hourly_limit" => "quiet.hourly_limit",
            "cooling_down" => "quiet.cooling_down",
            _ => "quiet.other",
        }
    }
}
