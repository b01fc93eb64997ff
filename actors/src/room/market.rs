//! The market reaching a room: new prices go to the stream, notable moves
//! and headlines become events for intents, move the bots' moods and excite
//! the room.

use super::{ChatRoomActor, RECENT_EVENTS};
use crate::bot::MarketMoved;
use crate::events::{HeadlineView, MarketView, RoomEvent};
use actix::prelude::*;
use engine::intent::Event;
use engine::market::{Headline, Move, Quote};

/// New prices, notable moves and perhaps a headline from the market.
#[derive(Message, Clone)]
#[rtype(result = "()")]
pub struct MarketUpdate {
    pub quotes: Vec<Quote>,
    pub moves: Vec<Move>,
    pub headline: Option<Headline>,
}

impl Handler<MarketUpdate> for ChatRoomActor {
    type Result = ();

    fn handle(&mut self, msg: MarketUpdate, ctx: &mut Self::Context) {
        let now = self.clock.now();
        self.quotes = msg.quotes.clone();
        self.broadcast(RoomEvent::Market(MarketView { quotes: msg.quotes, at_ms: now.0 }));
        let mut shock = msg.moves.iter().map(|m| m.step_pct.abs() / 2.0).fold(0.0, f64::max);
        for m in &msg.moves {
            self.recent.push_back(Event::Move { symbol: m.symbol.clone(), change_pct: m.change_pct });
        }
        if let Some(h) = msg.headline {
            self.broadcast(RoomEvent::Headline(HeadlineView::new(&h, now.0)));
            self.recent.push_back(Event::Headline(h));
            shock = shock.max(1.0);
        }
        while self.recent.len() > RECENT_EVENTS {
            self.recent.pop_front();
        }
        if !msg.moves.is_empty() {
            for m in &self.members {
                if let Some(bot) = &m.bot {
                    let _ = bot.market.try_send(MarketMoved(msg.moves.clone()));
                }
            }
        }
        if shock > 0.0 {
            self.on_shock(shock, ctx);
        }
    }
}
