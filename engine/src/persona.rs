//! The persona model: who a bot is, how it talks, what it holds and believes.
//! A `Persona` can only be obtained through [`Persona::validate`], so every
//! value the rest of Piyasa sees is in range.

use crate::ids::BotId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Direction of a stance on a symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Bullish,
    Bearish,
    Neutral,
}

/// How sure a persona is of a stance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// An opinion on one symbol.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stance {
    pub topic: String,
    pub direction: Direction,
    pub confidence: Confidence,
    pub view: String,
}

/// A position in the persona's portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Holding {
    pub symbol: String,
    pub size: f64,
    pub avg_price: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A persona as written in a community file. Unknown keys are kept in
/// `extra` and written back on export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Persona {
    pub username: BotId,
    pub name: String,
    pub role: String,
    #[serde(default)]
    pub bio: String,
    #[serde(default)]
    pub tone: String,
    #[serde(default)]
    pub style: String,
    #[serde(default)]
    pub risk: String,
    #[serde(default)]
    pub emoji: Vec<String>,
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Sample messages in the persona's voice (few-shot examples for the model).
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub watchlist: Vec<String>,
    #[serde(default)]
    pub never_do: Vec<String>,
    #[serde(default)]
    pub stances: Vec<Stance>,
    #[serde(default)]
    pub holdings: Vec<Holding>,
    /// Cash in the books at the start, TL; none means as much as the
    /// holdings cost, at least 50.000 ([`crate::book::default_cash`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash: Option<f64>,
    #[serde(default = "default_hours")]
    pub active_hours: Vec<String>,
    #[serde(default = "default_talkativeness")]
    pub talkativeness: f64,
    #[serde(default = "default_typing_cps")]
    pub typing_cps: f64,
    #[serde(default = "default_per_hour")]
    pub per_hour: u32,
    #[serde(default = "default_min_gap")]
    pub min_gap_secs: u32,
    #[serde(default)]
    pub asks_questions: bool,
    /// The persona's own time zone (minutes east of UTC) for its active
    /// hours; none means the room's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc_offset_minutes: Option<i32>,
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

fn default_hours() -> Vec<String> {
    vec!["09:00-23:00".into()]
}
fn default_talkativeness() -> f64 {
    0.5
}
fn default_typing_cps() -> f64 {
    5.0
}
fn default_per_hour() -> u32 {
    10
}
fn default_min_gap() -> u32 {
    60
}

/// The fields of a persona, as in a persona file.
pub const FIELDS: &[&str] = &[
    "username",
    "name",
    "role",
    "bio",
    "tone",
    "style",
    "risk",
    "emoji",
    "phrases",
    "examples",
    "watchlist",
    "never_do",
    "stances",
    "holdings",
    "cash",
    "active_hours",
    "talkativeness",
    "typing_cps",
    "per_hour",
    "min_gap_secs",
    "asks_questions",
    "utc_offset_minutes",
];

/// Why a persona was refused; `field` names the offending key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("persona '{who}': {field}: {problem}")]
pub struct PersonaError {
    pub who: String,
    pub field: String,
    pub problem: String,
}

/// Longest `bio` (its honest answer quotes it when it is short).
const MAX_BIO_CHARS: usize = 400;
/// Longest signature phrase, and `never_do` rule.
const MAX_PHRASE_CHARS: usize = 80;
const MAX_RULE_CHARS: usize = 120;

/// Display names are 2..=48 characters after trimming.
const NAME_LEN: std::ops::RangeInclusive<usize> = 2..=48;

