//! A rehearsal: the bot's turn as it would be now, for an operator (the
//! console's dry run and prompt inspector). The bot forms its intent from
//! the room's context the room sends, builds the exact prompt it would send,
//! and drafts `samples` times with the model, keeping every attempt and why
//! it was refused. Nothing is sent, nothing is counted: the bot's rate
//! limiter, random state, mood and the room's guard statistics stay as they
//! were.

use super::drafting::{Attempt, Drafting, Outcome};
use super::{BotActor, GrantFloor};
use crate::guard::{self, InjectionTurn};
use actix::prelude::*;
use engine::budget::Tier;
use engine::intent::{self, Goal, Intent};
use engine::prompt::{self, Prompt};
use engine::transcript::Transcript;
use rand::RngCore;
use serde::Serialize;

/// Most drafts one rehearsal asks for.
pub const MAX_SAMPLES: u8 = 5;

/// Rehearse a turn: the room's context as for a real turn, and how many drafts.
#[derive(Message)]
#[rtype(result = "Rehearsal")]
pub struct Rehearse {
    pub floor: GrantFloor,
    /// 0: the prompt only.
    pub samples: u8,
}

/// The prompt as the model would get it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PromptView {
    pub system: String,
    pub user: String,
    pub max_tokens: u32,
    /// Estimated tokens (≈ 4 characters a token, as the meter counts when a provider reports none).
    pub system_tokens: u32,
    pub user_tokens: u32,
    /// The system part's share of the prompt: the prefix a provider can cache across turns.
    pub stable_prefix_share: f64,
}

impl PromptView {
    fn of(p: &Prompt) -> Self {
        let (system_tokens, user_tokens) =
            (crate::llm::estimate_tokens(&p.system), crate::llm::estimate_tokens(&p.user));
        let total = f64::from(system_tokens + user_tokens);
        let stable = f64::from(crate::llm::estimate_tokens(p.stable()));
        let stable_prefix_share = if total > 0.0 { stable / total } else { 0.0 };
        PromptView {
            system: p.system.clone(),
            user: p.user.clone(),
            max_tokens: p.max_tokens,
            system_tokens,
            user_tokens,
            stable_prefix_share,
        }
    }
}

/// One drafted turn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sample {
    /// Every draft the model wrote, in order, with why it was refused.
    pub attempts: Vec<Attempt>,
    /// What the room would show (with the disclaimer where it applies); none when nothing would be sent.
    pub sent: Option<String>,
    /// `sent`, `fallback` (every draft refused: the templated line would go),
    /// `dropped` (the guard blocked it twice), `failed` (no provider answered).
    pub outcome: &'static str,
    /// The guard's reason or the provider's failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What the bot would do now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rehearsal {
    pub bot: String,
    /// What the bot would set out to say (its goal, the quote, the numbers it may use).
    pub intent: Intent,
    /// Answered without the model, and how (`honesty`, `advice_decline`,
    /// `injection_refusal`, `reaction`): the rule's text is in `rule_text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_text: Option<String>,
    pub tier: Tier,
    pub prompt: PromptView,
    pub samples: Vec<Sample>,
}

impl Handler<Rehearse> for BotActor {
    type Result = ResponseActFuture<Self, Rehearsal>;

    fn handle(&mut self, msg: Rehearse, _: &mut Self::Context) -> Self::Result {
        let now = self.clock.now();
        let floor = msg.floor;
        let mut transcript = Transcript::default();
        floor.lines.into_iter().for_each(|l| transcript.push(l));
        // A copy of the bot's state: the rehearsal leaves the bot as it was.
        let mut rng = self.rng.clone();
        let mood = self.mind.mood(now);
        let mut intent =
            intent::form(&self.persona, mood, &floor.grant, &transcript, &floor.quotes, &floor.events, &mut rng);
        let book = self.book.snapshot();
        intent.hold(&book, now);
        let persona_now = self.mind.with_beliefs(now, |b| b.persona_now(&self.persona));
        let prompt = prompt::build(&persona_now, &intent, &guard::without_injections(&transcript));
        let big_news = matches!(intent.goal, Goal::ReactHeadline { .. });
        let tier = engine::budget::tier_for(intent.to_human, big_news, floor.max_tier);
        let (rule, rule_text) = match (&intent.goal, intent.answers_advice()) {
            (Goal::DiscloseAi { english }, _) => {
                (Some("honesty"), Some(engine::guard::honesty::honest_answer(&self.persona, *english)))
            }
            (Goal::AnswerHuman { .. }, Some(_)) => {
                (Some("advice_decline"), Some(engine::fallback::reaction(&self.persona, &intent, &mut rng)))
            }
            (Goal::AnswerHuman { .. }, None) if intent.comforts() => {
                (Some("comfort"), Some(engine::fallback::reaction(&self.persona, &intent, &mut rng)))
            }
            (Goal::AnswerHuman { .. }, None) if floor.topic_first && intent.first_topic_answer(&transcript) => {
                (Some("topic"), Some(engine::fallback::reaction(&self.persona, &intent, &mut rng)))
            }
            _ => match guard::injection_turn(&self.persona, &intent, &transcript, rng.next_u64()) {
                Some(InjectionTurn::Refuse { text, .. }) => (Some("injection_refusal"), Some(text)),
                Some(InjectionTurn::Silent { .. }) => (Some("injection_refusal"), None),
                None if tier == Tier::Reaction => {
                    (Some("reaction"), Some(engine::fallback::reaction(&self.persona, &intent, &mut rng)))
                }
                None => (None, None),
            },
        };
        let samples = if rule.is_some() { 0 } else { msg.samples.min(MAX_SAMPLES) };
        let recent: Vec<String> = transcript.iter().map(|l| l.text.clone()).collect();
        let window: Vec<(String, String)> =
            transcript.iter().map(|l| (l.author_name.clone(), l.text.clone())).collect();
        let drafts: Vec<Drafting> = (0..samples)
            .map(|_| Drafting {
                gateway: self.gateway.clone(),
                persona: self.persona.clone(),
                intent: intent.clone(),
                prompt: prompt.clone(),
                seed: rng.next_u64(),
                tier,
                recent: recent.clone(),
                window: window.clone(),
                guard: floor.guard.clone(),
                store: self.store.clone(),
                clock: self.clock,
                book: book.clone(),
                quotes: floor.quotes.clone(),
            })
            .collect();
        let turn_guard = floor.guard;
        let to_human = intent.to_human;
        let report = Rehearsal {
            bot: self.persona.username.to_string(),
            intent,
            rule,
            rule_text,
            tier,
            prompt: PromptView::of(&prompt),
            samples: Vec::new(),
        };
        let work = async move {
            let mut out = Vec::new();
            for d in drafts {
                let (outcome, attempts) = d.run_traced(false).await;
                let (sent, outcome, reason) = match outcome {
                    Outcome::Text { text, .. } => (Some(turn_guard.finalise(&text, to_human)), "sent", None),
                    Outcome::Refused { .. } => (None, "fallback", None),
                    Outcome::Dropped(code) => (None, "dropped", Some(code.to_string())),
                    Outcome::Failed(why) => (None, "failed", Some(why)),
                };
                out.push(Sample { attempts, sent, outcome, reason });
            }
            out
        };
        Box::pin(work.into_actor(self).map(move |samples, _, _| Rehearsal { samples, ..report }))
    }
}
