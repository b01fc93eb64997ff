//! Members leaving a room while it runs: a bot that can no longer write to
//! the room's channel (kicked from its Telegram group) stops being chosen.

use super::ChatRoomActor;
use actix::prelude::*;

/// A bot may no longer speak in this room; the reason is already stored.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Deactivate {
    pub bot: String,
    pub reason: String,
}

impl Handler<Deactivate> for ChatRoomActor {
    type Result = ();

    fn handle(&mut self, msg: Deactivate, _: &mut Self::Context) {
        let before = self.members.len();
        self.members.retain(|m| m.persona.username.as_str() != msg.bot);
        if self.members.len() < before {
            tracing::warn!(room = %self.room.id, bot = %msg.bot, reason = %msg.reason, "bot leaves the room");
        }
    }
}
