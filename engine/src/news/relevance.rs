//! Which rooms a headline reaches: a room is interested in what its bots
//! hold, follow or hold views on, and in the topics of those tickers; macro
//! news (rates, inflation) concerns every market room. A crypto story does
//! not reach a room of BIST investors.

use super::lexicon::{MACRO_TOPICS, ticker_topics};
use crate::market::Headline;
use crate::persona::Persona;
use std::collections::BTreeSet;

/// Relevance at which a headline reaches a room.
pub const RELEVANT: f64 = 0.5;

/// What a room's members care about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoomInterests {
    pub symbols: BTreeSet<String>,
    pub topics: BTreeSet<String>,
}

impl RoomInterests {
    /// The union of the members' watchlists, holdings and stances.
    pub fn of<'a>(personas: impl IntoIterator<Item = &'a Persona>) -> Self {
        let mut symbols = BTreeSet::new();
        for p in personas {
            symbols.extend(p.watchlist.iter().map(|s| s.to_ascii_uppercase()));
            symbols.extend(p.holdings.iter().map(|h| h.symbol.to_ascii_uppercase()));
            symbols.extend(p.stances.iter().map(|s| s.topic.to_ascii_uppercase()));
        }
        let topics = symbols.iter().flat_map(|s| ticker_topics(s).iter().map(|t| (*t).to_string())).collect();
        RoomInterests { symbols, topics }
    }
}

/// How much a headline concerns a room: 1 for each ticker its members
/// follow, 0.5 for macro news or a shared topic, 0 for none of that.
pub fn relevance(h: &Headline, room: &RoomInterests) -> f64 {
    let symbols = h.symbols();
    let named = symbols.iter().filter(|s| room.symbols.contains(**s)).count() as f64;
    if named > 0.0 {
        return named;
    }
    let shared = h.topics.iter().any(|t| room.topics.contains(t));
    let macro_news = h.topics.iter().any(|t| MACRO_TOPICS.contains(&t.as_str()));
    if macro_news || (symbols.is_empty() && shared) || (symbols.is_empty() && h.topics.is_empty()) {
        // A headline the rules could not place goes to everyone rather than to no one.
        RELEVANT
    } else if shared {
        0.25
    } else {
        0.0
    }
}
