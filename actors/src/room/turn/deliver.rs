//! The end of a turn: the draft stored, then shown (streamed and kept in
//! the transcript), in the turn's trace; nothing is shown that was not stored.

use super::super::ChatRoomActor;
use crate::bot::Draft;
use crate::events::{DeliveryTiming, MessageView, ReplyView, RoomEvent};
use actix::prelude::*;
use engine::ids::Millis;
use engine::transcript::AuthorKind;
use schema::{MessageStatus, NewMessage};
use tracing::Instrument;

impl ChatRoomActor {
    pub(super) fn deliver(&mut self, id: u64, draft: Draft, planned: Millis, ctx: &mut Context<Self>) {
        let Some(turn) = self.turn.as_ref().filter(|t| t.id == id) else {
            return;
        };
        let span = tracing::info_span!(parent: &turn.span, "room.deliver", message.id = tracing::field::Empty);
        let trace = crate::trace::TraceContext::of(&turn.span);
        self.deliveries += 1;
        let timing = DeliveryTiming { seq: self.deliveries, triggered_at_ms: turn.started.0, planned_at_ms: planned.0 };
        let now = self.clock.now();
        let (grant, started, target) = (turn.grant.clone(), turn.started, turn.target.clone());
        let name = self
            .members
            .iter()
            .find(|m| m.persona.username == grant.bot)
            .map(|m| m.display_name.clone())
            .unwrap_or_default();
        let generation = draft.generation.as_ref();
        let new = NewMessage {
            room_id: self.room.id.clone(),
            author_kind: AuthorKind::Bot,
            author_id: grant.bot.to_string(),
            author_name: name,
            reply_to: draft.reply_to,
            bot_depth: self.transcript.depth_of_reply_to(draft.reply_to, true) as i32,
            text: draft.text.clone(),
            status: MessageStatus::Sent,
            status_reason: None,
            created_at: turn.started.0,
            sent_at: Some(now.0),
            provider: Some(
                generation.map_or_else(|| format!("{:?}", draft.source).to_lowercase(), |g| g.provider.clone()),
            ),
            model: generation.map(|g| g.completion.model.clone()),
            tokens_in: generation.map(|g| g.completion.tokens_in as i32),
            tokens_out: generation.map(|g| g.completion.tokens_out as i32),
            latency_ms: generation.map(|g| g.latency_ms as i32),
        };
        let insert = self.store_message(new);
        let pushes = draft.stances;
        let metrics = self.observed.clone();
        let stored = async move {
            let started = std::time::Instant::now();
            let res = insert.instrument(crate::trace::store_span("insert_message")).await;
            metrics.store_write(started.elapsed());
            res
        };
        ctx.spawn(stored.instrument(span.clone()).into_actor(self).map(move |res, act, ctx| {
            let _in = span.enter();
            match res {
                // Paused while it was being stored: kept as dropped, never shown.
                Ok(row) if act.is_paused() => return act.drop_paused(&row, ctx),
                Ok(row) => {
                    let line = Self::line_of(&row);
                    // The answered line, even when it has left the window since the floor was given.
                    let kept = target.filter(|t| Some(t.id) == row.reply_to).map(|t| ReplyView::from_line(&t));
                    let mut view = MessageView::from_row(&row, act.reply_view(row.reply_to).or(kept));
                    view.timing = Some(timing);
                    span.record("message.id", row.id);
                    act.remember_trace(row.id, trace.clone());
                    view.trace = trace;
                    act.floor.delivered(&grant, &act.transcript);
                    if let Some(m) = act.member(grant.bot.as_str()) {
                        m.sent.push_back(Millis(row.sent_at.unwrap_or(row.created_at)));
                        while m.sent.len() > 64 {
                            m.sent.pop_front();
                        }
                    }
                    act.observe_delivery(&line, started, now);
                    act.transcript.push(line);
                    act.meter.delivered(&act.room.id, now);
                    let cap = act.settings.guard.stance();
                    act.stance.record(pushes, &cap);
                    act.broadcast(RoomEvent::Message(Box::new(view)));
                }
                Err(e) if act.stop_if_fenced(&e, ctx) => return,
                Err(e) => {
                    tracing::error!(room = %act.room.id, error = %e, "message could not be stored and was not shown")
                }
            }
            if act.turn.as_ref().is_some_and(|t| t.id == id) {
                act.turn = None;
            }
            act.schedule_next(ctx);
        }));
    }
}
