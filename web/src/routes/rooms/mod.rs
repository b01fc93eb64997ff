//! `/api/rooms`: the rooms, their history, people's messages and names,
//! members, persona export and the live event stream (SSE).

mod export;
mod join;
pub mod manage;
mod messages;
mod stream;

pub use export::export;
pub use join::{JoinBody, join};
pub use messages::{PostBody, history, post};
pub use stream::stream;

use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use actors::RoomHandle;
use serde_json::json;

/// The room named in the path, or a 404 (421 `room_on_another_worker`, the
/// worker named, when a worker of the same database runs it).
pub(crate) fn room(state: &AppState, id: &str) -> Result<RoomHandle, ApiError> {
    state.community.room(id).ok_or_else(|| {
        let shown: String = id.chars().take(64).collect();
        match state.community.workers().and_then(|w| w.owner_of(id)) {
            Some(worker) => actors::ControlError::Elsewhere { room: shown, worker }.into(),
            None => ApiError::new(ErrorCode::RoomNotFound, format!("no room '{shown}'")),
        }
    })
}

/// Refuses a person's name that passes for one of the room's bots
/// (409 `name_taken`), before anything is claimed or stored.
async fn not_a_bots_name(room: &RoomHandle, name: &str, marker: &str) -> Result<(), ApiError> {
    for bot in room.members().await? {
        if engine::lookalike::passes_for(name, marker, &bot.display_name, &bot.id) {
            let (name, bot) = (name.to_string(), bot.display_name);
            return Err(actors::RoomHandleError::BotName { name, bot }.into());
        }
    }
    Ok(())
}

pub async fn list(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(read(&state))
}

/// Every room, as `GET /api/rooms` answers (the console renders the same).
pub(crate) fn read(state: &AppState) -> Vec<serde_json::Value> {
    state
        .community
        .rooms()
        .iter()
        .map(|r| json!({"slug": r.id, "name": r.name, "topic": r.shown_topic(), "prices": r.prices}))
        .collect()
}

/// The room's bots: the live ones (alive, restarts, and why one cannot speak
/// now: `quiet_because` silenced, down, asleep, hourly_limit, cooling_down)
/// and those that left it, with the stored reason (a bot kicked from the
/// room's Telegram group).
pub async fn members(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(read_members(&state, &path).await?))
}

/// A room's bots, as `GET /api/rooms/{room}/members` answers (the console renders the same).
pub(crate) async fn read_members(state: &AppState, slug: &str) -> Result<Vec<serde_json::Value>, ApiError> {
    let live = room(state, slug)?.members().await?;
    let stored = state.community.store.members(slug).await.map_err(ApiError::from)?;
    let inactive: std::collections::HashMap<&str, Option<&str>> =
        stored.iter().filter(|m| !m.active).map(|m| (m.bot_id.as_str(), m.reason.as_deref())).collect();
    let mut out: Vec<_> = live
        .iter()
        .filter(|m| !inactive.contains_key(m.id.as_str()))
        .map(|m| {
            json!({"id": m.id, "display_name": m.display_name, "alive": m.alive, "restarts": m.restarts, "active": true,
                   "silenced": m.silenced, "awake": m.awake, "sent_last_hour": m.sent_last_hour,
                   "per_hour": m.per_hour, "quiet_because": m.quiet_because})
        })
        .collect();
    for m in stored.iter().filter(|m| !m.active) {
        let bot = state.community.store.bot(&m.bot_id).await.map_err(ApiError::from)?;
        let name = bot.map_or_else(|| m.bot_id.clone(), |b| b.display_name);
        out.push(json!({"id": m.bot_id, "display_name": name, "alive": false, "restarts": 0, "active": false,
                        "reason": m.reason}));
    }
    Ok(out)
}
