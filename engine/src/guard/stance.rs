//! Population-level stance cap: a room must not turn into a coordinated
//! campaign. [`classify`] reads which way a message pushes each ticker it
//! talks about (rule-based, on folded text like the compliance guard:
//! suffixes, spacing and diacritics do not matter); a [`StanceLedger`] keeps
//! the pushes of a room's last bot messages and refuses a draft that would
//! make one (ticker, direction) more than `cap` of them.
//!
//! The share is taken over `max(n, min_sample)` messages, `n` the window
//! with the draft in it, so a young room cannot be flooded before the window
//! fills, and a share never rises except by a push that was checked.

use super::lexicon::compliance::NOT_TRADE;
use super::lexicon::stance::*;
use crate::persona::Direction;
use crate::text::{clauses, mark_proper_noun};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};

/// One message pushing one ticker one way (never `Neutral`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Push {
    pub symbol: String,
    pub direction: Direction,
}

/// The cap's knobs (config `compliance.stance_*`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StanceCap {
    /// Largest share of the window one (ticker, direction) may hold, in (0, 1].
    pub cap: f64,
    /// Bot messages the share is taken over (the draft included).
    pub window: usize,
    /// The share is never taken over fewer messages than this.
    pub min_sample: usize,
}

impl Default for StanceCap {
    fn default() -> Self {
        StanceCap { cap: 0.5, window: 20, min_sample: 5 }
    }
}

/// A draft refused by the cap: it would make `count` of `of` messages push
/// `symbol` towards `direction`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{count} of the last {of} bot messages would push {symbol} {}", direction_word(*.direction))]
pub struct Overweight {
    pub symbol: String,
    pub direction: Direction,
    pub count: usize,
    pub of: usize,
}

fn direction_word(d: Direction) -> &'static str {
    match d {
        Direction::Bullish => "up",
        Direction::Bearish => "down",
        Direction::Neutral => "nowhere",
    }
}

impl Overweight {
    /// The reason handed to the model when the draft is regenerated.
    pub fn instruction(&self) -> String {
        let way = if self.direction == Direction::Bullish { "yükseliş" } else { "düşüş" };
        format!(
            "Odada {} için zaten çok {way} yorumu var; aynı yönü tekrarlama, kendi çekincelerini ya da başka bir \
             konuyu yaz.",
            self.symbol
        )
    }
}

/// The tickers a text names, in order of first mention.
pub fn tickers_in(text: &str) -> Vec<&'static str> {
    let text = mark_proper_noun(text, "garanti", "GARAN");
    let mut out = Vec::new();
    for clause in clauses(&text) {
        for w in clause.split(' ') {
            if let Some(s) = ticker(w)
                && !out.contains(&s)
            {
                out.push(s);
            }
        }
    }
    out
}

fn ticker(w: &str) -> Option<&'static str> {
    TICKERS.iter().find(|(_, words)| words.has(w)).map(|(s, _)| *s)
}

/// Which way `text` pushes each ticker it talks about. A clause without a
/// ticker speaks of the last one named, or of `topic` (the symbol the
/// message answers about). Questions and reported past moves push nothing.
pub fn classify(text: &str, topic: Option<&str>) -> Vec<Push> {
    let text = mark_proper_noun(text, "garanti", "GARAN");
    let mut current: Vec<String> = topic.map(|t| vec![t.to_string()]).unwrap_or_default();
    let mut score: BTreeMap<String, i32> = BTreeMap::new();
    let pieces: Vec<&str> = text.split('?').collect();
    for (k, piece) in pieces.iter().enumerate() {
        let asked = k + 1 < pieces.len();
        let cls = clauses(piece);
        for (j, clause) in cls.iter().enumerate() {
            let ws: Vec<&str> = clause.split(' ').collect();
            let question = (asked && j + 1 == cls.len()) || QUESTION.any(&ws);
            for part in ws.split(|w| BUT.has(w)) {
                let named: Vec<String> = part.iter().filter_map(|w| ticker(w)).map(str::to_string).collect();
                if !named.is_empty() {
                    current = named;
                }
                let s = if question { 0 } else { push_of(part) };
                if s != 0 {
                    current.iter().for_each(|t| *score.entry(t.clone()).or_default() += s);
                }
            }
        }
    }
    score
        .into_iter()
        .filter(|(_, s)| *s != 0)
        .map(|(symbol, s)| Push { symbol, direction: if s > 0 { Direction::Bullish } else { Direction::Bearish } })
        .collect()
}

/// +1 per word or phrase pushing up, −1 per one pushing down; a denial in
/// the next three words turns it round, a report ("… diyenler") cancels it,
/// and "not alıyorum" is no purchase.
fn push_of(ws: &[&str]) -> i32 {
    let mut total = 0;
    let mut i = 0;
    while i < ws.len() {
        let (sign, len) = if let Some(n) = UP_PHRASE.at(ws, i) {
            (1, n)
        } else if let Some(n) = DOWN_PHRASE.at(ws, i) {
            (-1, n)
        } else if UP.has(ws[i]) || NOT_DOWN.has(ws[i]) {
            (1, 1)
        } else if DOWN.has(ws[i]) || NOT_UP.has(ws[i]) {
            (-1, 1)
        } else {
            (0, 1)
        };
        let after = &ws[(i + len).min(ws.len())..(i + len + 3).min(ws.len())];
        let no_trade = i > 0 && NOT_TRADE.has(ws[i - 1]);
        total += if REPORTED.any(after) || no_trade {
            0
        } else if DENY.any(after) {
            -sign
        } else {
            sign
        };
        i += len;
    }
    total
}

/// The pushes of a room's recent bot messages, oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StanceLedger {
    recent: VecDeque<Vec<Push>>,
}

impl StanceLedger {
    /// Adds a delivered bot message's pushes (empty for a neutral one).
    pub fn record(&mut self, pushes: Vec<Push>, cap: &StanceCap) {
        self.recent.push_back(pushes);
        while self.recent.len() > cap.window {
            self.recent.pop_front();
        }
    }

    /// Messages remembered.
    pub fn len(&self) -> usize {
        self.recent.len()
    }

    pub fn is_empty(&self) -> bool {
        self.recent.is_empty()
    }

    /// Whether a draft with `pushes` may go out under `cap`.
    pub fn check(&self, pushes: &[Push], cap: &StanceCap) -> Result<(), Overweight> {
        let prior: Vec<&Vec<Push>> = self.recent.iter().rev().take(cap.window.saturating_sub(1)).collect();
        let of = prior.len() + 1;
        let base = of.max(cap.min_sample) as f64;
        for p in pushes {
            let count = 1 + prior.iter().filter(|m| m.contains(p)).count();
            if count as f64 > cap.cap * base + 1e-9 {
                return Err(Overweight { symbol: p.symbol.clone(), direction: p.direction, count, of });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
