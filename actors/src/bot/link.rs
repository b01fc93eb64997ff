//! What a room holds of a bot ([`BotLink`]: the messages it sends it) and
//! [`BotFactory`], which starts a persona's actor from the store (at start,
//! and again after a crash) or hands a room the one already running.

#[cfg(test)]
use super::Crash;
use super::{BeliefsOf, BotActor, GrantFloor, MarketMoved, SetPersona, rehearse};
use crate::clock::Clock;
use crate::gateway::Generate;
use actix::WeakAddr;
use actix::prelude::*;
use engine::ids::Millis;
use engine::limiter::RateLimiter;
use engine::persona::Persona;
use schema::Store;
use std::sync::Arc;

/// What a room holds of a bot: the messages it sends it, not the actor's
/// concrete address (a test can plug in any actor that answers them).
#[derive(Clone)]
pub struct BotLink {
    pub floor: Recipient<GrantFloor>,
    pub market: Recipient<MarketMoved>,
    pub persona: Recipient<SetPersona>,
    pub beliefs: Recipient<BeliefsOf>,
    pub rehearse: Recipient<rehearse::Rehearse>,
    /// People forgotten: the bot drops them from its memory.
    pub forget: Recipient<crate::room::ForgetHumans>,
    #[cfg(test)]
    pub crash: Recipient<Crash>,
}

impl BotLink {
    /// Whether the bot's mailbox is still open (a panic closes it).
    pub fn connected(&self) -> bool {
        self.floor.connected()
    }
}

impl From<Addr<BotActor>> for BotLink {
    fn from(addr: Addr<BotActor>) -> Self {
        BotLink {
            floor: addr.clone().recipient(),
            #[cfg(test)]
            crash: addr.clone().recipient(),
            persona: addr.clone().recipient(),
            beliefs: addr.clone().recipient(),
            rehearse: addr.clone().recipient(),
            forget: addr.clone().recipient(),
            market: addr.recipient(),
        }
    }
}

/// Spawns bots from the store: used at start and to replace a crashed bot.
#[derive(Clone)]
pub struct BotFactory {
    pub store: Store,
    pub gateway: Recipient<Generate>,
    pub clock: Clock,
    pub seed: u64,
    /// One limiter per persona, whatever the number of its rooms.
    pub limiters: super::Limiters,
    /// One set of books per persona, likewise.
    pub books: super::Books,
    /// One memory per persona, likewise.
    pub memories: super::Memories,
    /// One mood and one set of beliefs per persona, likewise.
    pub minds: super::Minds,
    /// One actor per persona: every room it speaks in holds the same one
    /// (weakly here: the actor stops when its last room lets it go).
    pub actors: super::shared::PerPersona<WeakAddr<BotActor>>,
}

/// The persona's actor if it runs (a panic closes its mailbox).
fn alive(weak: &WeakAddr<BotActor>) -> Option<Addr<BotActor>> {
    weak.upgrade().filter(Addr::connected)
}

impl BotFactory {
    /// Loads the bot's persona, mood and recent messages and starts it.
    pub async fn spawn(&self, bot_id: &str) -> anyhow::Result<(BotLink, Arc<Persona>)> {
        use anyhow::Context as _;
        let row = self
            .store
            .bot(bot_id)
            .await
            .context("loading the bot")?
            .ok_or_else(|| anyhow::anyhow!("bot {bot_id} is not in the store"))?;
        // One copy, shared by the bot actor and the room's member.
        let persona = Arc::new(row.persona()?);
        // The persona already speaks in another room of this process: the same actor.
        if let Some(addr) = self.actors.get(bot_id).as_ref().and_then(alive) {
            return Ok((addr.into(), persona));
        }
        let now = self.clock.now();
        // The persona's first bot in this process reads its last hour (every room) from the store.
        let times = match self.limiters.has(bot_id) {
            true => Vec::new(),
            false => self
                .store
                .bot_message_times(bot_id, now.0 - Millis::HOUR)
                .await
                .context("loading the bot's recent messages")?,
        };
        let (per_hour, gap) = (persona.per_hour, persona.min_gap_secs);
        let limiter = self
            .limiters
            .get_or(bot_id, || RateLimiter::restore(per_hour, gap, times.into_iter().map(Millis).collect()));
        let book = match self.books.get(bot_id) {
            Some(b) => b,
            None => {
                let trades = self.store.trades_of(bot_id).await.context("loading the bot's trades")?;
                // Books that do not add up start again from the persona
                // file, and say why: a bot that cannot start is worse.
                let book = engine::book::Book::replay(&persona, trades).unwrap_or_else(|e| {
                    tracing::error!(bot = %bot_id, error = %e, "stored trades do not fit the books; opening from the persona");
                    engine::book::Book::open(&persona)
                });
                self.books.get_or(bot_id, || super::SharedBook::new(&persona, book, now))
            }
        };
        let memory = match self.memories.get(bot_id) {
            Some(m) => m,
            None => {
                let m = super::SharedMemory::load(&self.store, bot_id).await.context("loading the bot's memory")?;
                self.memories.get_or(bot_id, || m)
            }
        };
        let mind = match self.minds.get(bot_id) {
            Some(m) => m,
            None => {
                // Beliefs that no longer read start again from the stances, and say why.
                let saved = row.beliefs(&persona).unwrap_or_else(|e| {
                    tracing::error!(bot = %bot_id, error = %e, "saved beliefs cannot be used; starting from the stances");
                    None
                });
                let mind = super::SharedMind::new(&persona, row.mood(), now).with_saved_beliefs(saved);
                self.minds.get_or(bot_id, || mind)
            }
        };
        let seed = self.seed ^ crate::llm::fnv(bot_id.as_bytes());
        let actor = BotActor::new(
            persona.clone(),
            row.mood(),
            limiter,
            self.gateway.clone(),
            self.store.clone(),
            self.clock,
            seed,
        )
        .with_book(book)
        .with_memory(memory)
        .with_mind(mind);
        let mut started = None;
        let weak = self.actors.get_or_replace(
            bot_id,
            |w| alive(w).is_some(),
            || {
                let addr = Supervisor::start(move |_| actor);
                let weak = addr.downgrade();
                started = Some(addr);
                weak
            },
        );
        let addr = started.or_else(|| alive(&weak)).context("the persona's actor stopped as it started")?;
        Ok((addr.into(), persona))
    }
}
