//! `MarketActor`: the prices and the news of a community. It keeps two
//! books: the seeded simulator (for `simulated` rooms) and the live book
//! the price adapters fill (for `live` rooms; nothing else reaches them).
//! News from the feeds is de-duplicated, classified by rules and sent to
//! every room, which keeps what concerns its bots; bundled headlines and
//! operators' events reach simulated rooms only. A headline's direction
//! moves simulated prices. Both books are saved, so a restart goes on from
//! the last known prices.
//!
//! - `settings`: `[market]` and `[news]`.
//! - `http`: polite polling (conditional GETs, back-off).
//! - `prices`: price adapters (generic JSON, exchange ticker, TCMB).
//! - `feeds`: RSS and Atom through feed-rs.
//! - `sources`: the poll loops that feed the actor.
//! - `messages`: what the market is sent and answers.
//! - `events`: operators' headlines and shocks, queued in the store.
//! - `operator`: the typed methods the CLI and the API call.

pub mod events;
pub mod feeds;
pub mod http;
mod messages;
pub mod operator;
pub mod prices;
pub mod settings;
mod sources;

pub use events::MarketEvent;
pub use messages::*;
pub use settings::{MarketSettings, NewsSettings};

use crate::clock::Clock;
use crate::community::RoomRegistry;
use crate::room::MarketUpdate;
use actix::prelude::*;
use anyhow::Context as _;
use engine::ids::Millis;
use engine::market::{Headline, LiveBook, MarketSim, Move, PriceMode};
use engine::news::Dedup;
use schema::Store;
use std::collections::BTreeMap;
use std::time::Duration;

/// Stories remembered for de-duplication.
const DEDUP_WINDOW: usize = 2_000;
/// How long seen stories are kept in the store.
const SEEN_KEEP_MS: i64 = 7 * Millis::DAY;
/// A queued event this late is skipped (a restart after its time).
pub const STALE_AFTER_MS: i64 = 10 * Millis::MINUTE;

pub struct MarketActor {
    sim: MarketSim,
    live: LiveBook,
    settings: MarketSettings,
    news: NewsSettings,
    bundled: Vec<Headline>,
    next_headline: usize,
    since_headline_ms: u64,
    /// The running rooms (those created at run time too: read at every send).
    rooms: RoomRegistry,
    dedup: Dedup,
    store: Store,
    clock: Clock,
    sources: BTreeMap<String, SourceReport>,
    /// The last headlines, newest last (status).
    recent: Vec<Headline>,
    polling_events: bool,
    /// Updates sent so far: each update's step number.
    steps: u64,
}

impl MarketActor {
    /// Loads the saved books and seen stories, then starts the market.
    pub async fn start(
        settings: MarketSettings,
        news: NewsSettings,
        rooms: RoomRegistry,
        store: Store,
        clock: Clock,
        utc_offset_minutes: i32,
    ) -> anyhow::Result<Addr<MarketActor>> {
        let sim_saved = store.quotes(PriceMode::Simulated).await.context("loading the simulated prices")?;
        let live_saved = store.quotes(PriceMode::Live).await.context("loading the live prices")?;
        let now = clock.now();
        let seen =
            store.recent_news_keys(now.0 - SEEN_KEEP_MS, DEDUP_WINDOW as i64).await.context("loading seen news")?;
        if !sim_saved.is_empty() || !live_saved.is_empty() {
            tracing::info!(simulated = sim_saved.len(), live = live_saved.len(), "market resumes from saved prices");
        }
        let bundled = if settings.bundled_headlines {
            // The bundled file is tested in engine; a parse failure means no headlines, not no market.
            engine::market::parse_headlines(engine::market::BUNDLED_HEADLINES).unwrap_or_default()
        } else {
            Vec::new()
        };
        let mut sim = MarketSim::resume(settings.seed, &sim_saved);
        let next_headline = sim.pick(bundled.len());
        let actor = MarketActor {
            sim,
            live: LiveBook::resume(utc_offset_minutes, &live_saved),
            settings,
            news,
            bundled,
            next_headline,
            since_headline_ms: 0,
            rooms,
            dedup: Dedup::with_keys(DEDUP_WINDOW, seen.into_iter().rev()),
            store,
            clock,
            sources: BTreeMap::new(),
            recent: Vec::new(),
            polling_events: false,
            steps: 0,
        };
        Ok(actor.start())
    }

