//! Prices and headlines reaching a bot: its mood follows what it holds
//! (saved now and then), its beliefs follow the moves and the news, and
//! now and then it trades (its books, shared with its other rooms).

use super::BotActor;
use actix::prelude::*;
use engine::book::style::Step;
use engine::ids::Millis;
use engine::market::{Move, Quote};

/// Prices moved or news came: the bot's mood follows what it holds, its
/// beliefs follow the news.
#[derive(Message, Clone)]
#[rtype(result = "()")]
pub struct MarketMoved {
    /// The market's step number: a persona in several rooms takes each
    /// step once.
    pub step: u64,
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
        let book = self.book.snapshot();
        let (moves, quotes, headline) = (&msg.moves, &msg.quotes, msg.headline.as_ref());
        let save = self.mind.on_market(&book, msg.step, moves, quotes, headline, now);
        self.trade(&msg, now, ctx);
        if let Some((mood, beliefs)) = save {
            let (store, id) = (self.store.clone(), self.persona.username.to_string());
            ctx.spawn(
                async move {
                    if let Err(e) = store.save_mind(&id, mood, &beliefs, now.0).await {
                        tracing::warn!(bot = %id, error = %e, "could not save mood and beliefs");
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
        let (book, persona, rng) = (&self.book, &self.persona, &mut self.trade_rng);
        let traded = self.mind.with_beliefs(now, |beliefs| book.on_step(persona, beliefs, msg.step, step, rng));
        let Some(t) = traded else { return };
        self.mind.on_trade(t.reason, now);
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
        MessageResult(self.mind.with_beliefs(now, |b| b.all().clone()))
    }
}
