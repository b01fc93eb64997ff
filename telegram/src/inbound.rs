//! Updates from Telegram (long polling or webhook), one at a time: de-dup by
//! `update_id`, `/start` and `/privacy` answered by the bot asked (a
//! command for another bot is left to it), people's
//! messages into their room (reply and @mentions mapped so the addressed bot
//! gets the turn), edits into the stored message, a group's upgrade to a
//! supergroup into its room's chat id. Unknown chats are ignored,
//! never enabled; messages of bots (ours or not) are not human. On a
//! worker, a message or edit for a room another worker runs waits for it
//! in the inbox (`receivers`).

use crate::api::Outgoing;
use crate::channel::{Channel, Mapped};
use engine::input::{HumanName, HumanText};
use engine::telegram::updates::{Command, command_target, parse_command};
use frankenstein::types::{ChatType, Message};
use frankenstein::updates::{Update, UpdateContent};

/// Handles one update received through `bot`'s token.
pub(crate) async fn handle(ch: &Channel, bot: &str, update: Update) -> anyhow::Result<()> {
    let now = ch.clock().now().0;
    if !ch.first_time(bot, i64::from(update.update_id))
        || !ch.store().mark_update_seen(bot, i64::from(update.update_id), now).await?
    {
        return Ok(());
    }
    take_in(ch, bot, update).await
}

/// Handles an update already counted as seen (also one another worker left
/// in the inbox for a room running here).
pub(crate) async fn take_in(ch: &Channel, bot: &str, update: Update) -> anyhow::Result<()> {
    match &update.content {
        UpdateContent::Message(m) => on_message(ch, bot, m, &update).await,
        UpdateContent::EditedMessage(m) => on_edit(ch, bot, m, &update).await,
        _ => Ok(()),
    }
}

/// A message for `room`, which runs on another worker, waits for it in the
/// inbox. True when it was left there (false in a single process: a room
/// that does not run here runs nowhere).
async fn leave_for_owner(ch: &Channel, bot: &str, room: &str, m: &Message, update: &Update) -> anyhow::Result<bool> {
    if !ch.on_workers() {
        return Ok(false);
    }
    let row = schema::NewInbox {
        room_id: room.to_string(),
        bot_id: bot.to_string(),
        person_id: m.from.as_deref().map(|f| format!("tg:{}", f.id)),
        update_json: serde_json::to_string(update)?,
        created_at: ch.clock().now().0,
    };
    ch.store().push_inbox(&row).await?;
    tracing::info!(room = %room, bot = %bot, "Telegram update left for the worker running its room");
    Ok(true)
}

async fn on_message(ch: &Channel, bot: &str, m: &Message, update: &Update) -> anyhow::Result<()> {
    // A group upgraded to a supergroup: the room follows the new chat id at
    // once, so people's next messages there are heard (every member bot
    // gets the service messages; the first moves the mapping, the rest find
    // nothing left to move).
    let migration = match (m.migrate_to_chat_id, m.migrate_from_chat_id) {
        (Some(to), _) => Some((m.chat.id, to)),
        (None, Some(from)) => Some((from, m.chat.id)),
        (None, None) => None,
    };
    if let Some((from, to)) = migration {
        if ch.store().migrate_telegram_chat(from, to, ch.clock().now().0).await? > 0 {
            tracing::info!(from, to, "the group became a supergroup; its room follows the new chat id");
        }
        return Ok(());
    }
    let Some(from) = m.from.as_deref() else { return Ok(()) };
    if from.is_bot || ch.is_our_bot(from.id as i64) {
        return Ok(());
    }
    let Some(text) = m.text.as_deref() else { return Ok(()) };
    if let Some(info) = ch.bot(bot)
        && let Some(cmd) = parse_command(text, &info.tg_username)
    {
        let private = m.chat.type_field == ChatType::Private;
        let addressed = text.split_whitespace().next().is_some_and(|w| w.contains('@'));
        // In a group a bare command is answered once, by the first listener.
        if private || addressed || (info.listener && ch.claim(m.chat.id, m.message_id)) {
            let reply = match cmd {
                Command::Start => engine::disclosure::start_reply(&info.display_name),
                Command::Privacy => engine::disclosure::privacy_reply(ch.policy()),
            };
            let out = Outgoing {
                chat_id: m.chat.id,
                thread_id: m.message_thread_id,
                text: &reply,
                reply_to: Some(m.message_id),
            };
            if let Err(e) = ch.sender().send_direct(bot, &out).await {
                tracing::warn!(bot = %bot, error = %e, "command answer not sent");
            }
        }
        return Ok(());
    }
    // A command for another bot (`/start@other_bot`) is that bot's: the
    // listener sees it too, and the room must not answer it a second time.
    if command_target(text).is_some_and(|t| ch.bot(bot).is_none_or(|b| !t.eq_ignore_ascii_case(&b.tg_username))) {
        return Ok(());
    }
    let room = match ch.room_for(m.chat.id, m.message_thread_id).await? {
        Some(Mapped::Here(room)) => room,
        Some(Mapped::Elsewhere(id)) if leave_for_owner(ch, bot, &id, m, update).await? => return Ok(()),
        _ => {
            tracing::debug!(chat = m.chat.id, "message from a chat no running room is mapped to; ignored");
            return Ok(());
        }
    };
    if !ch.claim(m.chat.id, m.message_id) || ch.store().message_for_tg(m.chat.id, m.message_id).await?.is_some() {
        return Ok(()); // another listener brought it in
    }
    let Ok(text) = HumanText::parse(&ch.map_mentions(text)) else {
        tracing::info!(chat = m.chat.id, "a person's message was not accepted (empty or too long)");
        return Ok(());
    };
    let name = HumanName::parse(&from.first_name, ch.marker())
        .or_else(|_| HumanName::parse(&format!("tg-{}", from.id), ch.marker()))?;
    let reply_to = match m.reply_to_message.as_deref() {
        Some(p) => ch.store().message_for_tg(m.chat.id, p.message_id).await?,
        None => None,
    };
    let view = match room.post_from(format!("tg:{}", from.id), name, text.clone(), reply_to).await {
        // A person whose Telegram name passes for a bot's speaks under their id.
        Err(actors::RoomHandleError::BotName { .. }) => {
            let name = HumanName::parse(&format!("tg-{}", from.id), ch.marker())?;
            room.post_from(format!("tg:{}", from.id), name, text, reply_to).await?
        }
        other => other?,
    };
    ch.store().map_tg_message(m.chat.id, m.message_id, view.id).await?;
    Ok(())
}

/// A person's edit: the stored message and the room's transcript follow.
async fn on_edit(ch: &Channel, bot: &str, m: &Message, update: &Update) -> anyhow::Result<()> {
    let (Some(text), Some(id)) = (m.text.as_deref(), ch.store().message_for_tg(m.chat.id, m.message_id).await?) else {
        return Ok(());
    };
    let Ok(text) = HumanText::parse(&ch.map_mentions(text)) else { return Ok(()) };
    match ch.room_for(m.chat.id, m.message_thread_id).await? {
        Some(Mapped::Here(room)) => {
            ch.store().edit_message_text(id, text.as_str()).await?;
            room.edit_human(id, text.as_str().to_string()).await?;
        }
        Some(Mapped::Elsewhere(room)) if leave_for_owner(ch, bot, &room, m, update).await? => {}
        _ => ch.store().edit_message_text(id, text.as_str()).await?,
    }
    Ok(())
}
