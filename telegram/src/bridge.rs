//! One bridge per room: it follows the room's event stream and turns a bot's
//! typing into `sendChatAction` and a bot's message into outbox rows (split
//! at sentence ends to Telegram's length, the reply mapped to Telegram's id).
//! People's messages are not echoed: bots never write for a person.

use crate::channel::Channel;
use actors::RoomHandle;
use actors::events::{MessageView, RoomEvent};
use engine::telegram::outbox::OutboxStatus;
use engine::telegram::split::{MAX_MESSAGE_CHARS, split_text};
use schema::NewOutbox;
use tokio::sync::broadcast::error::RecvError;
use tracing::Instrument;
use tracing::field::Empty;

/// Follows `room` until it stops.
pub(crate) async fn run(ch: Channel, room: RoomHandle) {
    let mut rx = match room.subscribe().await {
        Ok(rx) => rx,
        Err(e) => return tracing::error!(room = %room.id, error = %e, "Telegram bridge could not subscribe"),
    };
    loop {
        match rx.recv().await {
            Ok(RoomEvent::Message(m)) if m.author.kind == engine::transcript::AuthorKind::Bot => {
                let span = tracing::info_span!("telegram.plan", room.id = %room.id, message.id = m.id, rows = Empty, trace_id = Empty);
                m.trace.adopt(&span);
                if let Err(e) = on_message(&ch, &room.id, &m).instrument(span).await {
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

async fn on_message(ch: &Channel, room: &str, m: &MessageView) -> anyhow::Result<()> {
    let store = ch.store();
    let Some(chat) = store.telegram_chat(room).await? else { return Ok(()) };
    if !ch.sender().has_bot(&m.author.id) {
        tracing::debug!(bot = %m.author.id, "bot has no Telegram account; its message stays in the web room");
        return Ok(());
    }
    let reply_to_tg = match &m.reply_to {
        Some(r) => store.tg_for_message(chat.chat_id, r.id).await?,
        None => None,
    };
    let now = ch.clock().now().0;
    // The send goes on in the trace of the message, after a restart too.
    let traceparent = actors::trace::TraceContext::current().traceparent();
    let (status, reason) = match &chat.paused_reason {
        Some(p) => (OutboxStatus::Dropped, Some(format!("room paused: {p}"))),
        None => (OutboxStatus::Planned, None),
    };
    let parts = split_text(&m.text, MAX_MESSAGE_CHARS);
    tracing::Span::current().record("rows", parts.len());
    for (i, part) in parts.into_iter().enumerate() {
        let row = store
            .insert_outbox(&NewOutbox {
                room_id: room.to_string(),
                message_id: Some(m.id),
                bot_id: m.author.id.clone(),
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