impl Persona {
    /// Checks every field's range; returns the persona unchanged when valid.
    pub fn validate(self) -> Result<Persona, PersonaError> {
        let err = |field: &str, problem: String| PersonaError {
            who: self.username.to_string(),
            field: field.to_string(),
            problem,
        };
        let name_len = self.name.trim().chars().count();
        if !NAME_LEN.contains(&name_len) {
            return Err(err("name", format!("must be 2 to 48 characters, got {name_len}")));
        }
        if self.name.contains(crate::DEFAULT_AI_MARKER) {
            return Err(err("name", "leave the AI marker out; Piyasa adds it".into()));
        }
        if self.role.trim().is_empty() {
            return Err(err("role", "must not be empty".into()));
        }
        if !(0.0..=1.0).contains(&self.talkativeness) {
            return Err(err("talkativeness", format!("must be within 0..1, got {}", self.talkativeness)));
        }
        if !(1.0..=20.0).contains(&self.typing_cps) {
            return Err(err(
                "typing_cps",
                format!("must be within 1..20 characters a second, got {}", self.typing_cps),
            ));
        }
        if !(1..=60).contains(&self.per_hour) {
            return Err(err("per_hour", format!("must be within 1..60, got {}", self.per_hour)));
        }
        if !(1..=86_400).contains(&self.min_gap_secs) {
            return Err(err("min_gap_secs", format!("must be within 1..86400, got {}", self.min_gap_secs)));
        }
        for (i, e) in self.examples.iter().enumerate() {
            if let crate::guard::compliance::Verdict::Blocked(v) = crate::guard::compliance::check(e) {
                return Err(err(&format!("examples[{i}]"), format!("refused by the compliance guard ({})", v.code())));
            }
        }
        if self.bio.chars().count() > MAX_BIO_CHARS {
            return Err(err(
                "bio",
                format!("must be at most {MAX_BIO_CHARS} characters, got {}", self.bio.chars().count()),
            ));
        }
        for (i, e) in self.emoji.iter().enumerate() {
            let n = e.trim().chars().count();
            if n == 0 || n > 8 || e.chars().any(char::is_alphanumeric) {
                return Err(err(&format!("emoji[{i}]"), format!("must be one emoji, got {e:?}")));
            }
        }
        // Phrases are said as they stand (templates); rules bind trading
        // and the advice decline: short lines, phrases the guard allows.
        let lines = [("phrases", &self.phrases, MAX_PHRASE_CHARS), ("never_do", &self.never_do, MAX_RULE_CHARS)];
        for (field, list, max) in lines {
            for (i, line) in list.iter().enumerate() {
                let n = line.trim().chars().count();
                if n == 0 || n > max {
                    return Err(err(&format!("{field}[{i}]"), format!("must be 1 to {max} characters, got {n}")));
                }
            }
        }
        let anecdotes = self.extra.get("seed_emotion_profile").and_then(|e| e.get("anecdotes"));
        for (i, a) in anecdotes.and_then(|a| a.as_array()).into_iter().flatten().enumerate() {
            let field = format!("seed_emotion_profile.anecdotes[{i}]");
            let n = a.as_str().map_or(0, |a| a.trim().chars().count());
            if n == 0 || n > MAX_PHRASE_CHARS {
                return Err(err(&field, format!("must be a text of 1 to {MAX_PHRASE_CHARS} characters, got {a}")));
            }
        }
        for (i, line) in self.phrases.iter().enumerate() {
            if let crate::guard::compliance::Verdict::Blocked(v) = crate::guard::compliance::check(line) {
                return Err(err(&format!("phrases[{i}]"), format!("refused by the compliance guard ({})", v.code())));
            }
        }
        for (i, h) in self.active_hours.iter().enumerate() {
            parse_hours(h).map_err(|p| err(&format!("active_hours[{i}]"), p))?;
        }
        for (i, h) in self.holdings.iter().enumerate() {
            if !(h.size.is_finite() && h.size > 0.0 && h.avg_price.is_finite() && h.avg_price > 0.0) {
                return Err(err(&format!("holdings[{i}]"), "size and avg_price must be positive numbers".into()));
            }
        }
        if let Some(c) = self.cash
            && !(c.is_finite() && (0.0..=1e12).contains(&c))
        {
            return Err(err("cash", format!("must be a number of TL from 0 to 10^12, got {c}")));
        }
        Ok(self)
    }

