//! How varied the bots are: near-duplicates among a room's bot messages and
//! each bot's distinct-1 / distinct-2 (distinct words and word pairs over
//! all of them, on folded text).

use super::{DUPLICATE_WINDOW, Room, share};
use crate::postprocess::is_repeat;
use crate::stats::Record;
use crate::text::fold;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// One bot's vocabulary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BotDiversity {
    pub bot: String,
    pub messages: usize,
    pub distinct_1: f64,
    pub distinct_2: f64,
}

/// Share of bot messages equal after folding, or with word Jaccard ≥ 0.7
/// ([`crate::postprocess::is_repeat`]), to one of the previous
/// [`DUPLICATE_WINDOW`] bot messages of their room (any bot).
pub(crate) fn near_duplicate_rate(rooms: &[Room]) -> f64 {
    let (mut bots, mut dups) = (0, 0);
    for room in rooms {
        let mut recent: Vec<String> = Vec::new();
        for r in room.records.iter().filter(|r| !r.is_human()) {
            bots += 1;
            let folded = fold(&r.text);
            if recent.iter().any(|p| fold(p) == folded) || is_repeat(&r.text, &recent) {
                dups += 1;
            }
            recent.push(r.text.clone());
            if recent.len() > DUPLICATE_WINDOW {
                recent.remove(0);
            }
        }
    }
    share(dups, bots)
}

/// Distinct-1 and distinct-2 of every bot, by name.
pub(crate) fn per_bot(records: &[Record]) -> Vec<BotDiversity> {
    let mut words: BTreeMap<&str, (usize, Vec<Vec<String>>)> = BTreeMap::new();
    for r in records.iter().filter(|r| !r.is_human()) {
        let e = words.entry(r.author.as_str()).or_default();
        e.0 += 1;
        e.1.push(fold(&r.text).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect());
    }
    words
        .into_iter()
        .map(|(bot, (messages, texts))| {
            let unigrams: Vec<&String> = texts.iter().flatten().collect();
            let bigrams: Vec<(&String, &String)> =
                texts.iter().flat_map(|t| t.windows(2).map(|w| (&w[0], &w[1]))).collect();
            let d1 = share(unigrams.iter().collect::<HashSet<_>>().len(), unigrams.len());
            let d2 = share(bigrams.iter().collect::<HashSet<_>>().len(), bigrams.len());
            BotDiversity { bot: bot.to_string(), messages, distinct_1: d1, distinct_2: d2 }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::rooms;
    use super::super::tests::rec;
    use super::*;

    #[test]
    fn a_repeated_bot_line_in_the_same_room_is_a_near_duplicate() {
        let records = vec![
            rec("a", 1, 0, "okan_1", None, "Hacim düşük, acele etmeye gerek yok."),
            rec("a", 2, 10, "web:Deniz", None, "Hacim düşük, acele etmeye gerek yok."),
            rec("a", 3, 20, "ece_2", None, "hacim DÜŞÜK acele etmeye gerek yok!!"),
            rec("a", 4, 30, "ece_2", None, "Kısa vadede dalgalı olur bence."),
            rec("b", 1, 40, "kerem_3", None, "Kısa vadede dalgalı olur bence."),
        ];
        assert!((near_duplicate_rate(&rooms(&records)) - 0.25).abs() < 1e-9, "1 of 4 bot messages");
    }

    #[test]
    fn distinct_n_counts_distinct_words_and_pairs_per_bot() {
        let records = vec![
            rec("a", 1, 0, "okan_1", None, "piyasa sakin"),
            rec("a", 2, 10, "okan_1", None, "piyasa çok sakin"),
            rec("a", 3, 20, "ece_2", None, "altın yükselir"),
        ];
        let d = per_bot(&records);
        assert_eq!(d[1].bot, "okan_1");
        // Words: piyasa sakin piyasa cok sakin → 3 of 5; pairs: 3 distinct of 3.
        assert!((d[1].distinct_1 - 0.6).abs() < 1e-9);
        assert!((d[1].distinct_2 - 1.0).abs() < 1e-9);
        assert_eq!((d[0].messages, d[0].distinct_1), (1, 1.0));
    }
}
