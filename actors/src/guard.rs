//! The guard in the runtime. A room hands each bot a [`TurnGuard`] with the
//! floor: its stance ledger, the guard settings and the secret parts of its
//! members' prompts. The bot checks every draft with it, counts every block
//! (a `guard_blocks` row and an info log with the reason code, never the
//! text), refuses injection attempts by rule and applies the disclaimer.

use crate::clock::Clock;
use engine::guard::injection::{self, Injection};
use engine::guard::leak;
use engine::guard::settings::GuardSettings;
use engine::guard::stance::{self, Push, StanceLedger};
use engine::guard::{disclaimer, honesty};
use engine::intent::{Goal, Intent};
use engine::persona::Persona;
use engine::postprocess::Reject;
use engine::transcript::{AuthorKind, Transcript};
use schema::Store;
use std::sync::Arc;

/// What a bot needs of its room to check a draft.
#[derive(Debug, Clone, Default)]
pub struct TurnGuard {
    pub room_id: String,
    pub settings: GuardSettings,
    /// The pushes of the room's last bot messages.
    pub ledger: StanceLedger,
    /// The secret part of every member's system prompt.
    pub secrets: Arc<Vec<String>>,
    /// Where blocks are counted for `/metrics`.
    pub metrics: crate::metrics::Metrics,
}

impl TurnGuard {
    /// The room-level checks on a cleaned draft: leaks, then the stance cap.
    /// Returns the pushes the draft makes (the room records them).
    pub fn review(&self, text: &str, intent: &Intent) -> Result<Vec<Push>, Reject> {
        let secrets: Vec<&str> = self.secrets.iter().map(String::as_str).collect();
        if let Some(l) = leak::check(text, &secrets) {
            return Err(Reject::Leak(l));
        }
        self.pushes(text, intent)
    }

    /// The stance cap alone (fallback templates cannot leak).
    pub fn pushes(&self, text: &str, intent: &Intent) -> Result<Vec<Push>, Reject> {
        let pushes = stance::classify(text, intent.quote.as_ref().map(|q| q.symbol.as_str()));
        self.ledger.check(&pushes, &self.settings.stance()).map_err(Reject::Stance)?;
        Ok(pushes)
    }

    /// The final text: the disclaimer applied by policy.
    pub fn finalise(&self, text: &str, to_human: bool) -> String {
        disclaimer::apply(text, self.settings.disclaimer, &self.settings.disclaimer_text, to_human)
    }
}

/// Counts one block: a `guard_blocks` row, the metric, and an info log without text.
pub async fn count_block(store: &Store, clock: Clock, guard: &TurnGuard, bot: &str, reason: &str) {
    let room = guard.room_id.as_str();
    tracing::info!(room = %room, bot = %bot, reason, "draft blocked by the guard");
    guard.metrics.guard_block(reason);
    if let Err(e) = store.record_guard_block(room, bot, reason, clock.now().0).await {
        tracing::warn!(room = %room, error = %e, "guard block could not be counted");
    }
}

/// What a bot does about an injection attempt addressed to it.
#[derive(Debug, Clone, PartialEq)]
pub enum InjectionTurn {
    /// Refuse in character, without the model.
    Refuse { text: String, attempt: Injection },
    /// Another bot already refused it: say nothing.
    Silent { attempt: Injection },
}

/// The bot's answer when the person it answers is attempting an injection.
pub fn injection_turn(persona: &Persona, intent: &Intent, lines: &Transcript, pick: u64) -> Option<InjectionTurn> {
    let Goal::AnswerHuman { text, .. } = &intent.goal else { return None };
    let attempt = injection::detect(text)?;
    let refused =
        lines.iter().any(|l| l.kind == AuthorKind::Bot && l.reply_to.is_some() && l.reply_to == intent.reply_to);
    if refused {
        return Some(InjectionTurn::Silent { attempt });
    }
    let text = injection::refusal(persona, honesty::looks_english(text), pick);
    Some(InjectionTurn::Refuse { text, attempt })
}

/// The transcript without people's injection attempts: they never reach a
/// prompt.
pub fn without_injections(transcript: &Transcript) -> Transcript {
    let mut out = Transcript::default();
    transcript
        .iter()
        .filter(|l| l.kind == AuthorKind::Bot || injection::detect(&l.text).is_none())
        .for_each(|l| out.push(l.clone()));
    out
}

/// The secret part of each persona's system prompt (for the leak check).
pub fn secrets_of<'a>(personas: impl Iterator<Item = &'a Persona>) -> Arc<Vec<String>> {
    Arc::new(personas.map(|p| leak::secret_part(&engine::prompt::system_part(p))).collect())
}