    fn send(&mut self, mode: PriceMode, moves: Vec<Move>, headline: Option<Headline>) {
        self.steps += 1;
        let quotes = match mode {
            PriceMode::Simulated => self.sim.snapshot(),
            PriceMode::Live => self.live.snapshot(),
        };
        let update = MarketUpdate { step: self.steps, quotes: quotes.into(), moves, headline, prices: mode };
        for r in self.rooms.all().into_iter().filter(|r| r.prices == mode) {
            r.try_market(update.clone());
        }
    }

    fn step(&mut self) {
        let moves = self.sim.step(self.settings.step_ms as i64, self.settings.speedup);
        self.since_headline_ms += self.settings.step_ms;
        let mut headline = None;
        if self.since_headline_ms >= self.settings.headline_every_ms && !self.bundled.is_empty() {
            self.since_headline_ms = 0;
            let h = self.bundled[self.next_headline % self.bundled.len()].clone();
            self.next_headline += 1 + self.sim.pick(3);
            headline = Some(h);
        }
        let mut moves = moves;
        if let Some(h) = &headline {
            moves.extend(self.sim.on_headline(h));
            self.remember(h);
        }
        self.send(PriceMode::Simulated, moves, headline);
    }

    fn remember(&mut self, h: &Headline) {
        self.recent.push(h.clone());
        if self.recent.len() > 20 {
            self.recent.remove(0);
        }
    }

    fn save(&self, ctx: &mut Context<Self>, mode: PriceMode) {
        let now = self.clock.now().0;
        let saved = match mode {
            PriceMode::Simulated => self.sim.saved(now),
            PriceMode::Live => self.live.saved(),
        };
        let store = self.store.clone();
        ctx.spawn(
            async move {
                if let Err(e) = store.save_quotes(mode, &saved).await {
                    tracing::warn!(book = %mode, error = %e, "prices could not be saved");
                }
            }
            .into_actor(self),
        );
    }

    /// Applies an operator's event to the simulated book and rooms.
    fn apply(&mut self, ev: MarketEvent, ctx: &mut Context<Self>) -> Applied {
        let mut moves = Vec::new();
        let mut ignored = Vec::new();
        for (symbol, pct) in &ev.shocks {
            match self.sim.shock(symbol, *pct) {
                Some(m) => moves.push(m),
                None => ignored.push(symbol.clone()),
            }
        }
        if let Some(h) = &ev.headline {
            if ev.shocks.is_empty() {
                moves.extend(self.sim.on_headline(h));
            }
            self.remember(h);
        }
        tracing::info!(origin = %ev.origin, headline = ev.headline.is_some(), moves = moves.len(), "market event applied");
        self.send(PriceMode::Simulated, moves.clone(), ev.headline.clone());
        self.save(ctx, PriceMode::Simulated);
        Applied { headline: ev.headline, moves, ignored }
    }

    /// Takes the queued events that are due (another process may have queued them).
    fn poll_events(&mut self, ctx: &mut Context<Self>) {
        if self.polling_events {
            return;
        }
        self.polling_events = true;
        let (store, now) = (self.store.clone(), self.clock.now());
        let work = async move {
            let mut taken = Vec::new();
            for row in store.due_market_events(now.0, 50).await? {
                if store.mark_market_event_applied(row.id, now.0).await? {
                    taken.push(row);
                }
            }
            Ok::<_, schema::StoreError>(taken)
        };
        ctx.spawn(work.into_actor(self).map(move |res, act, ctx| {
            act.polling_events = false;
            match res {
                Ok(rows) => {
                    for row in rows {
                        if now.since(Millis(row.due_at)) > STALE_AFTER_MS {
                            tracing::warn!(event = row.id, origin = %row.origin, late_ms = now.since(Millis(row.due_at)), "queued market event skipped: too late");
                            continue;
                        }
                        match MarketEvent::from_row(&row) {
                            Ok(ev) => {
                                act.apply(ev, ctx);
                            }
                            Err(e) => tracing::warn!(event = row.id, error = %e, "queued market event unreadable; skipped"),
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "queued market events could not be read"),
            }
        }));
    }

    /// A story from a feed: new, recent, classified; to every room.
    fn on_story(&mut self, feed: &str, item: &feeds::FeedItem, now: Millis) -> Option<Headline> {
        let max_age = self.news.max_age_minutes as i64 * Millis::MINUTE;
        if item.published_ms.is_some_and(|t| now.since(Millis(t)) > max_age) {
            return None;
        }
        if !self.dedup.is_new(&item.title) {
            return None;
        }
        engine::news::headline_from(&item.title, &format!("feed:{feed}"))
    }
}

impl Actor for MarketActor {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        self.step();
        if !self.live.is_empty() {
            self.send(PriceMode::Live, Vec::new(), None);
        }
        ctx.run_interval(Duration::from_millis(self.settings.step_ms.max(10)), |act, _| act.step());
        ctx.run_interval(Duration::from_millis(self.settings.save_every_ms.max(1_000)), |act, ctx| {
            act.save(ctx, PriceMode::Simulated)
        });
        ctx.run_interval(Duration::from_millis(self.settings.events_poll_ms.max(100)), |act, ctx| act.poll_events(ctx));
        sources::spawn_all(&self.settings, &self.news, ctx.address());
    }
}

impl Handler<Snapshot> for MarketActor {
    type Result = MessageResult<Snapshot>;

