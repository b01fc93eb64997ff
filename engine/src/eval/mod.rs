//! Population metrics of a room transcript, for `piyasa eval`: how many bot
//! messages have defects ([`crate::quality`]), repeat each other, say the
//! same words, only quote prices; whether people get answered and how fast,
//! whether the bot a person names answers; whether each bot keeps its
//! direction on a ticker; whether what bots say of their own books is true
//! (given their trades); and how the talk is spread ([`crate::stats`]).
//! Pure: records in, a serialisable [`Report`] out; [`Thresholds`] turn it
//! into a table and a pass or a list of failures.
//!
//! # Layout
//! - [`defects`]: per-message defects counted over bot messages.
//! - [`diversity`]: near-duplicates, distinct-1 and distinct-2 per bot.
//! - [`replies`]: people answered, first-reply latency, mention routing.
//! - [`consistency`]: whether a bot keeps its direction on a ticker.
//! - [`books`]: bots' claims about their own trades and PnL against their books.
//! - [`thresholds`]: the metric table, limits and failures.

pub mod books;
pub mod consistency;
pub mod defects;
pub mod diversity;
pub mod replies;
pub mod thresholds;

pub use thresholds::{Failure, Row, Thresholds, check, table};

use crate::ids::Millis;
use crate::stats::{self, Record, Summary};
use serde::Serialize;
use std::collections::BTreeMap;

/// Previous lines of the same room a bot message is judged against.
pub const CONTEXT_LINES: usize = 6;
/// Earlier bot messages of the same room a near-duplicate is looked for in.
pub const DUPLICATE_WINDOW: usize = 20;
/// How long after a person's message a bot that names them still answers them.
pub const NAMED_REPLY_MS: i64 = 5 * 60 * 1000;

/// Everything `piyasa eval` measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub messages: usize,
    pub bot_messages: usize,
    pub human_messages: usize,
    pub rooms: usize,
    pub defects: defects::DefectStats,
    /// Share of bot messages that nearly repeat an earlier bot message of the room.
    pub near_duplicate_rate: f64,
    /// Distinct words over words, averaged over bots.
    pub distinct_1: f64,
    /// Distinct word pairs over word pairs, averaged over bots.
    pub distinct_2: f64,
    pub per_bot: Vec<diversity::BotDiversity>,
    /// Share of bot messages that only quote a price.
    pub price_only_share: f64,
    pub replies: replies::ReplyStats,
    pub mentions: replies::MentionStats,
    pub stance: consistency::StanceStats,
    /// Claims about the bots' own books, checked (when the trades are known).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub books: Option<books::BookStats>,
    /// Gini coefficient of the bots' message counts.
    pub bot_gini: f64,
    /// Coefficient of variation of the gaps between messages, rooms weighted by messages.
    pub gap_cv: Option<f64>,
    /// Gaps between consecutive messages of a room, bucketed.
    pub gap_histogram: Vec<Bucket>,
    /// The transcript statistics of [`crate::stats::summarize`].
    pub stats: Summary,
}

/// A histogram bucket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bucket {
    pub label: String,
    pub count: usize,
}

/// Upper bounds (exclusive, ms) of the gap histogram's buckets; the last is open.
const GAP_BUCKETS: &[(i64, &str)] = &[
    (10_000, "<10s"),
    (30_000, "10-30s"),
    (60_000, "30s-1m"),
    (120_000, "1-2m"),
    (300_000, "2-5m"),
    (600_000, "5-10m"),
    (1_800_000, "10-30m"),
    (3_600_000, "30-60m"),
    (i64::MAX, ">1h"),
];

/// One room's records in order (by `seq`).
pub(crate) struct Room<'a> {
    pub records: Vec<&'a Record>,
}

impl<'a> Room<'a> {
    /// The record with this `seq`.
    pub fn by_seq(&self, seq: u64) -> Option<&'a Record> {
        self.records.binary_search_by_key(&seq, |r| r.seq).ok().map(|i| self.records[i])
    }
}

/// The records grouped by room, each room in `seq` order.
pub(crate) fn rooms(records: &[Record]) -> Vec<Room<'_>> {
    let mut by: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
    for r in records {
        by.entry(r.room.as_str()).or_default().push(r);
    }
    by.into_values()
        .map(|mut v| {
            v.sort_by_key(|r| r.seq);
            Room { records: v }
        })
        .collect()
}

/// Share `n / of`, 0 when `of` is 0.
pub(crate) fn share(n: usize, of: usize) -> f64 {
    if of == 0 { 0.0 } else { n as f64 / of as f64 }
}

/// Measures a transcript; `start` is the wall time `t_ms` counts from (for
/// the hour of day).
pub fn evaluate(records: &[Record], start: Millis) -> Report {
    evaluate_with(records, start, None)
}

