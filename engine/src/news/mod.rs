//! News: a headline's tickers, topics and direction by rules (Turkish and
//! English), duplicates across feeds, and which rooms a headline concerns.
//!
//! - `lexicon`: the word lists.
//! - `dedup`: the same story from two feeds is one headline.
//! - `relevance`: which rooms a headline reaches.

mod dedup;
mod lexicon;
mod relevance;

pub use dedup::{Dedup, dedup_key};
pub use relevance::{RELEVANT, RoomInterests, relevance};

use crate::guard::stance::tickers_in;
use crate::market::{Headline, MACRO};
use crate::text::{fold, mark_proper_noun};
use lexicon::*;

/// Longest headline kept, in characters (longer ones are cut at a word).
pub const MAX_HEADLINE_CHARS: usize = 200;

/// What the rules read in a headline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    /// Tickers named, in order of first mention.
    pub tickers: Vec<String>,
    /// Topics (`rates`, `inflation`, `fx`, `gold`, `crypto`, `equities`,
    /// `earnings`, `energy`, `banking`), sorted.
    pub topics: Vec<String>,
    /// +1 good news for the main ticker (or the market), −1 bad, 0 neither.
    pub direction: i8,
}

/// Reads a headline's tickers, topics and direction.
pub fn classify(text: &str) -> Classified {
    // A headline's capital "Garanti" is the bank, even as its first word.
    let text = match text.strip_prefix("Garanti") {
        Some(rest) if !rest.starts_with(char::is_alphanumeric) => format!("GARAN{rest}"),
        _ => mark_proper_noun(text, "garanti", "GARAN"),
    };
    let folded = fold(&text);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut tickers: Vec<(usize, String)> = Vec::new();
    let mut add = |at: usize, s: &str| {
        if !tickers.iter().any(|(_, t)| t == s) {
            tickers.push((at, s.to_string()));
        }
    };
    for (symbol, phrase) in &TICKER_PHRASES {
        if let Some((at, _)) = phrase.find(&words) {
            add(at, symbol);
        }
    }
    for (i, w) in words.iter().enumerate() {
        if let Some((s, _)) = ENGLISH_TICKERS.iter().find(|(_, ws)| ws.has(w)) {
            add(i, s);
        }
        if let Some(s) = tickers_in(w).first() {
            add(i, s);
        }
    }
    tickers.sort_by_key(|(at, _)| *at);
    let tickers: Vec<String> = tickers.into_iter().map(|(_, s)| s).collect();
    Classified { topics: topics(&words, &tickers), direction: direction(&words), tickers }
}

fn topics(words: &[&str], tickers: &[String]) -> Vec<String> {
    let mut out: Vec<String> = TOPICS
        .iter()
        .filter(|(_, ws)| ws.any(words))
        .map(|(t, _)| (*t).to_string())
        .chain(tickers.iter().flat_map(|s| ticker_topics(s).iter().map(|t| (*t).to_string())))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn direction(words: &[&str]) -> i8 {
    let mut score = 0i32;
    let mut i = 0;
    while i < words.len() {
        let (sign, len) = if let Some(n) = UP_PHRASE.at(words, i) {
            (1, n)
        } else if let Some(n) = DOWN_PHRASE.at(words, i) {
            (-1, n)
        } else if UP.has(words[i]) || NOT_DOWN.has(words[i]) {
            (1, 1)
        } else if DOWN.has(words[i]) || NOT_UP.has(words[i]) {
            (-1, 1)
        } else {
            (0, 1)
        };
        score += sign;
        i += len;
    }
    if WORSE_WHEN_UP.any(words) || WORSE_WHEN_UP_PHRASE.find(words).is_some() {
        score = -score;
    }
    score.signum() as i8
}

/// A headline from a feed item's title: trimmed, whitespace collapsed, cut
/// to [`MAX_HEADLINE_CHARS`] at a word, classified. None for an empty title.
pub fn headline_from(title: &str, source: &str) -> Option<Headline> {
    let mut text = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > MAX_HEADLINE_CHARS {
        let cut: String = text.chars().take(MAX_HEADLINE_CHARS).collect();
        text = match cut.rfind(' ') {
            Some(at) => format!("{}…", &cut[..at]),
            None => format!("{cut}…"),
        };
    }
    if fold(&text).chars().filter(|c| c.is_alphanumeric()).count() < 3 {
        return None;
    }
    Some(classified(text, source))
}

/// A headline written by an operator or a scenario: the given ticker and
/// direction win over the rules, which fill in the rest.
pub fn operator_headline(text: &str, symbol: Option<&str>, direction: Option<i8>, source: &str) -> Headline {
    let mut h = classified(text.trim().to_string(), source);
    if let Some(s) = symbol {
        h.symbol = s.to_string();
        h.tickers.retain(|t| t != s);
        if s != MACRO {
            h.tickers.insert(0, s.to_string());
        }
    }
    if let Some(d) = direction {
        h.direction = d.signum();
    }
    h
}

fn classified(text: String, source: &str) -> Headline {
    let c = classify(&text);
    Headline {
        symbol: c.tickers.first().cloned().unwrap_or_else(|| MACRO.to_string()),
        direction: c.direction,
        text,
        tickers: c.tickers,
        topics: c.topics,
        source: source.to_string(),
    }
}

#[cfg(test)]
mod tests;
