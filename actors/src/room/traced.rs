//! The room's part of one trace per message. A message keeps its trace
//! context for a while; a turn that answers a person's message is a span in
//! that message's trace (HTTP request or Telegram update → person's message
//! → turn → drafting → gateway → store → broadcast → Telegram), a turn that
//! answers a bot's message starts its own trace with a link to that one,
//! and chatter starts its own trace.

use super::ChatRoomActor;
use crate::trace::{TraceContext, record_trace_id};
use engine::floor::Grant;
use engine::transcript::AuthorKind;
use tracing::Span;
use tracing::field::Empty;

/// Messages whose trace contexts a room keeps (the newest).
const KEPT: usize = 256;

impl ChatRoomActor {
    /// Keeps the trace a message was stored in, for the turn that answers it.
    pub(super) fn remember_trace(&mut self, id: i64, cx: TraceContext) {
        if cx.is_empty() {
            return;
        }
        self.traces.insert(id, cx);
        while self.traces.len() > KEPT {
            self.traces.pop_first();
        }
    }

    /// The span of the turn `grant` starts, with the floor's decision
    /// (`decided_us`: how long choosing took) as its first child.
    pub(super) fn turn_span(&self, grant: &Grant, candidates: usize, decided_us: u64) -> Span {
        let span = tracing::info_span!(
            "room.turn",
            room.id = %self.room.id,
            bot = %grant.bot,
            floor.reason = ?grant.reason,
            outcome = Empty,
            trace_id = Empty,
        );
        let answered = grant.reply_to.and_then(|id| Some((self.transcript.get(id)?.kind, self.traces.get(&id)?)));
        match answered {
            Some((AuthorKind::Human, cx)) => cx.adopt(&span),
            Some((_, cx)) => {
                cx.link_from(&span);
                record_trace_id(&span);
            }
            None => record_trace_id(&span),
        }
        let decided = tracing::info_span!(
            parent: &span,
            "floor.grant",
            bot = %grant.bot,
            floor.reason = ?grant.reason,
            floor.candidates = candidates,
            floor.decided_us = decided_us,
        );
        drop(decided);
        span
    }
}
