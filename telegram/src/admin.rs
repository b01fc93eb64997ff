//! What `piyasa bots …`, `piyasa rooms …` and key rotation do. Each checks
//! its input first and changes nothing when something is wrong; errors say
//! what is wrong and never contain a token.

use crate::api::BotApi;
use crate::crypto::TokenCipher;
use crate::settings::TelegramSettings;
use anyhow::{Context as _, bail};
use schema::{Store, TelegramBotRow, TelegramChatRow};
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

/// A bot account as listed (no token, ever).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BotSummary {
    pub bot_id: String,
    pub tg_username: String,
    pub listener: bool,
}

fn cipher(settings: &TelegramSettings) -> anyhow::Result<TokenCipher> {
    let key = settings
        .token_key
        .as_ref()
        .context("telegram.token_key: required to store bot tokens (set PIYASA_TELEGRAM__TOKEN_KEY)")?;
    Ok(TokenCipher::from_hex(key)?)
}

/// Checks a token's shape (`<digits>:<35 or so characters>`) without echoing it.
fn check_token_shape(token: &SecretString) -> anyhow::Result<()> {
    let t = token.expose_secret();
    let ok = t.split_once(':').is_some_and(|(id, rest)| {
        !id.is_empty()
            && id.chars().all(|c| c.is_ascii_digit())
            && rest.len() >= 20
            && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    });
    if !ok {
        bail!("the token does not look like a BotFather token (<digits>:<letters, digits, _ and ->)");
    }
    Ok(())
}

/// Adds (or replaces) a bot account: the token is checked with `getMe`,
/// then stored encrypted. `bot_id` is a persona's username, or any name for
/// a listener-only bot.
pub async fn add_bot(
    store: &Store,
    settings: &TelegramSettings,
    bot_id: &str,
    token: &SecretString,
    listener: bool,
    now_ms: i64,
) -> anyhow::Result<BotSummary> {
    engine::ids::BotId::parse(bot_id)?;
    if !listener && store.bot(bot_id).await?.is_none() {
        bail!("no persona '{bot_id}' in the store: import it first, or add the account with --listener");
    }
    check_token_shape(token)?;
    let cipher = cipher(settings)?;
    let api = BotApi::new(&settings.api_base_url, token, Duration::from_millis(settings.request_timeout_ms), 0)?;
    let me = api.get_me().await.map_err(|e| anyhow::anyhow!("Telegram refused the token (getMe: {e})"))?;
    let tg_username = me.username.clone().context("getMe returned no username: is this a bot token?")?;
    if !me.is_bot {
        bail!("getMe says this token is not a bot's");
    }
    if listener && me.can_read_all_group_messages == Some(false) {
        eprintln!(
            "note: @{tg_username} has privacy mode on; a listener needs it off (BotFather: /setprivacy → Disable) or admin rights"
        );
    }
    let row = TelegramBotRow {
        bot_id: bot_id.to_string(),
        tg_user_id: me.id as i64,
        tg_username: tg_username.clone(),
        token_cipher: cipher.encrypt(bot_id, token)?,
        listener,
        created_at: now_ms,
    };
    store.upsert_telegram_bot(&row).await?;
    Ok(BotSummary { bot_id: bot_id.to_string(), tg_username, listener })
}

pub async fn list_bots(store: &Store) -> anyhow::Result<Vec<BotSummary>> {
    Ok(store
        .telegram_bots()
        .await?
        .into_iter()
        .map(|r| BotSummary { bot_id: r.bot_id, tg_username: r.tg_username, listener: r.listener })
        .collect())
}

pub async fn remove_bot(store: &Store, bot_id: &str) -> anyhow::Result<()> {
    if !store.remove_telegram_bot(bot_id).await? {
        bail!("no Telegram account for bot '{bot_id}' (see `piyasa bots list`)");
    }
    Ok(())
}

/// Maps a room to a chat (and optional forum topic).
pub async fn add_room(
    store: &Store,
    room: &str,
    chat_id: i64,
    thread_id: Option<i32>,
    now_ms: i64,
) -> anyhow::Result<()> {
    if store.room(room).await?.is_none() {
        bail!("no room '{room}' in the store (rooms come from the community file or `piyasa personas import`)");
    }
    if chat_id >= 0 {
        bail!("chat id {chat_id}: group and supergroup ids are negative (e.g. -1001234567890)");
    }
    if thread_id.is_some_and(|t| t <= 0) {
        bail!("--topic must be a positive message_thread_id");
    }
    let row = TelegramChatRow { room_id: room.into(), chat_id, thread_id, paused_reason: None, updated_at: now_ms };
    Ok(store.upsert_telegram_chat(&row).await?)
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
