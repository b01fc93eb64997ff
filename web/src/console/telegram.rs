//! `/console/telegram` (admin): the personas' Telegram accounts (never a
//! token) with their profile name, poller state and the rooms they left
//! (kicked: 403), the chats rooms speak in (`GET /api/telegram`), what the
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

/// An account with what the running channel knows of it.
struct Account {
    b: BotSummary,
    /// The profile name it was given (with the AI marker).
    profile: Option<String>,
    /// `running`, `stopped` (not receiving: another consumer holds the token, see the reports) or `webhook`.
    poller: &'static str,
    /// Rooms the bot left, with the stored reason (kicked from the group: 403).
    left: Vec<(String, String)>,
}

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
    bots: Vec<Account>,
    chats: Vec<Chat>,
    reports: Vec<String>,
    /// Personas that could get an account: (id, display name).
    personas: Vec<(String, String)>,
    rooms: Vec<String>,
}

pub async fn page(req: HttpRequest, state: web::Data<AppState>, p: Principal) -> Result<HttpResponse, ApiError> {
    let store = &state.community.store;
    let mut left: Vec<(String, String, String)> = Vec::new();
    for room in state.community.rooms() {
        for m in store.members(&room.id).await?.into_iter().filter(|m| !m.active) {
            left.push((m.bot_id, room.id.clone(), m.reason.unwrap_or_default()));
        }
    }
    let channel = state.telegram.as_ref();
    let bots = telegram::admin::list_bots(store)
        .await
        .map_err(ApiError::internal)?
        .into_iter()
        .map(|b| {
            let profile = channel.and_then(|c| c.bot(&b.bot_id)).map(|i| i.display_name);
            let poller = match channel.map(|c| c.poller_running(&b.bot_id)) {
                Some(Some(true)) => "running",
                Some(Some(false)) => "stopped",
                _ => "webhook",
            };
            let left = left
                .iter()
                .filter(|(bot, _, _)| *bot == b.bot_id)
                .map(|(_, r, why)| (r.clone(), why.clone()))
                .collect();
            Account { b, profile, poller, left }
        })
        .collect();
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
