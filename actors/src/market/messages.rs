//! What the market is sent (prices, stories, reports, operators' events) and
//! what it answers (quotes, what an event did, its status).

use super::{MarketEvent, feeds};
use actix::prelude::*;
use engine::market::{Headline, LivePrice, Move, PriceMode, Quote};

/// The current quotes of one book.
#[derive(Message)]
#[rtype(result = "Vec<Quote>")]
pub struct Snapshot(pub PriceMode);

/// Prices an adapter reported.
#[derive(Message)]
#[rtype(result = "()")]
pub struct LivePrices {
    pub source: String,
    pub prices: Vec<LivePrice>,
}

/// Stories a feed listed.
#[derive(Message)]
#[rtype(result = "()")]
pub struct FeedItems {
    pub feed: String,
    pub items: Vec<feeds::FeedItem>,
}

/// How a source's last poll went (for status).
#[derive(Message, Debug, Clone, PartialEq, serde::Serialize)]
#[rtype(result = "()")]
pub struct SourceReport {
    pub name: String,
    /// `prices` or `news`.
    pub kind: &'static str,
    pub at_ms: i64,
    /// None when it went well.
    pub error: Option<String>,
    pub failures: u32,
    pub next_poll_ms: u64,
}

/// An operator's event, applied now.
#[derive(Message)]
#[rtype(result = "Applied")]
pub struct Apply(pub MarketEvent);

/// What an applied event did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Applied {
    pub headline: Option<Headline>,
    pub moves: Vec<Move>,
    /// Shocks on symbols the simulator does not know.
    pub ignored: Vec<String>,
}

/// The market's state for operators.
#[derive(Message)]
#[rtype(result = "MarketStatus")]
pub struct Status;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MarketStatus {
    pub simulated: Vec<Quote>,
    pub live: Vec<Quote>,
    /// Live symbols: (symbol, adapter, when last reported).
    pub live_freshness: Vec<(String, String, i64)>,
    pub sources: Vec<SourceReport>,
    pub headlines: Vec<Headline>,
}
