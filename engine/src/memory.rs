//! A bot's memory: what it said, to whom and about what (episodes), and a
//! card for each person it talked to (what they asked about, how often,
//! when). When it speaks it recalls what it said before on the same ticker
//! or words (Turkish stems, no embedding model needed), so it does not
//! contradict itself across days and can refer back; a person who comes
//! back after days is greeted with what the bot remembers of them.
//! Forgetting a person (privacy) drops their card and every episode
//! addressed to them; retention drops what is older than it keeps.

use crate::ids::Millis;
use crate::quality::echo::content_stems;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};

/// Episodes kept per bot (the oldest go first).
pub const EPISODES_KEPT: usize = 200;
/// What the bot said this recently is in the room's window or the same
/// conversation, not recalled.
pub const RECALL_AFTER_MS: i64 = 6 * Millis::HOUR;
/// Nor what is older than this.
pub const RECALL_WITHIN_MS: i64 = 14 * Millis::DAY;
/// A person silent this long is greeted as coming back.
pub const RETURNING_AFTER_MS: i64 = 2 * Millis::DAY;
/// Characters of a person's question kept on their card.
const ASKED_CHARS: usize = 120;

/// Something the bot said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Episode {
    pub at: Millis,
    /// The person it answered, if any (their id).
    pub to: Option<String>,
    /// The ticker it was about, if any.
    pub about: Option<String>,
    pub text: String,
    /// Which way it leaned on that ticker then (−1, 0, +1), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaning: Option<i8>,
}

/// What a bot knows of one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub name: String,
    pub first_seen: Millis,
    pub last_seen: Millis,
    /// Messages of theirs the bot answered.
    pub talks: u32,
    /// Tickers they asked about, and how often.
    pub topics: BTreeMap<String, u32>,
    /// Their last question, cut short.
    pub last_asked: String,
    /// Their replies to the bot that agreed with it, and that argued.
    #[serde(default)]
    pub agreed: u32,
    #[serde(default)]
    pub argued: u32,
}

/// How the talk with a person went, on the whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rapport {
    /// They mostly agreed.
    Warm,
    /// They mostly argued.
    Argued,
    Plain,
}

impl Card {
    /// The ticker they asked about most (the latest among equals).
    pub fn main_topic(&self) -> Option<&str> {
        self.topics.iter().max_by_key(|(_, n)| **n).map(|(s, _)| s.as_str())
    }

    /// How the talk went: a side needs two replies and a clear majority.
    pub fn rapport(&self) -> Rapport {
        match (self.agreed, self.argued) {
            (a, b) if a >= 2 && a >= 2 * b => Rapport::Warm,
            (a, b) if b >= 2 && b >= 2 * a => Rapport::Argued,
            _ => Rapport::Plain,
        }
    }
}

/// What the bot recalls for a turn.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Recall {
    /// What it said before on the subject: days ago, and the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said: Option<(i64, String)>,
    /// The person it answers is back after days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returning: Option<Returning>,
    /// Its view on the subject has changed since (news, a move, its PnL):
    /// it should say why rather than repeat itself.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub changed: bool,
    /// Which way it leaned when it said what is recalled.
    #[serde(skip)]
    said_leaning: Option<i8>,
}

impl Recall {
    /// Notes which way the bot leans on the subject now: a recalled saying
    /// from when it leaned the other way means its view has changed.
    pub fn leaning_now(mut self, now: i8) -> Recall {
        self.changed = self.said.is_some() && self.said_leaning.is_some_and(|then| then != now);
        self
    }
}

/// A person back after days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Returning {
    pub name: String,
    pub days: i64,
    pub topic: Option<String>,
    #[serde(default = "plain")]
    pub rapport: Rapport,
}

fn plain() -> Rapport {
    Rapport::Plain
}

/// A bot's memory.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Memory {
    /// Each episode with its content stems, cut once when remembered (recall
    /// runs on every turn).
    episodes: VecDeque<(Episode, Vec<String>)>,
    cards: BTreeMap<String, Card>,
}

fn stems_of(text: &str) -> Vec<String> {
    content_stems(&crate::text::fold(text)).into_iter().map(str::to_string).collect()
}

impl Memory {
    /// Remembers something it said.
    pub fn said(&mut self, e: Episode) {
        let stems = stems_of(&e.text);
        self.episodes.push_back((e, stems));
        while self.episodes.len() > EPISODES_KEPT {
            self.episodes.pop_front();
        }
    }

    /// Remembers a person's message it answered: `person` is their id.
    pub fn met(&mut self, person: &str, name: &str, text: &str, about: Option<&str>, at: Millis) {
        let card = self.cards.entry(person.to_string()).or_insert_with(|| Card {
            name: name.to_string(),
            first_seen: at,
            last_seen: at,
            talks: 0,
            topics: BTreeMap::new(),
            last_asked: String::new(),
            agreed: 0,
            argued: 0,
        });
        card.name = name.to_string();
        card.last_seen = card.last_seen.max(at);
        card.talks += 1;
        card.last_asked = text.chars().take(ASKED_CHARS).collect();
        if let Some(s) = about {
            *card.topics.entry(s.to_string()).or_default() += 1;
        }
    }

