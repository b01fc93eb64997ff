//! How people are answered. A person's message is answered when a bot
//! message replies to it (`reply_to_seq`), or, failing that, when a bot
//! message within [`NAMED_REPLY_MS`] names the person; the first such
//! message gives the latency. A person who names a bot (`@okan_usta_1`, or
//! its whole name in the text, "okan usta 1") is routed well when the first
//! reply comes from that bot. A first name alone does not count: persona
//! names are words ("yeni_deniz", "nuri_amca"), and "Yeni başlayan biri …"
//! would be a mention.

use super::{NAMED_REPLY_MS, Room, share};
use crate::stats::{Record, percentile};
use crate::text::fold;
use serde::Serialize;

/// People answered and how fast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplyStats {
    pub human_messages: usize,
    pub answered: usize,
    /// Answered over people's messages; none without people.
    pub answered_share: Option<f64>,
    /// Answered only by a bot naming the person (no `reply_to_seq`).
    pub answered_by_name: usize,
    pub median_first_reply_ms: Option<i64>,
    pub p90_first_reply_ms: Option<i64>,
}

/// People's messages that name a bot, and whether that bot answered first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionStats {
    pub mentions: usize,
    pub routed: usize,
    /// Routed over mentions; none without mentions.
    pub accuracy: Option<f64>,
}

/// Whether folded `text` holds the folded words of `name` in a row.
fn names(text: &str, name: &str) -> bool {
    !name.is_empty() && format!(" {text} ").contains(&format!(" {name} "))
}

/// A person's or a bot's name as people write it: the id without its
/// channel prefix ("web:Deniz" → "deniz", "okan_usta_1" → "okan usta 1").
fn name_of(author: &str) -> String {
    fold(author.rsplit(':').next().unwrap_or(author))
}

/// The first bot message replying to `h` (by `reply_to_seq`).
fn first_reply<'a>(room: &Room<'a>, h: &Record) -> Option<&'a Record> {
    room.records.iter().copied().find(|r| !r.is_human() && r.reply_to_seq == Some(h.seq))
}

pub(crate) fn answered(rooms: &[Room]) -> ReplyStats {
    let (mut human_messages, mut answered_by_name) = (0, 0);
    let mut latencies = Vec::new();
    for room in rooms {
        for h in room.records.iter().filter(|r| r.is_human()) {
            human_messages += 1;
            let name = name_of(&h.author);
            let reply = first_reply(room, h).or_else(|| {
                let by_name = room.records.iter().find(|r| {
                    !r.is_human() && r.seq > h.seq && r.t_ms - h.t_ms <= NAMED_REPLY_MS && names(&fold(&r.text), &name)
                });
                answered_by_name += usize::from(by_name.is_some());
                by_name.copied()
            });
            if let Some(r) = reply {
                latencies.push(r.t_ms - h.t_ms);
            }
        }
    }
    latencies.sort_unstable();
    let answered = latencies.len();
    ReplyStats {
        human_messages,
        answered,
        answered_share: (human_messages > 0).then(|| share(answered, human_messages)),
        answered_by_name,
        median_first_reply_ms: percentile(&latencies, 0.5),
        p90_first_reply_ms: percentile(&latencies, 0.9),
    }
}

/// The bots of a room that a person's `text` names: "@id" or the whole name.
fn mentioned<'a>(text: &str, bots: &[&'a str]) -> Vec<&'a str> {
    let folded = fold(text);
    let at: Vec<String> = text.split_whitespace().filter_map(|w| w.strip_prefix('@')).map(fold).collect();
    bots.iter()
        .copied()
        .filter(|b| {
            let name = name_of(b);
            at.contains(&name) || names(&folded, &name)
        })
        .collect()
}

pub(crate) fn mentions(rooms: &[Room]) -> MentionStats {
    let (mut mentions, mut routed) = (0, 0);
    for room in rooms {
        let mut bots: Vec<&str> = room.records.iter().filter(|r| !r.is_human()).map(|r| r.author.as_str()).collect();
        bots.sort_unstable();
        bots.dedup();
        for h in room.records.iter().filter(|r| r.is_human()) {
            let named = mentioned(&h.text, &bots);
            if named.is_empty() {
                continue;
            }
            mentions += 1;
            routed += usize::from(first_reply(room, h).is_some_and(|r| named.contains(&r.author.as_str())));
        }
    }
    MentionStats { mentions, routed, accuracy: (mentions > 0).then(|| share(routed, mentions)) }
}

#[cfg(test)]
mod tests {
    use super::super::rooms;
    use super::super::tests::rec;
    use super::*;

    #[test]
    fn people_are_answered_by_reply_or_by_name_within_five_minutes() {
        let records = vec![
            rec("a", 1, 0, "web:Deniz", None, "Altın ne olur?"),
            rec("a", 2, 30, "okan_1", Some(1), "Bence yatay."),
            rec("a", 3, 100, "web:Ece", None, "Dolar?"),
            rec("a", 4, 160, "ece_2", None, "Ece, dolar sakin bence."),
            rec("a", 5, 200, "web:Kerem", None, "Borsa?"),
            rec("a", 6, 600, "okan_1", None, "Kerem, borsa yatay."),
        ];
        let s = answered(&rooms(&records));
        assert_eq!((s.human_messages, s.answered, s.answered_by_name), (3, 2, 1));
        assert!((s.answered_share.unwrap() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.median_first_reply_ms, Some(30_000));
        assert_eq!(s.p90_first_reply_ms, Some(60_000));
    }

    #[test]
    fn a_mention_is_routed_when_the_named_bot_answers_first() {
        let records = vec![
            rec("a", 1, 0, "web:Deniz", None, "@okan_usta_1 THYAO hakkında görüşün ne?"),
            rec("a", 2, 10, "okan_usta_1", Some(1), "Bence yatay."),
            rec("a", 3, 20, "web:Deniz", None, "Ece hanım 2, sen ne dersin?"),
            rec("a", 4, 30, "okan_usta_1", Some(3), "Ben cevap vereyim."),
            rec("a", 5, 40, "ece_hanim_2", Some(3), "Ben de yatay diyorum."),
            rec("a", 6, 50, "web:Deniz", None, "Yeni başlayan biri ne yapmalı, Ece?"),
        ];
        let m = mentions(&rooms(&records));
        assert_eq!((m.mentions, m.routed), (2, 1));
        assert_eq!(m.accuracy, Some(0.5));
        assert_eq!(mentioned("okan usta 1 ne diyor", &["okan_usta_1", "okan_usta_2"]), ["okan_usta_1"]);
        assert!(mentioned("okan ne diyor", &["okan_usta_1", "yeni_deniz_2"]).is_empty(), "a first name is no mention");
        assert!(mentioned("Yeni başlayan biri ne yapmalı?", &["yeni_deniz_2"]).is_empty());
    }
}
