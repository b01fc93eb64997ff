//! Statistics over a room transcript (simulations): messages per hour of day,
//! speaker shares and their Gini coefficient, bot-to-bot reply depth,
//! inter-message gaps per room and how people are answered. Pure: records in,
//! a serialisable [`Summary`] out.

use crate::ids::{ISTANBUL_UTC_OFFSET_MIN, Millis};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// One delivered message, as a simulation transcript line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub room: String,
    /// Position in its room, from 1.
    pub seq: u64,
    /// Milliseconds since the simulation started.
    pub t_ms: i64,
    pub author: String,
    /// "bot" or "human".
    pub kind: String,
    /// The `seq` (same room) of the message this one answers.
    pub reply_to_seq: Option<u64>,
    pub text: String,
}

impl Record {
    pub fn is_human(&self) -> bool {
        self.kind == "human"
    }
}

/// A speaker and its part of the conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    pub author: String,
    pub messages: usize,
    pub share: f64,
}

/// Gaps between consecutive messages of one room.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoomGaps {
    pub room: String,
    pub messages: usize,
    pub median_ms: Option<i64>,
    pub p90_ms: Option<i64>,
    /// Standard deviation over mean: 0 for a metronome, about 1 for a Poisson process.
    pub cv: Option<f64>,
}

/// How the bots answered people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HumanReplies {
    pub human_messages: usize,
    /// Messages replying to a person.
    pub replies: usize,
    /// People's messages with at least one reply.
    pub answered: usize,
    pub answered_share: f64,
    /// Time to the first reply.
    pub median_latency_ms: Option<i64>,
    pub p90_latency_ms: Option<i64>,
}

/// Everything [`summarize`] measures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub messages: usize,
    pub bot_messages: usize,
    /// Messages by Istanbul hour of day (24 buckets).
    pub per_hour_of_day: Vec<usize>,
    /// Speakers, most active first.
    pub speakers: Vec<Share>,
    /// Gini coefficient of the bots' message counts (0 = everyone equal).
    pub bot_gini: f64,
    /// Bot messages by bot-to-bot depth: index 0 does not answer a bot, 1
    /// answers a bot's message that itself answered no bot, and so on.
    pub reply_depth: Vec<usize>,
    pub gaps: Vec<RoomGaps>,
    pub human_replies: HumanReplies,
}

