//! An operator edited the bot's persona: the bot speaks with it from its
//! next turn (its rate limiter takes the new limits at once).

use super::BotActor;
use actix::prelude::*;
use engine::persona::Persona;
use std::sync::Arc;

/// The bot's persona was edited (and stored).
#[derive(Message)]
#[rtype(result = "()")]
pub struct SetPersona(pub Arc<Persona>);

impl Handler<SetPersona> for BotActor {
    type Result = ();

    fn handle(&mut self, SetPersona(persona): SetPersona, _: &mut Self::Context) {
        self.limiter.set_limits(persona.per_hour, persona.min_gap_secs);
        self.book.restyle(&persona);
        self.mind.reshape(&persona);
        tracing::info!(bot = %persona.username, "persona updated");
        self.persona = persona;
    }
}
