//! Per-message defects over a transcript's bot messages. Each message is
//! judged as [`crate::quality::defects`] would judge it live, with what a
//! transcript knows: the previous [`super::CONTEXT_LINES`] lines of the room
//! (the bot's own left out: repeating oneself is a near-duplicate, not an
//! echo), the room's authors as members, whether it answers a person who
//! asked for advice. The prompt and the feed are not in a transcript, so
//! prompt lines are matched by their known phrasing only and numbers are
//! not checked.

use super::{CONTEXT_LINES, Room, share};
use crate::quality::{self, Context, Defect, Line, advice};
use serde::Serialize;
use std::collections::BTreeMap;

/// Examples kept per defect.
const EXAMPLES: usize = 3;

/// Defect counts and rates over bot messages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefectStats {
    pub bot_messages: usize,
    /// Bot messages with at least one defect.
    pub flagged: usize,
    pub flagged_rate: f64,
    /// Messages per defect code (every code present, 0 included).
    pub counts: BTreeMap<&'static str, usize>,
    /// Share of bot messages per defect code.
    pub rates: BTreeMap<&'static str, f64>,
    /// A few flagged messages per code.
    pub examples: BTreeMap<&'static str, Vec<Example>>,
}

/// A flagged message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    pub room: String,
    pub seq: u64,
    pub author: String,
    pub text: String,
}

impl DefectStats {
    pub fn count_of(&self, d: Defect) -> usize {
        self.counts.get(d.code()).copied().unwrap_or(0)
    }

    pub fn rate_of(&self, d: Defect) -> f64 {
        self.rates.get(d.code()).copied().unwrap_or(0.0)
    }
}

/// Counts the defects of every bot message.
pub(crate) fn count(rooms: &[Room]) -> DefectStats {
    let mut counts: BTreeMap<&'static str, usize> = Defect::ALL.iter().map(|d| (d.code(), 0)).collect();
    let mut examples: BTreeMap<&'static str, Vec<Example>> = BTreeMap::new();
    let (mut bot_messages, mut flagged) = (0, 0);
    for room in rooms {
        let mut members: Vec<&str> = room.records.iter().map(|r| r.author.as_str()).collect();
        members.sort_unstable();
        members.dedup();
        for (i, r) in room.records.iter().enumerate() {
            if r.is_human() {
                continue;
            }
            bot_messages += 1;
            let window: Vec<Line> = room.records[i.saturating_sub(CONTEXT_LINES)..i]
                .iter()
                .filter(|l| l.author != r.author)
                .map(|l| Line { author: &l.author, text: &l.text })
                .collect();
            let parent = r.reply_to_seq.and_then(|s| room.by_seq(s));
            let advice = parent.is_some_and(|p| p.is_human() && advice::asks_advice(&p.text));
            let ctx = Context {
                window: &window,
                members: &members,
                prompt: None,
                allowed_numbers: None,
                answers_advice_request: Some(advice),
                quotes: None,
            };
            let found = quality::defects(&r.text, &ctx);
            flagged += usize::from(!found.is_empty());
            for d in found {
                *counts.entry(d.code()).or_default() += 1;
                let ex = examples.entry(d.code()).or_default();
                if ex.len() < EXAMPLES {
                    let (room, author, text) = (r.room.clone(), r.author.clone(), r.text.clone());
                    ex.push(Example { room, seq: r.seq, author, text });
                }
            }
        }
    }
    let rates = counts.iter().map(|(c, n)| (*c, share(*n, bot_messages))).collect();
    DefectStats { bot_messages, flagged, flagged_rate: share(flagged, bot_messages), counts, rates, examples }
}

#[cfg(test)]
mod tests {
    use super::super::rooms;
    use super::super::tests::rec;
    use super::*;

    #[test]
    fn one_echo_of_four_bot_messages_is_a_quarter() {
        let records = vec![
            rec("a", 1, 0, "web:Deniz", None, "bugün THY hakkında ne düşünüyorsunuz?"),
            rec("a", 2, 10, "okan_1", Some(1), "Bugün THY için ne düşünüyoruz acaba?"),
            rec("a", 3, 20, "ece_2", None, "Hacim düşük, acele etmeye gerek yok."),
            rec("a", 4, 30, "kerem_3", None, "Makro tarafta belirsizlik var, temkinliyim."),
            rec("a", 5, 40, "okan_1", None, "Kapanışa doğru netleşir diye düşünüyorum."),
        ];
        let s = count(&rooms(&records));
        assert_eq!(s.bot_messages, 4);
        assert_eq!(s.count_of(Defect::Echo), 1);
        assert!((s.rate_of(Defect::Echo) - 0.25).abs() < 1e-9);
        assert_eq!(s.examples["echo"][0].seq, 2);
        assert_eq!(s.flagged, 1);
    }

    #[test]
    fn people_are_not_judged_and_a_bot_repeating_itself_is_no_echo() {
        let records = vec![
            rec("a", 1, 0, "web:Deniz", None, "Okan: THYAO 37,60 seviyesinde."),
            rec("a", 2, 10, "okan_1", None, "Hacim düşük, acele etmeye gerek yok."),
            rec("a", 3, 20, "okan_1", None, "Hacim düşük, acele etmeye gerek yok."),
        ];
        let s = count(&rooms(&records));
        assert_eq!((s.bot_messages, s.flagged), (2, 0));
    }

    #[test]
    fn labels_use_the_rooms_authors_and_hype_needs_an_advice_request() {
        let records = vec![
            rec("a", 1, 0, "web:Deniz", None, "THYAO alayım mı?"),
            rec("a", 2, 10, "okan_1", Some(1), "Kaçırma, uçacak 🚀"),
            rec("a", 3, 20, "ece_2", None, "Deniz: roket gibi 🚀"),
        ];
        let s = count(&rooms(&records));
        assert_eq!(s.count_of(Defect::HypeToAdvice), 1);
        assert_eq!(s.examples["hype_to_advice"][0].author, "okan_1");
        assert_eq!(s.count_of(Defect::Label), 1);
    }
}
