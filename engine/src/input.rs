//! Input from people, parsed into values that are valid by construction.

use std::fmt;

/// Why a person's input was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("name must be 2 to 32 characters")]
    NameLength,
    #[error("name must not contain the AI marker '{0}': only bots carry it")]
    NameMarker(String),
    #[error("text must not be empty")]
    Empty,
    #[error("text must be at most {0} characters")]
    TooLong(usize),
    #[error("text contains control characters")]
    Control,
}

/// Longest message a person may write.
pub const MAX_HUMAN_CHARS: usize = 1000;

/// A person's display name in the room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HumanName(String);

impl HumanName {
    /// Parses a name; `marker` is the bots' AI marker, which people may not wear.
    pub fn parse(value: &str, marker: &str) -> Result<Self, InputError> {
        let v = value.trim();
        let n = v.chars().count();
        if !(2..=32).contains(&n) {
            return Err(InputError::NameLength);
        }
        if v.chars().any(char::is_control) {
            return Err(InputError::Control);
        }
        for m in [marker, crate::DEFAULT_AI_MARKER] {
            if !m.is_empty() && v.contains(m) {
                return Err(InputError::NameMarker(m.to_string()));
            }
        }
        Ok(HumanName(v.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's message text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HumanText(String);

impl HumanText {
    pub fn parse(value: &str) -> Result<Self, InputError> {
        let v = value.trim();
        if v.is_empty() {
            return Err(InputError::Empty);
        }
        if v.chars().count() > MAX_HUMAN_CHARS {
            return Err(InputError::TooLong(MAX_HUMAN_CHARS));
        }
        if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(InputError::Control);
        }
        Ok(HumanText(v.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for HumanText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn people_cannot_wear_the_ai_marker() {
        assert!(matches!(HumanName::parse("🤖 Ahmet", "🤖"), Err(InputError::NameMarker(_))));
        assert!(matches!(HumanName::parse("[AI] Ahmet", "[AI]"), Err(InputError::NameMarker(_))));
        assert_eq!(HumanName::parse("  Deniz ", "🤖").unwrap().as_str(), "Deniz");
    }

    proptest! {
        #[test]
        fn parsed_text_is_never_empty_or_too_long(s in ".{0,1200}") {
            if let Ok(t) = HumanText::parse(&s) {
                prop_assert!(!t.as_str().is_empty());
                prop_assert!(t.as_str().chars().count() <= MAX_HUMAN_CHARS);
            }
        }
    }
}
