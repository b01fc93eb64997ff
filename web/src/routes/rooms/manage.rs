//! Operators' changes to rooms: create, rename, the room's own pacing and
//! floor settings, pause and resume (the kill switch), archive and restore,
//! and which bots are members. Each is one `actors::control` call (checked,
//! stored, then applied to the running room) and one audit row with the
//! room's state before and after.

use crate::audit::{self, Entry};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use actors::control::{NewRoom, RoomStatus};
use serde::Deserialize;
use serde_json::{Value, json};

/// What the audit log keeps of a room.
fn summary(s: &RoomStatus) -> Value {
    let members: Vec<&str> = s.members.iter().map(|m| m.id.as_str()).collect();
    json!({"name": s.name, "topic": s.topic, "paused": s.paused, "archived": s.archived,
           "members": members, "overrides": s.overrides})
}

/// Runs `change` on room `id`, records it as `action` with the room before
/// and after, and answers the room as it is now.
async fn change<F>(
    state: &AppState,
    p: &Principal,
    action: &'static str,
    id: &str,
    change: F,
) -> Result<HttpResponse, ApiError>
where
    F: AsyncFnOnce(&actors::Community) -> Result<RoomStatus, actors::ControlError>,
{
    let before = state.community.room_status(id).await?;
    let after = change(&state.community).await?;
    let e = Entry::new(action, Some(after.id.clone())).before(summary(&before)).after(summary(&after));
    audit::record(&state.auth.store, &state.clock, p, e).await?;
    Ok(HttpResponse::Ok().json(after))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    /// The room's id: 3 to 40 characters of a-z, 0-9 and -.
    slug: String,
    /// One line, 1 to 80 characters.
    name: String,
    /// One line, at most 280 characters.
    #[serde(default)]
    topic: String,
    /// `simulated` (the default) or `live`.
    #[serde(default)]
    #[schema(value_type = String)]
    prices: engine::market::PriceMode,
}

/// `POST /api/rooms`: a new room, running at once with no members.
pub async fn create(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<CreateBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let new = NewRoom { slug: body.slug, name: body.name, topic: body.topic, prices: body.prices };
    let s = state.community.create_room(new).await?;
    audit::record(
        &state.auth.store,
        &state.clock,
        &p,
        Entry::new("room.create", Some(s.id.clone())).after(summary(&s)),
    )
    .await?;
    Ok(HttpResponse::Created().json(s))
}

/// `GET /api/rooms/{room}`: paused or not, members, settings in effect and the room's own.
pub async fn status(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.community.room_status(&path).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RenameBody {
    /// One line, 1 to 80 characters; unchanged when left out.
    #[serde(default)]
    name: Option<String>,
    /// One line, at most 280 characters; unchanged when left out.
    #[serde(default)]
    topic: Option<String>,
}

/// `PATCH /api/rooms/{room}`: a new name or topic.
pub async fn rename(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
    body: web::Json<RenameBody>,
) -> Result<HttpResponse, ApiError> {
    if body.name.is_none() && body.topic.is_none() {
        return Err(ApiError::field("name", "nothing to change: give name or topic"));
    }
    let now = state.community.room_status(&path).await?;
    let name = body.name.clone().unwrap_or(now.name);
    let topic = body.topic.clone().unwrap_or(now.topic);
    change(&state, &p, "room.rename", &path, async |c| c.rename_room(&path, &name, &topic).await).await
}

/// `POST /api/rooms/{room}/pause`: no bot speaks until it is resumed (people still can).
pub async fn pause(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    change(&state, &p, "room.pause", &path, async |c| c.pause_room(&path).await).await
}

/// `POST /api/rooms/{room}/resume`.
pub async fn resume(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    change(&state, &p, "room.resume", &path, async |c| c.resume_room(&path).await).await
}

/// `POST /api/rooms/{room}/archive`: the room stops; its history stays.
pub async fn archive(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    change(&state, &p, "room.archive", &path, async |c| c.archive_room(&path).await).await
}

/// `POST /api/rooms/{room}/restore`: an archived room runs again.
pub async fn restore(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    change(&state, &p, "room.restore", &path, async |c| c.restore_room(&path).await).await
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingBody {
    /// The value: a number or boolean for a key, an object of keys for a
    /// section (`pacing`).
    #[schema(value_type = Object)]
    value: Value,
}

/// `PUT /api/rooms/{room}/settings/{key}`: the room's own value of a
/// pacing or floor setting, used from its next tick.
pub async fn put_setting(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<(String, String)>,
    body: web::Json<SettingBody>,
) -> Result<HttpResponse, ApiError> {
    let (room, key) = path.into_inner();
    change(&state, &p, "room.setting.set", &room, async |c| c.set_room_setting(&room, &key, &body.value).await).await
}

/// `DELETE /api/rooms/{room}/settings/{key}`: the community's value applies again.
pub async fn delete_setting(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (room, key) = path.into_inner();
    change(&state, &p, "room.setting.reset", &room, async |c| c.reset_room_setting(&room, &key).await).await
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberBody {
    /// The bot's username.
    bot: String,
}

/// `POST /api/rooms/{room}/members`: the bot joins and starts talking.
pub async fn add_member(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
    body: web::Json<MemberBody>,
) -> Result<HttpResponse, ApiError> {
    engine::ids::BotId::parse(&body.bot).map_err(|e| ApiError::field("bot", e))?;
    change(&state, &p, "room.member.add", &path, async |c| c.join_room(&path, &body.bot).await).await
}

/// `DELETE /api/rooms/{room}/members/{bot}`: the bot leaves (its history stays).
pub async fn remove_member(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (room, bot) = path.into_inner();
    change(&state, &p, "room.member.remove", &room, async |c| c.leave_room(&room, &bot).await).await
}