/// [`evaluate`], checking the bots' claims about their books against
/// `ledger` when there is one.
pub fn evaluate_with(records: &[Record], start: Millis, ledger: Option<&books::Ledger>) -> Report {
    let rooms = rooms(records);
    let mut bots: Vec<String> = records.iter().filter(|r| !r.is_human()).map(|r| r.author.clone()).collect();
    bots.sort_unstable();
    bots.dedup();
    let stats = stats::summarize(records, start, &bots);
    let defects = defects::count(&rooms);
    let (near_duplicate_rate, per_bot) = (diversity::near_duplicate_rate(&rooms), diversity::per_bot(records));
    let mean = |f: fn(&diversity::BotDiversity) -> f64| {
        if per_bot.is_empty() { 0.0 } else { per_bot.iter().map(f).sum::<f64>() / per_bot.len() as f64 }
    };
    let (distinct_1, distinct_2) = (mean(|b| b.distinct_1), mean(|b| b.distinct_2));
    let weighted: Vec<(f64, usize)> = stats.gaps.iter().filter_map(|g| g.cv.map(|cv| (cv, g.messages))).collect();
    let total: usize = weighted.iter().map(|(_, n)| n).sum();
    let gap_cv = (total > 0).then(|| weighted.iter().map(|(cv, n)| cv * *n as f64).sum::<f64>() / total as f64);
    Report {
        messages: records.len(),
        bot_messages: stats.bot_messages,
        human_messages: records.len() - stats.bot_messages,
        rooms: rooms.len(),
        price_only_share: defects.rate_of(crate::quality::Defect::PriceOnly),
        defects,
        near_duplicate_rate,
        distinct_1,
        distinct_2,
        per_bot,
        replies: replies::answered(&rooms),
        mentions: replies::mentions(&rooms),
        stance: consistency::stance(records),
        books: ledger.map(|l| books::check(records, start, l)),
        bot_gini: stats.bot_gini,
        gap_cv,
        gap_histogram: gap_histogram(&rooms),
        stats,
    }
}

fn gap_histogram(rooms: &[Room]) -> Vec<Bucket> {
    let mut counts = vec![0; GAP_BUCKETS.len()];
    for room in rooms {
        let mut times: Vec<i64> = room.records.iter().map(|r| r.t_ms).collect();
        times.sort_unstable();
        for w in times.windows(2) {
            let gap = w[1] - w[0];
            let i = GAP_BUCKETS.iter().position(|(max, _)| gap < *max).unwrap_or(GAP_BUCKETS.len() - 1);
            counts[i] += 1;
        }
    }
    GAP_BUCKETS.iter().zip(counts).map(|((_, label), count)| Bucket { label: label.to_string(), count }).collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A record; authors starting with "web:" are people.
    pub fn rec(room: &str, seq: u64, t_s: i64, author: &str, reply_to_seq: Option<u64>, text: &str) -> Record {
        let kind = if author.starts_with("web:") { "human" } else { "bot" };
        Record {
            room: room.into(),
            seq,
            t_ms: t_s * 1000,
            author: author.into(),
            kind: kind.into(),
            reply_to_seq,
            text: text.into(),
        }
    }

    #[test]
    fn a_small_transcript_is_evaluated_end_to_end() {
        let records = vec![
            rec("a", 1, 0, "web:Deniz", None, "bugün THY hakkında ne düşünüyorsunuz?"),
            rec("a", 2, 20, "okan_1", Some(1), "Merhaba arkadaşlar, bugün THY için bir konu düşünüyorum."),
            rec("a", 3, 40, "ece_2", None, "Faiz kararı yarın, herkes bekliyor."),
            rec("a", 4, 100, "okan_1", None, "THYAO 37,60 seviyesinde, günlük %3,58 ekside."),
            rec("a", 5, 200, "ece_2", None, "Kısa vadede dalgalı olur bence."),
        ];
        let r = evaluate(&records, Millis(0));
        assert_eq!((r.messages, r.bot_messages, r.human_messages, r.rooms), (5, 4, 1, 1));
        assert_eq!(r.defects.count_of(crate::quality::Defect::Echo), 1);
        assert!((r.defects.rate_of(crate::quality::Defect::Echo) - 0.25).abs() < 1e-9);
        assert!((r.price_only_share - 0.25).abs() < 1e-9);
        assert!((r.defects.flagged_rate - 0.5).abs() < 1e-9);
        assert_eq!(r.replies.answered, 1);
        assert_eq!(r.gap_histogram.iter().map(|b| b.count).sum::<usize>(), 4);
        assert_eq!(r.gap_histogram[1].count, 2, "two gaps of 20 s");
        assert_eq!(r.bot_gini, 0.0);
        assert!(serde_json::to_value(&r).unwrap()["defects"]["rates"]["echo"].is_number());
    }
}
