//! One bridge per room: it follows the room's event stream and turns a bot's
//! typing into `sendChatAction` and a bot's message into outbox rows (split
//! at sentence ends to Telegram's length, the reply mapped to Telegram's id).
//! People's messages are not echoed: bots never write for a person. A bridge
//! attaching to a running room first catches up from the store.

use crate::channel::Channel;
use actors::RoomHandle;
use actors::events::RoomEvent;
use engine::telegram::outbox::OutboxStatus;
use engine::telegram::split::{MAX_MESSAGE_CHARS, split_text};
use engine::transcript::AuthorKind;
use schema::{MessageRow, NewOutbox};
use tokio::sync::broadcast::error::RecvError;
use tracing::Instrument;
use tracing::field::Empty;

/// A bot's message as the bridge plans it.
struct BotMessage<'a> {
    id: i64,
    bot: &'a str,
    reply_to: Option<i64>,
    text: &'a str,
}

/// Follows `room` until it stops, after catching up on the bot messages
/// the room delivered before the bridge attached. With `resume` (a worker
/// took the room), its outbox is taken over first.
pub(crate) async fn run(ch: Channel, room: RoomHandle, resume: bool) {
    if resume && let Err(e) = ch.sender().resume_room(&room.id).await {
        tracing::error!(room = %room.id, error = %format!("{e:#}"), "the room's Telegram outbox could not be taken over");
    }
    let mut rx = match room.subscribe().await {
        Ok(rx) => rx,
        Err(e) => return tracing::error!(room = %room.id, error = %e, "Telegram bridge could not subscribe"),
    };
    let caught_up = match catch_up(&ch, &room).await {
        Ok(ids) => ids,
        Err(e) => {
            tracing::error!(room = %room.id, error = %format!("{e:#}"), "Telegram bridge could not catch up");
            Vec::new()
        }
    };
    loop {
        let event = rx.recv().await;
        if let Ok(RoomEvent::Message(m)) = &event
            && crate::react::may_react(&ch, m.id)
        {
            let (room, author) = (room.id.clone(), m.author.id.clone());
            actix::spawn(crate::react::consider(ch.clone(), room, m.id, author, m.text.clone()));
        }
        match event {
            Ok(RoomEvent::Message(m)) if m.author.kind == engine::transcript::AuthorKind::Bot => {
                if caught_up.contains(&m.id) {
                    continue;
                }
                let span = tracing::info_span!("telegram.plan", room.id = %room.id, message.id = m.id, rows = Empty, trace_id = Empty);
                m.trace.adopt(&span);
                let msg = BotMessage {
                    id: m.id,
                    bot: &m.author.id,
                    reply_to: m.reply_to.as_ref().map(|r| r.id),
                    text: &m.text,
                };
                if let Err(e) = on_message(&ch, &room.id, &msg).instrument(span).await {
                    tracing::error!(room = %room.id, error = %format!("{e:#}"), "bot message not planned for Telegram");
                }
            }
            Ok(RoomEvent::Typing(t)) => {
                if let Ok(Some(chat)) = ch.store().telegram_chat(&room.id).await
                    && chat.paused_reason.is_none()
                {
                    let for_ms = t.until_ms - ch.clock().now().0;
                    ch.sender().typing(&t.bot.id, chat.chat_id, chat.thread_id, for_ms);
                }
            }
            Ok(_) => {}
            Err(RecvError::Lagged(n)) => {
                tracing::error!(room = %room.id, events = n, "Telegram bridge fell behind; events lost");
            }
            Err(RecvError::Closed) => return,
        }
    }
}

/// The bot messages the room delivered since it started (and since it was
/// mapped) but before the bridge subscribed (the channel attaches after the
/// rooms start): planned now, oldest first, unless already in the outbox.
/// Returns their ids (the stream may bring them again).
async fn catch_up(ch: &Channel, room: &RoomHandle) -> anyhow::Result<Vec<i64>> {
    let store = ch.store();
    // Never the room's older history: only what it said since it started
    // here, and since it was mapped to its group.
    if room.started_ms <= 0 {
        return Ok(Vec::new());
    }
    let Some(chat) = store.telegram_chat(&room.id).await? else { return Ok(Vec::new()) };
    let since = room.started_ms.max(chat.updated_at);
    let rows = store.room_messages_between(&room.id, since, i64::MAX).await?;
    let bots: Vec<&MessageRow> = rows.iter().filter(|r| r.author_kind == AuthorKind::Bot).collect();
    let ids: Vec<i64> = bots.iter().map(|r| r.id).collect();
    let planned = store.messages_in_outbox(&ids).await?;
    let mut caught = 0;
    for r in bots.into_iter().filter(|r| !planned.contains(&r.id)) {
        let msg = BotMessage { id: r.id, bot: &r.author_id, reply_to: r.reply_to, text: &r.text };
        let span =
            tracing::info_span!("telegram.plan", room.id = %room.id, message.id = r.id, rows = Empty, trace_id = Empty);
        on_message(ch, &room.id, &msg).instrument(span).await?;
        caught += 1;
    }
    if caught > 0 {
        tracing::info!(room = %room.id, messages = caught, "Telegram caught up on messages from before it attached");
    }
    Ok(ids)
}

async fn on_message(ch: &Channel, room: &str, m: &BotMessage<'_>) -> anyhow::Result<()> {
    let store = ch.store();
    let Some(chat) = store.telegram_chat(room).await? else { return Ok(()) };
    if !ch.sender().has_bot(m.bot) {
        tracing::debug!(bot = %m.bot, "bot has no Telegram account; its message stays in the web room");
        return Ok(());
    }
    let reply_to_tg = match m.reply_to {
        Some(r) => store.tg_for_message(chat.chat_id, r).await?,
        None => None,
    };
    let now = ch.clock().now().0;
    // The send goes on in the trace of the message, after a restart too.
    let traceparent = actors::trace::TraceContext::current().traceparent();
    let (status, reason) = match &chat.paused_reason {
        Some(p) => (OutboxStatus::Dropped, Some(format!("room paused: {p}"))),
        None => (OutboxStatus::Planned, None),
    };
    let parts = split_text(m.text, MAX_MESSAGE_CHARS);
    tracing::Span::current().record("rows", parts.len());
    for (i, part) in parts.into_iter().enumerate() {
        let row = store
            .insert_outbox(&NewOutbox {
                room_id: room.to_string(),
                message_id: Some(m.id),
                bot_id: m.bot.to_string(),
                chat_id: chat.chat_id,
                thread_id: chat.thread_id,
                reply_to_tg: if i == 0 { reply_to_tg } else { None },
                text: part,
                status,
                reason: reason.clone(),
                created_at: now,
                updated_at: now,
                traceparent: traceparent.clone(),
            })
            .instrument(actors::trace::store_span("insert_outbox"))
            .await?;
        if status == OutboxStatus::Planned {
            ch.sender().enqueue(row);
        }
    }
    Ok(())
}
