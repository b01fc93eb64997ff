//! Identifiers and time, as newtypes that can only be built by parsing.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why an identifier was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("'{value}' is not a valid {what}: use {rule}")]
    Invalid { what: &'static str, value: String, rule: &'static str },
}

fn check(value: &str, what: &'static str, extra: char, min: usize, max: usize) -> Result<(), IdError> {
    let ok = (min..=max).contains(&value.len())
        && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == extra)
        && value.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(IdError::Invalid {
            what,
            value: value.to_string(),
            rule: if extra == '_' {
                "3 to 32 characters of a-z, 0-9 and _"
            } else {
                "3 to 40 characters of a-z, 0-9 and -"
            },
        })
    }
}

/// A bot's stable id: its username (`mehmet_bist`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BotId(String);

impl BotId {
    pub fn parse(value: &str) -> Result<Self, IdError> {
        check(value, "bot username", '_', 3, 32)?;
        Ok(Self(value.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A room's stable id: its slug (`piyasa-sohbet`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RoomId(String);

impl RoomId {
    pub fn parse(value: &str) -> Result<Self, IdError> {
        check(value, "room slug", '-', 3, 40)?;
        Ok(Self(value.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! string_newtype_impls {
    ($t:ty) => {
        impl TryFrom<String> for $t {
            type Error = IdError;
            fn try_from(value: String) -> Result<Self, IdError> {
                Self::parse(&value)
            }
        }
        impl From<$t> for String {
            fn from(value: $t) -> String {
                value.0
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}
string_newtype_impls!(BotId);
string_newtype_impls!(RoomId);

/// A point in time: milliseconds since the Unix epoch (UTC). The engine never
/// reads a clock; callers pass `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Millis(pub i64);

impl Millis {
    pub const SECOND: i64 = 1_000;
    pub const MINUTE: i64 = 60_000;
    pub const HOUR: i64 = 3_600_000;
    pub const DAY: i64 = 86_400_000;

    pub fn plus_ms(self, ms: i64) -> Self {
        Self(self.0.saturating_add(ms))
    }
    pub fn since(self, earlier: Millis) -> i64 {
        self.0 - earlier.0
    }
    /// Minutes since local midnight and the weekday (0 = Monday) for a fixed
    /// UTC offset. Istanbul has been UTC+3 all year since 2016.
    pub fn local_minute_of_day(self, utc_offset_minutes: i32) -> (u32, u32) {
        let local = self.0.div_euclid(Self::MINUTE) + i64::from(utc_offset_minutes);
        let minute = local.rem_euclid(24 * 60) as u32;
        let day = local.div_euclid(24 * 60);
        // 1970-01-01 was a Thursday (weekday 3 counting Monday as 0).
        let weekday = (day + 3).rem_euclid(7) as u32;
        (minute, weekday)
    }
}

/// Istanbul's offset from UTC in minutes (no daylight saving since 2016).
pub const ISTANBUL_UTC_OFFSET_MIN: i32 = 180;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_only_their_alphabet() {
        assert!(BotId::parse("mehmet_bist").is_ok());
        assert!(BotId::parse("Mehmet").is_err());
        assert!(BotId::parse("ab").is_err());
        assert!(BotId::parse("_abc").is_err());
        assert!(RoomId::parse("piyasa-sohbet").is_ok());
        assert!(RoomId::parse("piyasa sohbet").is_err());
        let err = BotId::parse("x y").unwrap_err().to_string();
        assert!(err.contains("bot username"), "{err}");
    }

    #[test]
    fn local_time_uses_the_offset_and_weekday() {
        // 2026-11-28T07:00:00Z is a Saturday, 10:00 in Istanbul.
        let t = Millis(1_795_849_200_000);
        assert_eq!(t.local_minute_of_day(ISTANBUL_UTC_OFFSET_MIN), (600, 5));
    }
}
