//! `BotActor`: one per persona in the process, speaking in each of its
//! rooms. It owns its persona, mood and rate limiter; when a room grants it
//! the floor it forms an intent, asks the gateway for text, cleans and
//! guards it, and returns a draft (turns in two rooms run side by side,
//! within the one limiter). A bot that crashes is re-spawned from the store
//! by [`BotFactory`] (persona, mood, and a limiter rebuilt from its stored
//! messages), once for all its rooms.
//!
//! - `drafting`: asking the model, cleaning and guarding its drafts.
//! - `control`: an edited persona reaching the running bot.
//! - `templated`: how a drafted turn ends: the model's text, the templated
//!   fallback when every draft was refused, or silence.
//! - `rehearse`: an operator's dry run: the prompt and drafts of a turn, nothing sent.
//! - `market`: prices and headlines reaching the bot's mood and beliefs.
//! - `link`: what a room holds of a bot (`BotLink`), and `BotFactory`, which starts bots from the store.
//! - `limits`: one rate limiter per persona, shared by its bots in every room.
//! - `books`: one set of books per persona (cash, positions, trades), shared
//!   likewise; the bot trades on market steps in its persona's style.
//! - `memory`: one memory per persona (what it said, a card per person),
//!   shared likewise, read back from the store, cleared when people are forgotten.
//! - `mind`: one mood and one set of beliefs per persona, shared likewise;
//!   news, moves, trades and how the rooms take what it says move them.
//! - `shared`: what a persona's bots share across rooms, by bot id.

use crate::clock::Clock;
use crate::gateway::{Generate, Generation};
use crate::guard::{self, InjectionTurn, TurnGuard};
use actix::prelude::*;
use engine::budget::Tier;
use engine::fallback;
use engine::floor::Grant;
use engine::guard::stance::Push;
use engine::ids::Millis;
use engine::intent::{self, Event, Goal};
use engine::market::Quote;
use engine::mood::Mood;
use engine::mood::talk::Heed;
use engine::persona::Persona;
use engine::prompt;
use engine::transcript::{Line, Transcript};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use schema::Store;
use std::sync::Arc;
use tracing::Instrument;
use tracing::field::Empty;

mod books;
mod control;
mod drafting;
mod limits;
mod link;
mod market;
mod memory;
mod mind;
pub mod rehearse;
mod shared;
mod templated;

pub use books::{Books, SharedBook};
pub use control::SetPersona;
pub use drafting::judge;
pub use limits::{Limiters, SharedLimiter};
pub use link::{BotFactory, BotLink};
pub use market::{BeliefsOf, MarketMoved};
pub use memory::{Memories, SharedMemory};
pub use mind::{Minds, SharedMind};

use drafting::{Drafting, Outcome};

/// The room gives this bot the floor.
#[derive(Message)]
#[rtype(result = "TurnResult")]
pub struct GrantFloor {
    /// The room asking (a persona speaks in several).
    pub room: String,
    /// The turn's span: the bot's drafting is its child.
    pub span: tracing::Span,
    pub grant: Grant,
    pub lines: Vec<Line>,
    pub quotes: std::sync::Arc<[Quote]>,
    pub events: Vec<Event>,
    /// The room's guard: stance ledger, settings, members' prompt secrets.
    pub guard: TurnGuard,
    /// The best tier the budget allows; the bot picks within it (people and
    /// headlines get `important`, chatter `banter`).
    pub max_tier: Tier,
    /// The first answer to a person's question on a common topic is the
    /// engine's ([`RoomSettings::topic_answers_first`](crate::room::RoomSettings)).
    pub topic_first: bool,
}

/// What came of a turn.
#[derive(Debug, Clone, PartialEq)]
pub enum TurnResult {
    Draft(Draft),
    /// The bot's own limiter said no; it may speak again at `ready_at`.
    Declined {
        ready_at: Millis,
    },
    /// Nothing to say (every provider failed); the room moves on.
    Silent {
        reason: String,
    },
}

/// Where a draft's text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Model,
    /// Decided by rules, no model (the honest "I am an AI" answer).
    Rule,
    /// The model's drafts were refused; a templated reaction.
    Fallback,
    /// The director gave the `reaction` tier (budget): a templated reaction, no model.
    Reaction,
}

/// A message the bot wants to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub text: String,
    pub reply_to: Option<i64>,
    pub source: Source,
    pub generation: Option<Generation>,
    /// Drafts refused before this one.
    pub refused: u32,
    /// The bot's excitement (mood arousal 0..1) when it wrote this; the room
    /// lets excited bots speak more.
    pub arousal: f64,
    /// Which way the text pushes tickers (the room's stance ledger records it).
    pub stances: Vec<Push>,
}

