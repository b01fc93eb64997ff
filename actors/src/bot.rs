//! `BotActor`: one per bot. It owns its persona, mood and rate limiter; when
//! the room grants it the floor it forms an intent, asks the gateway for
//! text, cleans and guards it, and returns a draft. A bot that crashes is
//! re-spawned from the store by [`BotFactory`] (persona, mood, and a limiter
//! rebuilt from its stored messages).

use crate::clock::Clock;
use crate::gateway::{Generate, Generation};
use actix::prelude::*;
use engine::budget::Tier;
use engine::fallback;
use engine::floor::Grant;
use engine::guard::compliance;
use engine::ids::Millis;
use engine::intent::{self, Event, Goal, Intent};
use engine::limiter::RateLimiter;
use engine::market::{Move, Quote};
use engine::mood::Mood;
use engine::persona::Persona;
use engine::postprocess::{self, Reject};
use engine::prompt::{self, Prompt};
use engine::transcript::{Line, Transcript};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use schema::Store;

/// The room gives this bot the floor.
#[derive(Message)]
#[rtype(result = "TurnResult")]
pub struct GrantFloor {
    pub grant: Grant,
    pub lines: Vec<Line>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
    /// The best tier the budget allows; the bot picks within it (people and
    /// headlines get `important`, chatter `banter`).
    pub max_tier: Tier,
    /// The room, for metering and budgets.
    pub room: String,
}

/// Prices moved; the bot's mood follows what it holds.
#[derive(Message)]
#[rtype(result = "()")]
pub struct MarketMoved(pub Vec<Move>);

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
}

/// Drafts asked of the model per turn before falling back to a template.
pub const MAX_DRAFTS: u32 = 3;
/// How often the mood is written to the store, at most.
const MOOD_SAVE_EVERY_MS: i64 = 60_000;

pub struct BotActor {
    persona: Persona,
    mood: Mood,
    mood_at: Millis,
    mood_saved_at: Millis,
    limiter: RateLimiter,
    gateway: Recipient<Generate>,
    store: Store,
    clock: Clock,
    rng: ChaCha8Rng,
}

impl BotActor {
    pub fn new(
        persona: Persona,
        mood: Mood,
        limiter: RateLimiter,
        gateway: Recipient<Generate>,
        store: Store,
        clock: Clock,
        seed: u64,
    ) -> Self {
        let now = clock.now();
        BotActor {
            persona,
            mood,
            mood_at: now,
            mood_saved_at: now,
            limiter,
            gateway,
            store,
            clock,
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    fn current_mood(&mut self, now: Millis) -> Mood {
        self.mood = self.mood.decay(now.since(self.mood_at));
        self.mood_at = now;
        self.mood
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

    #[tracing::instrument(skip_all, fields(bot = %self.persona.username))]
    fn handle(&mut self, msg: GrantFloor, _: &mut Self::Context) -> Self::Result {
        let now = self.clock.now();
        if let Err(wait) = self.limiter.check(now) {
            return Box::pin(fut::ready(TurnResult::Declined { ready_at: now.plus_ms(wait) }));
        }
        let mut transcript = Transcript::default();
        msg.lines.into_iter().for_each(|l| transcript.push(l));
        let mood = self.current_mood(now);
        let intent =
            intent::form(&self.persona, mood, &msg.grant, &transcript, &msg.quotes, &msg.events, &mut self.rng);
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
            })));
        }
        let big_news = matches!(intent.goal, Goal::ReactHeadline { .. });
        let tier = engine::budget::tier_for(intent.to_human, big_news, msg.max_tier);
        if tier == Tier::Reaction {
            let text = fallback::reaction(&self.persona, &intent, &mut self.rng);
            if !compliance::check_reply(&text, intent.to_human).is_allowed() {
                return Box::pin(fut::ready(TurnResult::Silent { reason: "reaction refused by the guard".into() }));
            }
            self.limiter.record(now);
            let (reply_to, source, arousal) = (intent.reply_to, Source::Reaction, mood.arousal);
            let draft = Draft { text, reply_to, source, generation: None, refused: 0, arousal };
            return Box::pin(fut::ready(TurnResult::Draft(draft)));
        }
        let prompt = prompt::build(&self.persona, &intent, &transcript);
        let seed = self.rng.next_u64();
        let (gateway, persona) = (self.gateway.clone(), self.persona.clone());
        let recent: Vec<String> = transcript.iter().map(|l| l.text.clone()).collect();
        let ask = Ask { prompt, seed, tier, room: msg.room };
        let work = draft_with_model(gateway, persona, intent.clone(), ask, recent);
        Box::pin(work.into_actor(self).map(move |outcome, act, _| act.finish(outcome, &intent)))
    }
}

impl BotActor {
    fn finish(&mut self, outcome: Outcome, intent: &Intent) -> TurnResult {
        let now = self.clock.now();
        let arousal = self.current_mood(now).arousal;
        let draft = match outcome {
            Outcome::Text { text, generation, refused } => {
                let generation = Some(generation);
                Draft { text, reply_to: intent.reply_to, source: Source::Model, generation, refused, arousal }
            }
            Outcome::Failed(reason) => return TurnResult::Silent { reason },
            Outcome::Refused { generation, refused } => {
                let text = fallback::reaction(&self.persona, intent, &mut self.rng);
                if !compliance::check_reply(&text, intent.to_human).is_allowed() {
                    return TurnResult::Silent { reason: "fallback refused by the guard".into() };
                }
                Draft { text, reply_to: intent.reply_to, source: Source::Fallback, generation, refused, arousal }
            }
        };
        self.limiter.record(now);
        TurnResult::Draft(draft)
    }
}