/// Nearest-rank percentile (`p` in 0..=1) of sorted values.
pub fn percentile(sorted: &[i64], p: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// Coefficient of variation (population standard deviation over mean).
pub fn coefficient_of_variation(values: &[i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<i64>() as f64 / n;
    if mean == 0.0 {
        return None;
    }
    let var = values.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / n;
    Some(var.sqrt() / mean)
}

/// Gini coefficient of non-negative counts: 0 when all are equal, towards 1
/// when one holds everything.
pub fn gini(counts: &[usize]) -> f64 {
    let total: usize = counts.iter().sum();
    if counts.is_empty() || total == 0 {
        return 0.0;
    }
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let n = sorted.len() as f64;
    let weighted: f64 = sorted.iter().enumerate().map(|(i, &x)| (i as f64 + 1.0) * x as f64).sum();
    (2.0 * weighted / (n * total as f64) - (n + 1.0) / n).max(0.0)
}

/// Measures a transcript. `start` is the wall time `t_ms` counts from (for
/// the hour of day); `bots` lists every bot, so that silent ones count in the Gini.
pub fn summarize(records: &[Record], start: Millis, bots: &[String]) -> Summary {
    let index: HashMap<(&str, u64), usize> =
        records.iter().enumerate().map(|(i, r)| ((r.room.as_str(), r.seq), i)).collect();
    let parent = |r: &Record| r.reply_to_seq.and_then(|s| index.get(&(r.room.as_str(), s)).copied());

    let mut per_hour_of_day = vec![0; 24];
    let mut counts: BTreeMap<&str, usize> = bots.iter().map(|b| (b.as_str(), 0)).collect();
    for r in records {
        let (minute, _) = start.plus_ms(r.t_ms).local_minute_of_day(ISTANBUL_UTC_OFFSET_MIN);
        per_hour_of_day[(minute / 60) as usize] += 1;
        *counts.entry(r.author.as_str()).or_default() += 1;
    }
    let mut speakers: Vec<Share> = counts
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(a, &n)| Share { author: a.to_string(), messages: n, share: n as f64 / records.len() as f64 })
        .collect();
    speakers.sort_by(|a, b| b.messages.cmp(&a.messages).then_with(|| a.author.cmp(&b.author)));
    let bot_counts: Vec<usize> = bots.iter().map(|b| counts[b.as_str()]).collect();

    // Depths in transcript order: a parent always comes before its reply.
    let mut depth = vec![0usize; records.len()];
    let mut reply_depth = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if r.is_human() {
            continue;
        }
        depth[i] = parent(r).filter(|&p| !records[p].is_human()).map_or(0, |p| depth[p] + 1);
        if reply_depth.len() <= depth[i] {
            reply_depth.resize(depth[i] + 1, 0);
        }
        reply_depth[depth[i]] += 1;
    }

    let mut by_room: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for r in records {
        by_room.entry(r.room.as_str()).or_default().push(r.t_ms);
    }
    let gaps = by_room
        .into_iter()
        .map(|(room, mut times)| {
            times.sort_unstable();
            let mut g: Vec<i64> = times.windows(2).map(|w| w[1] - w[0]).collect();
            let cv = coefficient_of_variation(&g);
            g.sort_unstable();
            let (median_ms, p90_ms) = (percentile(&g, 0.5), percentile(&g, 0.9));
            RoomGaps { room: room.to_string(), messages: times.len(), median_ms, p90_ms, cv }
        })
        .collect();

    let mut first_reply: BTreeMap<usize, i64> = BTreeMap::new();
    let mut replies = 0;
    for r in records {
        if let Some(p) = parent(r).filter(|&p| records[p].is_human()) {
            replies += 1;
            let latency = r.t_ms - records[p].t_ms;
            first_reply.entry(p).and_modify(|l| *l = (*l).min(latency)).or_insert(latency);
        }
    }
    let human_messages = records.iter().filter(|r| r.is_human()).count();
    let mut latencies: Vec<i64> = first_reply.values().copied().collect();
    latencies.sort_unstable();
    let answered = first_reply.len();
    let answered_share = if human_messages == 0 { 0.0 } else { answered as f64 / human_messages as f64 };
    let (median_latency_ms, p90_latency_ms) = (percentile(&latencies, 0.5), percentile(&latencies, 0.9));
    let human_replies =
        HumanReplies { human_messages, replies, answered, answered_share, median_latency_ms, p90_latency_ms };

    let (messages, bot_messages, bot_gini) = (records.len(), records.len() - human_messages, gini(&bot_counts));
    Summary { messages, bot_messages, per_hour_of_day, speakers, bot_gini, reply_depth, gaps, human_replies }
}

