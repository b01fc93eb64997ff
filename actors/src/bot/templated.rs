//! How a drafted turn ends ([`BotActor::finish`]): the model's text, or the
//! templated fallback of a turn whose model drafts were refused (a reaction
//! that passes the guard and does not repeat the room), or silence.

use super::drafting::Outcome;
use super::{BotActor, Draft, MAX_GUARD_BLOCKS, Source, TurnResult, memory};
use crate::gateway::Generation;
use crate::guard::TurnGuard;
use engine::fallback;
use engine::intent::Intent;

impl BotActor {
    /// The templated reaction when the model's drafts were refused, if the
    /// guard lets it through; else why the bot stays silent.
    pub(super) fn fallback(
        &mut self,
        generation: Option<Generation>,
        refused: u32,
        intent: &Intent,
        turn_guard: &TurnGuard,
        arousal: f64,
        seen: &[String],
    ) -> Result<Draft, String> {
        let (reply_to, to_human) = (intent.reply_to, intent.to_human);
        // A template another bot just said would be an echo: others are
        // tried; a person still gets the last one.
        let text = match fallback::fresh_reaction(&self.persona, intent, seen, &mut self.rng) {
            Ok(text) => text,
            Err(text) if to_human => text,
            Err(_) => return Err("every fallback would repeat the room".into()),
        };
        if engine::postprocess::check_template(&text, intent).is_err() {
            return Err("fallback refused by the guard".into());
        }
        let Ok(stances) = turn_guard.pushes(&text, intent) else {
            return Err("fallback over the stance cap".into());
        };
        let text = turn_guard.finalise(&text, to_human);
        Ok(Draft { text, reply_to, source: Source::Fallback, generation, refused, arousal, stances })
    }

    /// What a drafted turn gives the room: the model's text, the fallback,
    /// or silence; the bot remembers what it said.
    pub(super) fn finish(
        &mut self,
        outcome: Outcome,
        intent: &Intent,
        turn_guard: &TurnGuard,
        seen: &[String],
        heard: Option<memory::Heard>,
    ) -> TurnResult {
        let now = self.clock.now();
        let arousal = self.current_mood(now).arousal;
        let (reply_to, to_human) = (intent.reply_to, intent.to_human);
        let draft = match outcome {
            Outcome::Text { text, generation, refused, stances } => {
                let (generation, text) = (Some(generation), turn_guard.finalise(&text, to_human));
                Draft { text, reply_to, source: Source::Model, generation, refused, arousal, stances }
            }
            Outcome::Failed(reason) => return TurnResult::Silent { reason },
            Outcome::Dropped(reason) if !to_human => {
                return TurnResult::Silent { reason: format!("dropped by the guard: {reason}") };
            }
            // A person is not left unanswered because the model's drafts
            // were blocked: the templated answer (checked below) goes instead.
            Outcome::Dropped(_) => match self.fallback(None, MAX_GUARD_BLOCKS, intent, turn_guard, arousal, seen) {
                Ok(draft) => draft,
                Err(reason) => return TurnResult::Silent { reason },
            },
            Outcome::Refused { generation, refused } => {
                match self.fallback(generation, refused, intent, turn_guard, arousal, seen) {
                    Ok(draft) => draft,
                    Err(reason) => return TurnResult::Silent { reason },
                }
            }
        };
        self.limiter.record(now);
        TurnResult::Draft(self.remember(draft, intent, heard, now))
    }
}