    /// This persona with some fields changed (field → value, as in a
    /// persona file), validated. Refuses, naming the field: `username` (a
    /// bot's id never changes), a field a persona does not have (unless it is
    /// an unknown field kept from an import), a value of the wrong type, and
    /// anything [`Persona::validate`] refuses. `null` clears an optional or
    /// unknown field.
    pub fn with_fields(&self, fields: &serde_json::Map<String, serde_json::Value>) -> Result<Persona, PersonaError> {
        let err = |field: &str, problem: String| PersonaError {
            who: self.username.to_string(),
            field: field.to_string(),
            problem,
        };
        // unwrap: a persona is plain data and always serialises to an object.
        let mut doc = serde_json::to_value(self).unwrap();
        for (field, value) in fields {
            if field == "username" {
                if value.as_str() == Some(self.username.as_str()) {
                    continue;
                }
                return Err(err("username", "a bot's username never changes; create a new persona instead".into()));
            }
            let known = FIELDS.contains(&field.as_str()) || self.extra.contains_key(field);
            if !known {
                return Err(err(field, format!("not a persona field (fields: {})", FIELDS.join(", "))));
            }
            let map = doc.as_object_mut().ok_or_else(|| err(field, "persona is not an object".into()))?;
            if value.is_null()
                && !["utc_offset_minutes", "cash"].contains(&field.as_str())
                && !self.extra.contains_key(field)
            {
                return Err(err(field, "must not be null".into()));
            }
            if value.is_null() {
                map.remove(field);
            } else {
                map.insert(field.clone(), value.clone());
            }
            // Parsed after each field, so a wrong type names its own field.
            serde_json::from_value::<Persona>(doc.clone()).map_err(|e| err(field, e.to_string()))?;
        }
        let p: Persona = serde_json::from_value(doc).map_err(|e| err("persona", e.to_string()))?;
        p.validate()
    }

    /// The active windows as minutes of the local day, `[start, end)`.
    pub fn active_windows(&self) -> Vec<(u32, u32)> {
        self.active_hours.iter().filter_map(|h| parse_hours(h).ok()).collect()
    }

    /// Whether the persona is awake at `minute` of its local day.
    pub fn is_active_at(&self, minute: u32) -> bool {
        // Asked for every member on every room tick: parse in place, no Vec
        // (`piyasa bench` profile: the collected windows cost ~2 % of the CPU).
        self.active_hours
            .iter()
            .filter_map(|h| parse_hours(h).ok())
            .any(|(s, e)| if s <= e { (s..e).contains(&minute) } else { minute >= s || minute < e })
    }

    /// Whether the persona is awake at `now`, in its own time zone or else `room_offset`.
    pub fn is_awake(&self, now: crate::ids::Millis, room_offset: i32) -> bool {
        let (minute, _) = now.local_minute_of_day(self.utc_offset_minutes.unwrap_or(room_offset));
        self.is_active_at(minute)
    }

    /// The anecdotes of an imported seed persona (`emotion_profile.anecdotes`):
    /// what it tells of its past now and then.
    pub fn anecdotes(&self) -> Vec<&str> {
        let list = self.extra.get("seed_emotion_profile").and_then(|e| e.get("anecdotes"));
        list.and_then(|a| a.as_array()).into_iter().flatten().filter_map(|a| a.as_str()).map(str::trim).collect()
    }

    /// The stance on a symbol, if any.
    pub fn stance_on(&self, symbol: &str) -> Option<&Stance> {
        self.stances.iter().find(|s| s.topic.eq_ignore_ascii_case(symbol))
    }

    /// The holding of a symbol, if any.
    pub fn holding_of(&self, symbol: &str) -> Option<&Holding> {
        self.holdings.iter().find(|h| h.symbol.eq_ignore_ascii_case(symbol))
    }

    /// Whether the symbol concerns the persona (watchlist, holdings, stances).
    pub fn cares_about(&self, symbol: &str) -> bool {
        self.watchlist.iter().any(|w| w.eq_ignore_ascii_case(symbol))
            || self.holding_of(symbol).is_some()
            || self.stance_on(symbol).is_some()
    }

    /// The name shown to people: the AI marker, a space, the name.
    pub fn display_name(&self, marker: &str) -> String {
        format!("{marker} {}", self.name.trim())
    }
}

/// Parses `HH:MM-HH:MM` into minutes of the day.
pub fn parse_hours(value: &str) -> Result<(u32, u32), String> {
    let bad = || format!("'{value}' is not HH:MM-HH:MM");
    let (a, b) = value.split_once('-').ok_or_else(bad)?;
    let minute = |t: &str| -> Option<u32> {
        let (h, m) = t.trim().split_once(':')?;
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
    };
    Ok((minute(a).ok_or_else(bad)?, minute(b).ok_or_else(bad)?))
}

#[cfg(test)]
pub(crate) mod tests;
