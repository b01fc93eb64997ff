//! `/console/telegram` (admin): the personas' Telegram accounts (never a
//! token) and the chats rooms speak in (`GET /api/telegram`), what the
//! channel reports for an operator to act on (a 409 poller: another process
//! polls the same token), and forms to add an account (the token is written
//! once and never shown again), remove one, and map or unmap a room's chat
//! (`POST/DELETE /api/telegram/bots…`, `PUT/DELETE /api/telegram/rooms/{room}`).

use super::{Frame, render};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use telegram::admin::BotSummary;

struct Chat {
    room: String,
    chat_id: i64,
    topic: Option<i32>,
    paused_reason: Option<String>,
}

#[derive(Template)]
#[template(path = "console/telegram.html")]
struct Page {
    f: Frame,
    enabled: bool,
    bots: Vec<BotSummary>,
    chats: Vec<Chat>,
    reports: Vec<String>,
    /// Personas that could get an account: (id, display name).
    personas: Vec<(String, String)>,
    rooms: Vec<String>,
}

pub async fn page(req: HttpRequest, state: web::Data<AppState>, p: Principal) -> Result<HttpResponse, ApiError> {
    let store = &state.community.store;
    let bots = telegram::admin::list_bots(store).await.map_err(ApiError::internal)?;
    let chats = store
        .telegram_chats()
        .await?
        .into_iter()
        .map(|c| Chat { room: c.room_id, chat_id: c.chat_id, topic: c.thread_id, paused_reason: c.paused_reason })
        .collect();
    let personas = store.bots().await?.into_iter().map(|b| (b.id, b.display_name)).collect();
    let rooms = state.community.rooms().iter().map(|r| r.id.clone()).collect();
    let reports = state.telegram.as_ref().map(telegram::Channel::reports).unwrap_or_default();
    let enabled = state.telegram.is_some();
    render(&Page { f: Frame::new(&req, &p, "telegram")?, enabled, bots, chats, reports, personas, rooms })
}
