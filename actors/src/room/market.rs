//! The market reaching a room: new prices go to the stream, notable moves
//! and the headlines that concern the room's bots (engine relevance) become
//! events for intents, move the bots' moods and beliefs and excite the room.
//! A room takes prices only from its own book: a live room never shows a
//! simulated quote.

use super::{ChatRoomActor, RECENT_EVENTS};
use crate::bot::{BeliefsOf, MarketMoved};
use crate::events::{HeadlineView, MarketView, RoomEvent};
use actix::prelude::*;
use engine::intent::Event;
use engine::market::{Headline, Move, PriceMode, Quote};
use engine::news::{RELEVANT, RoomInterests, relevance};
use std::collections::BTreeMap;

/// New prices, notable moves and perhaps a headline from the market.
#[derive(Message, Clone)]
#[rtype(result = "()")]
pub struct MarketUpdate {
    /// The market's step number (see [`MarketMoved::step`]).
    pub step: u64,
    pub quotes: std::sync::Arc<[Quote]>,
    pub moves: Vec<Move>,
    pub headline: Option<Headline>,
    /// The book the quotes come from.
    pub prices: PriceMode,
}

/// The room's bots' mean belief per ticker (−1 bearish … +1 bullish).
#[derive(Message)]
#[rtype(result = "BTreeMap<String, f64>")]
pub struct Stances;

impl Handler<MarketUpdate> for ChatRoomActor {
    type Result = ();

    fn handle(&mut self, msg: MarketUpdate, ctx: &mut Self::Context) {
        if msg.prices != self.room.prices {
            tracing::error!(room = %self.room.id, book = %msg.prices, "prices from the wrong book refused");
            return;
        }
        let now = self.clock.now();
        self.quotes = msg.quotes.clone();
        self.broadcast(RoomEvent::Market(MarketView { quotes: msg.quotes.clone(), at_ms: now.0, prices: msg.prices }));
        let mut shock = msg.moves.iter().map(|m| m.step_pct.abs() / 2.0).fold(0.0, f64::max);
        for m in &msg.moves {
            self.recent.push_back(Event::Move { symbol: m.symbol.clone(), change_pct: m.change_pct });
        }
        let interests = RoomInterests::of(self.members.iter().map(|m| &*m.persona));
        let headline = msg.headline.filter(|h| relevance(h, &interests) >= RELEVANT);
        if let Some(h) = &headline {
            self.broadcast(RoomEvent::Headline(Box::new(HeadlineView::new(h, now.0))));
            self.recent.push_back(Event::Headline(h.clone()));
            shock = shock.max(1.0);
        }
        while self.recent.len() > RECENT_EVENTS {
            self.recent.pop_front();
        }
        if !msg.moves.is_empty() || headline.is_some() {
            let news = MarketMoved { step: msg.step, quotes: msg.quotes, moves: msg.moves, headline };
            for m in &self.members {
                if let Some(bot) = &m.bot {
                    let _ = bot.market.try_send(news.clone());
                }
            }
        }
        if shock > 0.0 {
            self.on_shock(shock, ctx);
        }
    }
}

impl Handler<Stances> for ChatRoomActor {
    type Result = ResponseFuture<BTreeMap<String, f64>>;

    fn handle(&mut self, _: Stances, _: &mut Self::Context) -> Self::Result {
        let asks: Vec<_> =
            self.members.iter().filter_map(|m| m.bot.as_ref()).map(|b| b.beliefs.send(BeliefsOf)).collect();
        Box::pin(async move {
            let (mut sum, mut n): (BTreeMap<String, f64>, usize) = (BTreeMap::new(), 0);
            for beliefs in futures::future::join_all(asks).await.into_iter().flatten() {
                n += 1;
                for (symbol, v) in beliefs {
                    *sum.entry(symbol).or_default() += v;
                }
            }
            sum.values_mut().for_each(|v| *v /= n.max(1) as f64);
            sum
        })
    }
}