    /// The bot saw a person's message in the room (not one it answered): a
    /// person it knows was around then, so is not "back" later.
    pub fn saw(&mut self, person: &str, at: Millis) {
        if let Some(c) = self.cards.get_mut(person) {
            c.last_seen = c.last_seen.max(at);
        }
    }

    /// A person replied to the bot: their card notes whether they agreed
    /// or argued (a person the bot never answered gets no card for it).
    pub fn replied(&mut self, person: &str, r: crate::mood::talk::Reception) {
        use crate::mood::talk::Reception as R;
        if let Some(c) = self.cards.get_mut(person) {
            match r {
                R::Agreed => c.agreed += 1,
                R::Contradicted => c.argued += 1,
                R::Answered | R::Ignored => {}
            }
        }
    }

    /// The card of a person, if the bot talked to them.
    pub fn card(&self, person: &str) -> Option<&Card> {
        self.cards.get(person)
    }

    pub fn episodes(&self) -> impl Iterator<Item = &Episode> {
        self.episodes.iter().map(|(e, _)| e)
    }

    /// What to recall when answering `text` (about `about`, to `person`)
    /// at `now`: the best earlier episode (same ticker first, then shared
    /// word stems, the newer the better), and whether the person is back.
    /// Call it before [`Memory::met`] records this very message.
    pub fn recall(&self, text: &str, about: Option<&str>, person: Option<&str>, now: Millis) -> Recall {
        let stems = if text.is_empty() { Vec::new() } else { stems_of(text) };
        let best = self
            .episodes
            .iter()
            .filter(|(e, _)| (RECALL_AFTER_MS..=RECALL_WITHIN_MS).contains(&now.since(e.at)))
            .filter_map(|(e, theirs)| {
                let same = about.is_some() && e.about.as_deref() == about;
                let shared = stems.iter().filter(|s| theirs.contains(s)).count();
                let score =
                    if same { 2.0 } else { 0.0 } + shared as f64 - now.since(e.at) as f64 / RECALL_WITHIN_MS as f64;
                (same || shared >= 2).then_some((score, e))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, e)| e);
        let said_leaning = best.and_then(|e| e.leaning);
        let best = best.map(|e| (now.since(e.at) / Millis::DAY, e.text.clone()));
        let returning = person.and_then(|p| self.cards.get(p)).filter(|c| now.since(c.last_seen) >= RETURNING_AFTER_MS);
        Recall {
            changed: false,
            said_leaning,
            said: best,
            returning: returning.map(|c| Returning {
                name: c.name.clone(),
                days: now.since(c.last_seen) / Millis::DAY,
                topic: c.main_topic().map(str::to_string),
                rapport: c.rapport(),
            }),
        }
    }

    /// Forgets a person: their card and what the bot said to them.
    pub fn forget(&mut self, person: &str) {
        self.cards.remove(person);
        self.episodes.retain(|(e, _)| e.to.as_deref() != Some(person));
    }

    /// Retention: forgets people last seen before `before`, and the episodes
    /// addressed to anyone before it.
    pub fn forget_before(&mut self, before: Millis) {
        self.cards.retain(|_, c| c.last_seen >= before);
        self.episodes.retain(|(e, _)| e.to.is_none() || e.at >= before);
    }
}

/// "N gün önce" in Turkish ("dün" for one day).
pub fn days_ago(days: i64) -> String {
    match days {
        ..=0 => "bugün".into(),
        1 => "dün".into(),
        n => format!("{n} gün önce"),
    }
}

/// A symbol as people say it: a share by its ticker (THYAO), the rest by
/// name (Gram altın, Dolar/TL, BIST 100).
fn spoken(symbol: &str) -> &str {
    match crate::market::instrument(symbol) {
        Some(i) if symbol.len() > 5 || symbol == "XU100" => i.name,
        _ => symbol,
    }
}

/// The bot's greeting to a person back after days, naming what they asked
/// about; `formal` in the persona's "siz" register.
pub fn welcome_back(r: &Returning, formal: bool) -> String {
    let when = crate::text::capitalise(&days_ago(r.days));
    let topic = r.topic.as_deref().map(spoken);
    let hello = match (&topic, formal) {
        (Some(t), false) => format!("Tekrar hoş geldin! {when} {t} hakkında sormuştun, aklımda."),
        (Some(t), true) => format!("Tekrar hoş geldiniz! {when} {t} hakkında sormuştunuz, aklımda."),
        (None, false) => format!("Tekrar hoş geldin! En son {} konuşmuştuk.", days_ago(r.days)),
        (None, true) => format!("Tekrar hoş geldiniz! En son {} konuşmuştuk.", days_ago(r.days)),
    };
    let went = match (r.rapport, formal) {
        (Rapport::Warm, false) => " İyi anlaşmıştık.",
        (Rapport::Warm, true) => " Güzel bir sohbetti.",
        (Rapport::Argued, false) => " Geçen sefer pek anlaşamamıştık ama fikrini merak ediyorum.",
        (Rapport::Argued, true) => " Geçen sefer farklı düşünmüştük, yine de fikrinizi merak ediyorum.",
        (Rapport::Plain, _) => "",
    };
    format!("{hello}{went}")
}

#[cfg(test)]
mod tests;
