//! What a room reports to `/metrics` as it goes: each turn's latency, and
//! how long a person waited for the first bot reply to their message.

use super::ChatRoomActor;
use engine::ids::Millis;
use engine::transcript::{AuthorKind, Line};

impl ChatRoomActor {
    /// Called with a delivered bot line before it joins the transcript.
    pub(super) fn observe_delivery(&self, line: &Line, started: Millis, now: Millis) {
        self.observed.turn(now.since(started));
        let asked = line.reply_to.and_then(|id| self.transcript.get(id)).filter(|l| l.kind == AuthorKind::Human);
        let Some(asked) = asked else { return };
        let answered_before = self.transcript.iter().any(|l| l.kind == AuthorKind::Bot && l.reply_to == Some(asked.id));
        if !answered_before {
            self.observed.first_reply(now.since(asked.at));
        }
    }

    /// A person's message was taken into the room.
    pub(super) fn observe_person(&self) {
        self.observed.person_message();
    }
}
