//! A person's message into the room (web or Telegram): a bot's name is
//! refused, the message is stored (its parent checked), `/start` and
//! `/privacy` are answered by the room, and the floor turns to the person.
//! A person's edit (Telegram) reaches the transcript too.

use super::*;
use crate::trace::{TraceContext, store_span};
use tracing::Instrument;
use tracing::field::Empty;

impl Handler<HumanSays> for ChatRoomActor {
    type Result = ResponseActFuture<Self, Result<MessageView, RoomError>>;

    fn handle(&mut self, msg: HumanSays, _: &mut Self::Context) -> Self::Result {
        let now = self.clock.now();
        let span =
            tracing::info_span!("room.person_message", room.id = %self.room.id, message.id = Empty, trace_id = Empty);
        msg.trace.adopt(&span);
        let personas = self.members.iter().map(|m| &*m.persona);
        if let Some(bot) = engine::lookalike::bot_named(msg.author.as_str(), "", personas) {
            let err = RoomError::BotName { name: msg.author.as_str().into(), bot: bot.name.clone() };
            return Box::pin(fut::ready(Err(err)));
        }
        let (store, room) = (self.store.clone(), self.room.id.clone());
        let new = NewMessage {
            room_id: room.clone(),
            author_kind: AuthorKind::Human,
            author_id: msg.author_id.clone().unwrap_or_else(|| format!("web:{}", msg.author.as_str())),
            author_name: msg.author.as_str().into(),
            reply_to: msg.reply_to,
            bot_depth: 0,
            text: msg.text.as_str().into(),
            status: MessageStatus::Sent,
            status_reason: None,
            created_at: now.0,
            sent_at: Some(now.0),
            provider: None,
            model: None,
            tokens_in: None,
            tokens_out: None,
            latency_ms: None,
        };
        let insert = self.store_message(new);
        let work = async move {
            let parent = match msg.reply_to {
                Some(id) => {
                    match store.message(id).instrument(store_span("message")).await.map_err(RoomError::store)? {
                        Some(p) if p.room_id == room => Some(p),
                        _ => return Err(RoomError::ReplyNotFound(id)),
                    }
                }
                None => None,
            };
            let row = insert.instrument(store_span("insert_message")).await;
            Ok((row, parent))
        };
        Box::pin(work.instrument(span.clone()).into_actor(self).map(move |res, act, ctx| {
            let _in = span.enter();
            let (row, parent) = res?;
            let row = match row {
                Ok(row) => row,
                // Another worker owns the room now: the person posts there.
                Err(e) if act.stop_if_fenced(&e, ctx) => return Err(RoomError::Stopped),
                Err(e) => return Err(RoomError::store(e)),
            };
            span.record("message.id", row.id);
            act.remember_trace(row.id, TraceContext::of(&span));
            if let Some(cmd) = honesty::command_of(&row.text) {
                return Ok(act.answer_command(cmd, row, parent.as_ref().map(ReplyView::from_row), ctx));
            }
            act.observe_person();
            act.transcript.push(Self::line_of(&row));
            let view = MessageView::from_row(&row, parent.as_ref().map(ReplyView::from_row));
            act.broadcast(RoomEvent::Message(Box::new(view.clone())));
            act.preempt_for_human(ctx);
            Ok(view)
        }))
    }
}

/// A person edited their message `id` (already stored): the transcript
/// takes the new text, so the next prompt quotes what the person now says.
/// Answers whether the line was still in the window.
#[derive(Message)]
#[rtype(result = "bool")]
pub struct HumanEdits {
    pub id: i64,
    pub text: String,
}

impl Handler<HumanEdits> for ChatRoomActor {
    type Result = bool;

    fn handle(&mut self, msg: HumanEdits, _: &mut Self::Context) -> bool {
        self.transcript.edit_human(msg.id, &msg.text)
    }
}