fn secs(ms: Option<i64>) -> String {
    ms.map_or_else(|| "-".into(), |v| format!("{:.1}s", v as f64 / 1000.0))
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let people = self.messages - self.bot_messages;
        writeln!(f, "messages: {} ({} by bots, {people} by people)", self.messages, self.bot_messages)?;
        writeln!(f, "\nmessages by hour of day (Istanbul):")?;
        let max = self.per_hour_of_day.iter().copied().max().unwrap_or(0).max(1);
        for (h, &n) in self.per_hour_of_day.iter().enumerate() {
            writeln!(f, "  {h:02}:00 {n:>6} {}", "#".repeat(n * 40 / max))?;
        }
        writeln!(f, "\nspeakers: {} (bot Gini {:.3}); most active:", self.speakers.len(), self.bot_gini)?;
        for s in self.speakers.iter().take(10) {
            writeln!(f, "  {:<34} {:>6} {:>6.1}%", s.author, s.messages, s.share * 100.0)?;
        }
        let depths: Vec<String> = self.reply_depth.iter().enumerate().map(|(d, n)| format!("{d}:{n}")).collect();
        writeln!(f, "\nbot reply depth (depth:messages): {}", depths.join(" "))?;
        writeln!(
            f,
            "\ngaps between messages:\n  {:<20} {:>8} {:>8} {:>8} {:>6}",
            "room", "messages", "median", "p90", "cv"
        )?;
        for g in &self.gaps {
            let cv = g.cv.map_or_else(|| "-".into(), |c| format!("{c:.2}"));
            let (med, p90) = (secs(g.median_ms), secs(g.p90_ms));
            writeln!(f, "  {:<20} {:>8} {med:>8} {p90:>8} {cv:>6}", g.room, g.messages)?;
        }
        let h = &self.human_replies;
        writeln!(
            f,
            "\npeople: {} messages, {} answered ({:.0}%), {} replies; first reply median {}, p90 {}",
            h.human_messages,
            h.answered,
            h.answered_share * 100.0,
            h.replies,
            secs(h.median_latency_ms),
            secs(h.p90_latency_ms)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(room: &str, seq: u64, t_ms: i64, author: &str, reply_to_seq: Option<u64>) -> Record {
        let kind = if author.starts_with("web:") { "human" } else { "bot" };
        let (room, author, kind, text) = (room.into(), author.into(), kind.into(), String::new());
        Record { room, seq, t_ms, author, kind, reply_to_seq, text }
    }

    #[test]
    fn gini_of_equal_shares_is_zero_and_of_one_speaker_is_near_one() {
        assert_eq!(gini(&[5, 5, 5, 5]), 0.0);
        assert_eq!(gini(&[]), 0.0);
        assert!((gini(&[0, 0, 0, 10]) - 0.75).abs() < 1e-9);
    }

    #[test]
    fn cv_of_equal_gaps_is_zero() {
        assert_eq!(coefficient_of_variation(&[30, 30, 30]), Some(0.0));
        assert!((coefficient_of_variation(&[10, 30]).unwrap() - 0.5).abs() < 1e-9);
        assert_eq!(coefficient_of_variation(&[]), None);
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&v, 0.5), Some(5));
        assert_eq!(percentile(&v, 0.9), Some(9));
        assert_eq!(percentile(&[7], 0.9), Some(7));
        assert_eq!(percentile(&[], 0.5), None);
    }

    #[test]
    fn a_transcript_is_summarised() {
        // Monday 2026-11-23 00:00 Istanbul.
        let start = Millis(1_795_899_600_000);
        let records = vec![
            rec("a", 1, 1_000, "web:Ece", None),
            rec("a", 2, 11_000, "ali", Some(1)),
            rec("a", 3, 21_000, "veli", Some(2)),
            rec("a", 4, 31_000, "ali", Some(3)),
            rec("a", 5, 3_600_000 + 1_000, "veli", None),
            rec("b", 1, 5_000, "web:Can", None),
        ];
        let s = summarize(&records, start, &["ali".into(), "mute".into(), "veli".into()]);
        assert_eq!(s.messages, 6);
        assert_eq!(s.per_hour_of_day[0], 5);
        assert_eq!(s.per_hour_of_day[1], 1);
        assert_eq!(s.per_hour_of_day.iter().sum::<usize>(), 6);
        assert_eq!(s.reply_depth, vec![2, 1, 1]);
        assert!((s.bot_gini - gini(&[2, 2, 0])).abs() < 1e-9);
        assert_eq!(s.speakers[0].messages, 2);
        assert_eq!(s.human_replies.human_messages, 2);
        assert_eq!(s.human_replies.answered, 1);
        assert_eq!(s.human_replies.median_latency_ms, Some(10_000));
        assert_eq!(s.gaps[0].median_ms, Some(10_000));
        assert_eq!(s.gaps[1].messages, 1);
        assert!(s.to_string().contains("people: 2 messages, 1 answered"));
    }
}
