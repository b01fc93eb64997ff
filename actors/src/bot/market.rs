//! Prices and headlines reaching a bot: its mood follows what it holds
//! (saved now and then), its beliefs follow the moves and the news, and
//! now and then it trades (its books, shared with its other rooms).

use super::{BotActor, MOOD_SAVE_EVERY_MS};
use actix::prelude::*;
use engine::book::style::Step;
use engine::ids::Millis;
use engine::market::{Move, Quote};

/// Prices moved or news came: the bot's mood follows what it holds, its
/// beliefs follow the news.
#[derive(Message, Clone)]
#[rtype(result = "()")]
pub struct MarketMoved {
    /// Every price now: the bot's trades are booked at these.
    pub quotes: std::sync::Arc<[Quote]>,
    pub moves: Vec<Move>,
    pub headline: Option<engine::market::Headline>,
}

/// What the bot believes about each ticker now (−1 … +1).
#[derive(Message)]
#[rtype(result = "std::collections::BTreeMap<String, f64>")]
pub struct BeliefsOf;

impl Handler<MarketMoved> for BotActor {
    type Result = ();

    fn handle(&mut self, msg: MarketMoved, ctx: &mut Self::Context) {
        let now = self.clock.now();
        let mut mood = self.current_mood(now);
        let book = self.book.snapshot();
        for m in &msg.moves {
            mood = mood.on_move(&self.persona, &book, &m.symbol, m.step_pct);
        }
        self.mood = mood;
        self.current_beliefs(now);
        for m in &msg.moves {
            self.beliefs.on_move(&self.persona, m);
        }
        if let Some(h) = &msg.headline {
            self.beliefs.on_headline(&self.persona, h);
        }
        self.trade(&msg, now, ctx);
        if now.since(self.mood_saved_at) >= MOOD_SAVE_EVERY_MS {
            self.mood_saved_at = now;
            let (store, id, mood) = (self.store.clone(), self.persona.username.to_string(), self.mood);
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

impl BotActor {
    /// Asks the persona's style for a trade on this step (once per step
    /// whatever the number of its rooms); a trade is booked, logged and
    /// stored.
    fn trade(&mut self, msg: &MarketMoved, now: Millis, ctx: &mut Context<Self>) {
        let step = Step { quotes: &msg.quotes, moves: &msg.moves, headline: msg.headline.as_ref(), elapsed_ms: 0, now };
        let Some(t) = self.book.on_step(&self.persona, &self.beliefs, step, &mut self.trade_rng) else { return };
        self.mood = self.current_mood(now).on_trade(t.reason);
        let id = self.persona.username.to_string();
        tracing::debug!(bot = %id, symbol = %t.symbol, side = t.side.as_str(), qty = t.qty, price = t.price,
            reason = t.reason.as_str(), "bot traded");
        let store = self.store.clone();
        ctx.spawn(
            async move {
                if let Err(e) = store.record_trade(&id, &t).await {
                    tracing::warn!(bot = %id, error = %e, "could not store a trade");
                }
            }
            .into_actor(self),
        );
    }
}

impl Handler<BeliefsOf> for BotActor {
    type Result = MessageResult<BeliefsOf>;

    fn handle(&mut self, _: BeliefsOf, _: &mut Self::Context) -> Self::Result {
        let now = self.clock.now();
        MessageResult(self.current_beliefs(now).all().clone())
    }
}