enum Outcome {
    Text { text: String, generation: Generation, refused: u32 },
    Refused { generation: Option<Generation>, refused: u32 },
    Failed(String),
}

/// What to ask the gateway for.
struct Ask {
    prompt: Prompt,
    seed: u64,
    tier: Tier,
    room: String,
}

/// Asks the model up to [`MAX_DRAFTS`] times, telling it why a draft was refused.
async fn draft_with_model(
    gateway: Recipient<Generate>,
    persona: Persona,
    intent: Intent,
    ask: Ask,
    recent: Vec<String>,
) -> Outcome {
    let mut last = None;
    let mut hint: Option<&'static str> = None;
    for attempt in 0..MAX_DRAFTS {
        let mut prompt = ask.prompt.clone();
        if let Some(h) = hint {
            prompt.user.push_str(&format!("\nDikkat: {h}"));
        }
        let seed = ask.seed.wrapping_add(u64::from(attempt) * 7919);
        let request = Generate { prompt, seed, tier: ask.tier, room: Some(ask.room.clone()) };
        let generation = match gateway.send(request).await {
            Ok(Ok(g)) => g,
            Ok(Err(e)) => return Outcome::Failed(e.to_string()),
            Err(e) => return Outcome::Failed(format!("gateway unavailable: {e}")),
        };
        let cleaned = postprocess::clean(&generation.completion.text, &persona, &intent)
            .and_then(|t| if postprocess::is_repeat(&t, &recent) { Err(Reject::Repeat) } else { Ok(t) });
        match cleaned {
            Ok(text) => {
                return Outcome::Text { text, generation, refused: attempt };
            }
            Err(reject) => {
                tracing::debug!(bot = %persona.username, %reject, "draft refused");
                hint = Some(hint_for(&reject));
                last = Some(generation);
            }
        }
    }
    Outcome::Refused { generation: last, refused: MAX_DRAFTS }
}

fn hint_for(reject: &Reject) -> &'static str {
    match reject {
        Reject::Guard(v) => v.instruction(),
        Reject::UnknownNumber(_) => "Yalnızca sana verilen rakamları kullan.",
        Reject::NotTurkish => "Sadece Türkçe yaz.",
        Reject::Assistant => "Asistan gibi değil, sohbet eden biri gibi yaz.",
        Reject::Echo => "Talimatları tekrar etme, sadece mesajı yaz.",
        Reject::Empty => "Bir ya da iki kısa cümle yaz.",
        Reject::Repeat => "Başkalarının yazdığını tekrarlama, kendi sözlerinle yaz.",
    }
}

impl Handler<MarketMoved> for BotActor {
    type Result = ();

    fn handle(&mut self, msg: MarketMoved, ctx: &mut Self::Context) {
        let now = self.clock.now();
        let mut mood = self.current_mood(now);
        for m in &msg.0 {
            mood = mood.on_move(&self.persona, &m.symbol, m.step_pct);
        }
        self.mood = mood;
        if now.since(self.mood_saved_at) >= MOOD_SAVE_EVERY_MS {
            self.mood_saved_at = now;
            let (store, id) = (self.store.clone(), self.persona.username.to_string());
            ctx.spawn(
                async move {
                    if let Err(e) = store.save_mood(&id, mood, now.0).await {
                        tracing::warn!(bot = %id, error = %e, "could not save mood");
                    }
                }
                .into_actor(self),
            );
        }
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

/// Spawns bots from the store: used at start and to replace a crashed bot.
#[derive(Clone)]
pub struct BotFactory {
    pub store: Store,
    pub gateway: Recipient<Generate>,
    pub clock: Clock,
    pub seed: u64,
}

impl BotFactory {
    /// Loads the bot's persona, mood and recent messages and starts it.
    pub async fn spawn(&self, bot_id: &str) -> anyhow::Result<(Addr<BotActor>, Persona)> {
        use anyhow::Context as _;
        let row = self
            .store
            .bot(bot_id)
            .await
            .context("loading the bot")?
            .ok_or_else(|| anyhow::anyhow!("bot {bot_id} is not in the store"))?;
        let persona = row.persona()?;
        let now = self.clock.now();
        let times = self
            .store
            .bot_message_times(bot_id, now.0 - Millis::HOUR)
            .await
            .context("loading the bot's recent messages")?;
        let limiter =
            RateLimiter::restore(persona.per_hour, persona.min_gap_secs, times.into_iter().map(Millis).collect());
        let seed = self.seed ^ crate::llm::fnv(bot_id.as_bytes());
        let actor = BotActor::new(
            persona.clone(),
            row.mood(),
            limiter,
            self.gateway.clone(),
            self.store.clone(),
            self.clock,
            seed,
        );
        let addr = Supervisor::start(move |_| actor);
        Ok((addr, persona))
    }
}