/// Drafts asked of the model per turn before falling back to a template.
pub const MAX_DRAFTS: u32 = 3;
/// Guard blocks (compliance, stance cap, leak) after which a turn's draft is
/// dropped: a blocked draft is regenerated once with the reason, no more.
pub const MAX_GUARD_BLOCKS: u32 = 2;

pub struct BotActor {
    persona: Arc<Persona>,
    /// Its mood and beliefs, shared with the persona's bots in other rooms.
    mind: SharedMind,
    /// What it has already taken in of how each room answers it.
    heeds: std::collections::HashMap<String, Heed>,
    /// When it started: older lines of a room were taken in before.
    started: Millis,
    /// Shared likewise.
    limiter: SharedLimiter,
    /// Shared likewise.
    book: SharedBook,
    /// Shared likewise.
    memory: SharedMemory,
    /// Trading draws from its own stream, so that a trade does not change
    /// what the bot says next.
    trade_rng: ChaCha8Rng,
    gateway: Recipient<Generate>,
    store: Store,
    clock: Clock,
    rng: ChaCha8Rng,
}

impl BotActor {
    pub fn new(
        persona: Arc<Persona>,
        mood: Mood,
        limiter: impl Into<SharedLimiter>,
        gateway: Recipient<Generate>,
        store: Store,
        clock: Clock,
        seed: u64,
    ) -> Self {
        let now = clock.now();
        let book = SharedBook::new(&persona, engine::book::Book::open(&persona), now);
        BotActor {
            mind: SharedMind::new(&persona, mood, now),
            heeds: Default::default(),
            started: now,
            persona,
            limiter: limiter.into(),
            book,
            memory: SharedMemory::default(),
            trade_rng: ChaCha8Rng::seed_from_u64(seed ^ 0x5452_4144_4553),
            gateway,
            store,
            clock,
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// The persona's shared memory instead of one of its own.
    pub fn with_memory(mut self, memory: SharedMemory) -> Self {
        self.memory = memory;
        self
    }

    /// The persona's shared books instead of a set of its own.
    pub fn with_book(mut self, book: SharedBook) -> Self {
        self.book = book;
        self
    }

    /// The persona's shared mood and beliefs instead of its own.
    pub fn with_mind(mut self, mind: SharedMind) -> Self {
        self.mind = mind;
        self
    }

    fn current_mood(&self, now: Millis) -> Mood {
        self.mind.mood(now)
    }
}

impl Actor for BotActor {
    type Context = Context<Self>;
}

impl Supervised for BotActor {
    fn restarting(&mut self, _: &mut Self::Context) {
        tracing::warn!(bot = %self.persona.username, "bot restarting");
    }
}

impl Handler<GrantFloor> for BotActor {
    type Result = ResponseActFuture<Self, TurnResult>;

    fn handle(&mut self, msg: GrantFloor, ctx: &mut Self::Context) -> Self::Result {
        let now = self.clock.now();
        let span = tracing::info_span!(
            parent: &msg.span,
            "bot.draft",
            bot = %self.persona.username,
            to_human = Empty,
            tier = Empty,
            source = "rule",
            refused = Empty,
        );
        let _in = span.enter();
        let limit = if msg.grant.reason == engine::floor::Reason::Mentioned {
            self.limiter.check_answer(now)
        } else {
            self.limiter.check(now)
        };
        if let Err(wait) = limit {
            return Box::pin(fut::ready(TurnResult::Declined { ready_at: now.plus_ms(wait) }));
        }
        let mut transcript = Transcript::default();
        msg.lines.into_iter().for_each(|l| transcript.push(l));
        self.hear(&msg.room, &transcript, now);
        let mood = self.current_mood(now);
        let mut intent =
            intent::form(&self.persona, mood, &msg.grant, &transcript, &msg.quotes, &msg.events, &mut self.rng);
        let book = self.book.snapshot();
        intent.hold(&book, now);
        let heard = memory::Heard::of(msg.grant.reply_to.and_then(|id| transcript.get(id)));
        self.memory.saw(transcript.iter(), msg.grant.reply_to);
        let about = intent.quote.as_ref().map(|q| q.symbol.as_str());
        // Recalled for an answer (to a person or a bot), where contradicting
        // itself would show; chatter goes without (prompt tokens).
        if msg.grant.reply_to.is_some() {
            let recall = self.memory.recall(heard.as_ref(), about, now);
            let leaning = about.map_or(0, |s| self.mind.with_beliefs(now, |b| b.leaning(s)));
            intent.memory = recall.leaning_now(leaning);
        }
        span.record("to_human", intent.to_human);
        if let Goal::DiscloseAi { english } = intent.goal {
            self.limiter.record(now);
            let text = engine::guard::honesty::honest_answer(&self.persona, english);
            return Box::pin(fut::ready(TurnResult::Draft(Draft {
                text,
                reply_to: msg.grant.reply_to,
                source: Source::Rule,
                generation: None,
                refused: 0,
                arousal: mood.arousal,
                stances: Vec::new(),
            })));
        }
        // A person's request for personal advice or a guarantee gets the
        // in-character decline by rule, a scared person the comfort.
        if intent.answered_by_rule() || (msg.topic_first && intent.first_topic_answer(&transcript)) {
            let text = fallback::reaction(&self.persona, &intent, &mut self.rng);
            if engine::postprocess::check_template(&text, &intent).is_ok() {
                self.limiter.record(now);
                let text = msg.guard.finalise(&text, true);
                let (reply_to, arousal) = (intent.reply_to, mood.arousal);
                let draft = Draft {
                    text,
                    reply_to,
                    source: Source::Rule,
                    generation: None,
                    refused: 0,
                    arousal,
                    stances: Vec::new(),
                };
                return Box::pin(fut::ready(TurnResult::Draft(draft)));
            }
        }
        match guard::injection_turn(&self.persona, &intent, &transcript, self.rng.next_u64()) {
            Some(InjectionTurn::Refuse { text, attempt }) => {
                self.limiter.record(now);
                self.spawn_count(ctx, msg.guard.clone(), attempt.code());
                let draft = Draft {
                    text,
                    reply_to: intent.reply_to,
                    source: Source::Rule,
                    generation: None,
                    refused: 0,
                    arousal: mood.arousal,
                    stances: Vec::new(),
                };
                return Box::pin(fut::ready(TurnResult::Draft(draft)));
            }
            Some(InjectionTurn::Silent { attempt }) => {
                self.spawn_count(ctx, msg.guard.clone(), attempt.code());
                return Box::pin(fut::ready(TurnResult::Silent { reason: "injection attempt already refused".into() }));
            }
            None => {}
        }
        let big_news = matches!(intent.goal, Goal::ReactHeadline { .. });
        let tier = engine::budget::tier_for(intent.to_human, big_news, msg.max_tier);
        span.record("tier", tier.as_str());
        if tier == Tier::Reaction {
            span.record("source", "reaction");
            let seen: Vec<String> = transcript.iter().map(|l| l.text.clone()).collect();
            let Ok(text) = fallback::fresh_reaction(&self.persona, &intent, &seen, &mut self.rng) else {
                return Box::pin(fut::ready(TurnResult::Silent {
                    reason: "every reaction would repeat the room".into(),
                }));
            };
            if engine::postprocess::check_template(&text, &intent).is_err() {
                return Box::pin(fut::ready(TurnResult::Silent { reason: "reaction refused by the guard".into() }));
            }
            self.limiter.record(now);
            let (reply_to, source, arousal) = (intent.reply_to, Source::Reaction, mood.arousal);
            let draft = Draft { text, reply_to, source, generation: None, refused: 0, arousal, stances: Vec::new() };
            return Box::pin(fut::ready(TurnResult::Draft(draft)));
        }
        // The prompt sees the bot's views as the news has moved them.
        let persona_now = self.mind.with_beliefs(now, |b| b.persona_now(&self.persona));
        let prompt = prompt::build(&persona_now, &intent, &guard::without_injections(&transcript));
        let seed = self.rng.next_u64();
        let recent: Vec<String> = transcript.iter().map(|l| l.text.clone()).collect();
        let seen = recent.clone();
        let window = transcript.iter().map(|l| (l.author_name.clone(), l.text.clone())).collect();
        let work = Drafting {
            gateway: self.gateway.clone(),
            persona: self.persona.clone(),
            intent: intent.clone(),
            prompt,
            seed,
            tier,
            recent,
            window,
            guard: msg.guard.clone(),
            store: self.store.clone(),
            clock: self.clock,
            book,
            quotes: msg.quotes.clone(),
        }
        .run();
        let turn_guard = msg.guard;
        span.record("source", "model");
        let traced = span.clone();
        Box::pin(work.instrument(span.clone()).into_actor(self).map(move |outcome, act, _| {
            if let Outcome::Text { refused, .. } = &outcome {
                traced.record("refused", refused);
            }
            act.finish(outcome, &intent, &turn_guard, &seen, heard)
        }))
    }
}

impl BotActor {
    /// Counts a guard block in the background.
    fn spawn_count(&self, ctx: &mut Context<Self>, turn_guard: TurnGuard, reason: &'static str) {
        let (store, clock, bot) = (self.store.clone(), self.clock, self.persona.username.to_string());
        ctx.spawn(async move { guard::count_block(&store, clock, &turn_guard, &bot, reason).await }.into_actor(self));
    }
}

/// Crashes the bot on purpose (supervision tests).
#[cfg(test)]
#[derive(Message)]
#[rtype(result = "()")]
pub struct Crash;

#[cfg(test)]
impl Handler<Crash> for BotActor {
    type Result = ();
    fn handle(&mut self, _: Crash, _: &mut Self::Context) {
        panic!("bot crashed on purpose");
    }
}
