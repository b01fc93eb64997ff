//! What `piyasa bots …`, `piyasa rooms …` and key rotation do, on the store
//! (the running channel's `live` methods call the same checks). Each checks
//! its input first and changes nothing when something is wrong; errors are
//! `ControlError`s that name the field, and never contain a token.

use crate::api::BotApi;
use crate::crypto::TokenCipher;
use crate::settings::TelegramSettings;
use actors::ControlError;
use anyhow::bail;
use schema::{Store, TelegramBotRow, TelegramChatRow};
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

/// A bot account as listed (no token, ever).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BotSummary {
    pub bot_id: String,
    pub tg_username: String,
    pub listener: bool,
    /// Something the operator should know (a listener with privacy mode on).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn cipher(settings: &TelegramSettings) -> Result<TokenCipher, ControlError> {
    let key = settings.token_key.as_ref().ok_or_else(|| {
        ControlError::invalid("telegram.token_key", "required to store bot tokens (set PIYASA_TELEGRAM__TOKEN_KEY)")
    })?;
    TokenCipher::from_hex(key).map_err(|e| ControlError::invalid("telegram.token_key", e.to_string()))
}

fn store_err(e: schema::StoreError) -> ControlError {
    e.into()
}

/// Checks a token's shape (`<digits>:<35 or so characters>`) without echoing it.
fn check_token_shape(token: &SecretString) -> Result<(), ControlError> {
    let t = token.expose_secret();
    let ok = t.split_once(':').is_some_and(|(id, rest)| {
        !id.is_empty()
            && id.chars().all(|c| c.is_ascii_digit())
            && rest.len() >= 20
            && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    });
    if !ok {
        return Err(ControlError::invalid(
            "token",
            "the token does not look like a BotFather token (<digits>:<letters, digits, _ and ->)",
        ));
    }
    Ok(())
}

/// Adds (or replaces) a bot account: the token is checked (its shape, then
/// `getMe`), then stored encrypted. `bot_id` is a persona's username, or
/// any name for a listener-only bot. Refuses: a bad `bot_id`; no persona of
/// that name (unless `listener`); a token that is not a BotFather token,
/// that Telegram refuses or that is not a bot's (`token`); no
/// `telegram.token_key` to seal it.
pub async fn add_bot(
    store: &Store,
    settings: &TelegramSettings,
    bot_id: &str,
    token: &SecretString,
    listener: bool,
    now_ms: i64,
) -> Result<BotSummary, ControlError> {
    engine::ids::BotId::parse(bot_id).map_err(|e| ControlError::invalid("bot", e.to_string()))?;
    if !listener && store.bot(bot_id).await.map_err(store_err)?.is_none() {
        return Err(ControlError::NotFound { what: "persona", id: bot_id.to_string() });
    }
    check_token_shape(token)?;
    let cipher = cipher(settings)?;
    let timeout = Duration::from_millis(settings.request_timeout_ms);
    let api =
        BotApi::new(&settings.api_base_url, token, timeout, 0).map_err(|e| ControlError::Internal(format!("{e:#}")))?;
    let me = api
        .get_me()
        .await
        .map_err(|e| ControlError::invalid("token", format!("Telegram refused the token (getMe: {e})")))?;
    let tg_username = me
        .username
        .clone()
        .ok_or_else(|| ControlError::invalid("token", "getMe returned no username: is this a bot token?"))?;
    if !me.is_bot {
        return Err(ControlError::invalid("token", "getMe says this token is not a bot's"));
    }
    let note = (listener && me.can_read_all_group_messages == Some(false)).then(|| {
        format!("@{tg_username} has privacy mode on; a listener needs it off (BotFather: /setprivacy → Disable) or admin rights")
    });
    let row = TelegramBotRow {
        bot_id: bot_id.to_string(),
        tg_user_id: me.id as i64,
        tg_username: tg_username.clone(),
        token_cipher: cipher.encrypt(bot_id, token).map_err(|e| ControlError::Internal(e.to_string()))?,
        listener,
        created_at: now_ms,
    };
    store.upsert_telegram_bot(&row).await.map_err(store_err)?;
    Ok(BotSummary { bot_id: bot_id.to_string(), tg_username, listener, note })
}