    fn handle(&mut self, msg: Snapshot, _: &mut Self::Context) -> Self::Result {
        MessageResult(match msg.0 {
            PriceMode::Simulated => self.sim.snapshot(),
            PriceMode::Live => self.live.snapshot(),
        })
    }
}

impl Handler<LivePrices> for MarketActor {
    type Result = ();

    fn handle(&mut self, msg: LivePrices, ctx: &mut Self::Context) {
        match self.live.apply(&msg.source, &msg.prices, self.clock.now()) {
            Ok(moves) => {
                tracing::debug!(source = %msg.source, prices = msg.prices.len(), moves = moves.len(), "live prices");
                self.send(PriceMode::Live, moves, None);
                self.save(ctx, PriceMode::Live);
            }
            Err(e) => {
                tracing::warn!(source = %msg.source, error = %e, "price adapter sent a price that is not sound; nothing stored, the old prices stay")
            }
        }
    }
}

impl Handler<FeedItems> for MarketActor {
    type Result = ();

    fn handle(&mut self, msg: FeedItems, ctx: &mut Self::Context) {
        let now = self.clock.now();
        let mut fresh: Vec<Headline> = Vec::new();
        let mut keys = Vec::new();
        for item in &msg.items {
            if let Some(h) = self.on_story(&msg.feed, item, now) {
                keys.push(engine::news::dedup_key(&item.title));
                fresh.push(h);
            }
        }
        // A feed's first poll lists a day of stories: only the newest reach the rooms.
        let cap = self.news.max_per_poll.max(1);
        let skipped = fresh.len().saturating_sub(cap);
        fresh.truncate(cap);
        tracing::info!(feed = %msg.feed, items = msg.items.len(), new = fresh.len(), skipped, "news feed read");
        // Oldest first, so rooms hear them in order.
        for h in fresh.into_iter().rev() {
            let moves = self.sim.on_headline(&h);
            self.remember(&h);
            self.send(PriceMode::Simulated, moves, Some(h.clone()));
            self.send(PriceMode::Live, Vec::new(), Some(h));
        }
        if !keys.is_empty() {
            let store = self.store.clone();
            ctx.spawn(
                async move {
                    if let Err(e) = store.remember_news(&keys, now.0).await {
                        tracing::warn!(error = %e, "seen news could not be saved");
                    }
                    let _ = store.forget_news_before(now.0 - SEEN_KEEP_MS).await;
                }
                .into_actor(self),
            );
        }
    }
}

impl Handler<SourceReport> for MarketActor {
    type Result = ();

    fn handle(&mut self, mut msg: SourceReport, _: &mut Self::Context) {
        msg.at_ms = self.clock.now().0;
        self.sources.insert(msg.name.clone(), msg);
    }
}

impl Handler<Apply> for MarketActor {
    type Result = MessageResult<Apply>;

    fn handle(&mut self, msg: Apply, ctx: &mut Self::Context) -> Self::Result {
        MessageResult(self.apply(msg.0, ctx))
    }
}

impl Handler<Status> for MarketActor {
    type Result = MessageResult<Status>;

    fn handle(&mut self, _: Status, _: &mut Self::Context) -> Self::Result {
        MessageResult(MarketStatus {
            simulated: self.sim.snapshot(),
            live: self.live.snapshot(),
            live_freshness: self.live.freshness(),
            sources: self.sources.values().cloned().collect(),
            headlines: self.recent.clone(),
        })
    }
}
