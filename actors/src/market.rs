//! `MarketActor`: steps the seeded market simulator, sends prices, notable
//! moves and bundled headlines to the running rooms (those created at run
//! time too: it reads the shared room registry at every step).

use crate::community::RoomRegistry;
use crate::room::MarketUpdate;
use actix::prelude::*;
use engine::market::{Headline, MarketSim, Quote};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The current quotes.
#[derive(Message)]
#[rtype(result = "Vec<Quote>")]
pub struct Snapshot;

/// Market knobs (config `market.*`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketSettings {
    pub seed: u64,
    /// How often prices move.
    pub step_ms: u64,
    /// Simulated market time per wall time: at 24 a demo hour shows a day's moves.
    pub speedup: f64,
    /// Mean time between bundled headlines.
    pub headline_every_ms: u64,
}

impl Default for MarketSettings {
    fn default() -> Self {
        MarketSettings { seed: 42, step_ms: 5_000, speedup: 24.0, headline_every_ms: 120_000 }
    }
}

pub struct MarketActor {
    sim: MarketSim,
    settings: MarketSettings,
    headlines: Vec<Headline>,
    next_headline: usize,
    since_headline_ms: u64,
    rooms: RoomRegistry,
}

impl MarketActor {
    pub fn new(settings: MarketSettings, rooms: RoomRegistry) -> Self {
        // The bundled file is tested in engine; a parse failure means no headlines, not no market.
        let headlines = engine::market::parse_headlines(engine::market::BUNDLED_HEADLINES).unwrap_or_default();
        let mut sim = MarketSim::new(settings.seed);
        let next_headline = sim.pick(headlines.len());
        MarketActor { sim, settings, headlines, next_headline, since_headline_ms: 0, rooms }
    }

    fn step(&mut self) {
        let moves = self.sim.step(self.settings.step_ms as i64, self.settings.speedup);
        self.since_headline_ms += self.settings.step_ms;
        let headline =
            (self.since_headline_ms >= self.settings.headline_every_ms && !self.headlines.is_empty()).then(|| {
                self.since_headline_ms = 0;
                let h = self.headlines[self.next_headline % self.headlines.len()].clone();
                self.next_headline += 1 + self.sim.pick(3);
                h
            });
        let update = MarketUpdate { quotes: self.sim.snapshot(), moves, headline };
        for r in self.rooms.all() {
            r.try_market(update.clone());
        }
    }
}

impl Actor for MarketActor {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        self.step();
        ctx.run_interval(Duration::from_millis(self.settings.step_ms.max(10)), |act, _| act.step());
    }
}

impl Handler<Snapshot> for MarketActor {
    type Result = MessageResult<Snapshot>;

    fn handle(&mut self, _: Snapshot, _: &mut Self::Context) -> Self::Result {
        MessageResult(self.sim.snapshot())
    }
}