pub async fn list_bots(store: &Store) -> anyhow::Result<Vec<BotSummary>> {
    Ok(store
        .telegram_bots()
        .await?
        .into_iter()
        .map(|r| BotSummary { bot_id: r.bot_id, tg_username: r.tg_username, listener: r.listener, note: None })
        .collect())
}

/// Removes a bot account. Refuses an unknown account.
pub async fn remove_bot(store: &Store, bot_id: &str) -> Result<(), ControlError> {
    if !store.remove_telegram_bot(bot_id).await.map_err(store_err)? {
        return Err(ControlError::NotFound { what: "Telegram account for bot", id: bot_id.to_string() });
    }
    Ok(())
}

/// Maps a room to a chat (and optional forum topic), un-pausing its
/// Telegram side. Refuses: an unknown room; a chat id that is not a group's
/// (`chat_id`: negative); a topic that is not positive (`topic`).
pub async fn add_room(
    store: &Store,
    room: &str,
    chat_id: i64,
    thread_id: Option<i32>,
    now_ms: i64,
) -> Result<(), ControlError> {
    if chat_id >= 0 {
        return Err(ControlError::invalid(
            "chat_id",
            format!("{chat_id}: group and supergroup ids are negative (e.g. -1001234567890)"),
        ));
    }
    if thread_id.is_some_and(|t| t <= 0) {
        return Err(ControlError::invalid("topic", "must be a positive message_thread_id"));
    }
    if store.room(room).await.map_err(store_err)?.is_none() {
        return Err(ControlError::room(room));
    }
    let row = TelegramChatRow { room_id: room.into(), chat_id, thread_id, paused_reason: None, updated_at: now_ms };
    store.upsert_telegram_chat(&row).await.map_err(store_err)
}

/// Unmaps a room from its chat. Refuses a room that is not mapped.
pub async fn remove_room(store: &Store, room: &str) -> Result<(), ControlError> {
    if !store.remove_telegram_chat(room).await.map_err(store_err)? {
        return Err(ControlError::NotFound { what: "Telegram chat for room", id: room.to_string() });
    }
    Ok(())
}

/// A bot joins a room (it must have a Telegram account).
pub async fn join(store: &Store, room: &str, bot: &str) -> anyhow::Result<()> {
    if store.room(room).await?.is_none() {
        bail!("no room '{room}' in the store");
    }
    if store.bot(bot).await?.is_none() {
        bail!("no persona '{bot}' in the store");
    }
    if store.telegram_bot(bot).await?.is_none() {
        bail!("bot '{bot}' has no Telegram account: `piyasa bots add {bot} --token …` first");
    }
    Ok(store.join(room, bot).await?)
}

/// A bot leaves a room.
pub async fn leave(store: &Store, room: &str, bot: &str) -> anyhow::Result<()> {
    if !store.members(room).await?.iter().any(|m| m.bot_id == bot) {
        bail!("bot '{bot}' is not a member of room '{room}'");
    }
    Ok(store.set_member_active(room, bot, false, Some("left (operator)")).await?)
}

/// Re-encrypts every stored token from `old` to `new`. Everything is
/// decrypted first: with a wrong old key nothing is changed.
pub async fn rotate_key(store: &Store, old: &SecretString, new: &SecretString) -> anyhow::Result<usize> {
    let (old_c, new_c) = (TokenCipher::from_hex(old)?, TokenCipher::from_hex(new)?);
    let rows = store.telegram_bots().await?;
    let mut fresh = Vec::new();
    for r in &rows {
        let token = old_c.decrypt(&r.bot_id, &r.token_cipher)?;
        fresh.push((r.bot_id.clone(), new_c.encrypt(&r.bot_id, &token)?));
    }
    for (bot, cipher) in &fresh {
        store.set_token_cipher(bot, cipher).await?;
    }
    Ok(fresh.len())
}
