//! `/api/telegram` (admin): bot accounts and the chats rooms speak in,
//! changed while the channel runs (a new account's poller starts at once, a
//! mapped room's bridge starts). Tokens go in and never come out: not in
//! answers, errors, logs or the audit log. With `telegram.enabled` off the
//! changes answer 409 `telegram_off` and change nothing.

use crate::audit::{self, Entry};
use crate::auth::Principal;
use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use secrecy::SecretString;
use serde::Deserialize;
use serde_json::json;

fn channel(state: &AppState) -> Result<&telegram::Channel, ApiError> {
    state.telegram.as_ref().ok_or_else(|| {
        ApiError::new(
            ErrorCode::TelegramOff,
            "Telegram is off: set telegram.enabled = true (and a token_key) and restart",
        )
    })
}

/// `GET /api/telegram`: the accounts (never a token) and the mapped chats.
pub async fn get(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let store = &state.community.store;
    let bots = telegram::admin::list_bots(store).await.map_err(ApiError::internal)?;
    let chats: Vec<_> = store
        .telegram_chats()
        .await?
        .into_iter()
        .map(|c| json!({"room": c.room_id, "chat_id": c.chat_id, "topic": c.thread_id, "paused_reason": c.paused_reason}))
        .collect();
    Ok(HttpResponse::Ok().json(json!({"enabled": state.telegram.is_some(), "bots": bots, "chats": chats})))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BotBody {
    /// The persona's username.
    bot: String,
    /// The BotFather token; stored encrypted, never shown again.
    #[schema(value_type = String)]
    token: SecretString,
    /// This account also reads people's messages in the group (privacy mode off).
    #[serde(default)]
    listener: bool,
}

/// `POST /api/telegram/bots`: adds (or replaces) a persona's account; the token is checked with `getMe`.
pub async fn add_bot(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<BotBody>,
) -> Result<HttpResponse, ApiError> {
    let summary = channel(&state)?.add_bot(&body.bot, &body.token, body.listener).await?;
    let after = json!({"tg_username": summary.tg_username, "listener": summary.listener});
    audit::record(
        &state.auth.store,
        &state.clock,
        &p,
        Entry::new("telegram.bot.add", Some(body.bot.clone())).after(after),
    )
    .await?;
    Ok(HttpResponse::Created().json(summary))
}

/// `DELETE /api/telegram/bots/{bot}`: the account stops at once; its queued messages are dropped.
pub async fn remove_bot(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    channel(&state)?.remove_bot(&path).await?;
    audit::record(&state.auth.store, &state.clock, &p, Entry::new("telegram.bot.remove", Some(path.clone()))).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChatBody {
    /// The group's id (negative, e.g. -1001234567890).
    chat_id: i64,
    /// A forum topic's `message_thread_id`, if the room lives in one.
    #[serde(default)]
    topic: Option<i32>,
}

/// `PUT /api/telegram/rooms/{room}`: the room speaks in this chat from its next message.
pub async fn map_room(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
    body: web::Json<ChatBody>,
) -> Result<HttpResponse, ApiError> {
    let ch = channel(&state)?;
    let before = state.community.store.telegram_chat(&path).await?;
    ch.map_room(&path, body.chat_id, body.topic).await?;
    let mut e = Entry::new("telegram.room.map", Some(path.clone()))
        .after(json!({"chat_id": body.chat_id, "topic": body.topic}));
    if let Some(b) = before {
        e = e.before(json!({"chat_id": b.chat_id, "topic": b.thread_id}));
    }
    audit::record(&state.auth.store, &state.clock, &p, e).await?;
    Ok(HttpResponse::Ok().json(json!({"room": *path, "chat_id": body.chat_id, "topic": body.topic})))
}

/// `DELETE /api/telegram/rooms/{room}`: the room's bridge stops; the web room goes on.
pub async fn unmap_room(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let ch = channel(&state)?;
    let before = state.community.store.telegram_chat(&path).await?;
    ch.unmap_room(&path).await?;
    let mut e = Entry::new("telegram.room.unmap", Some(path.clone()));
    if let Some(b) = before {
        e = e.before(json!({"chat_id": b.chat_id, "topic": b.thread_id}));
    }
    audit::record(&state.auth.store, &state.clock, &p, e).await?;
    Ok(HttpResponse::NoContent().finish())
}
