//! The optional `telegram:` section of a community file: which Telegram
//! chat (and forum topic) the file's room speaks in. Tokens never belong in
//! the file; bots are added with `piyasa bots add`.
//!
//! ```yaml
//! telegram:
//!   chat_id: -1001234567890
//!   topic: 42          # optional forum topic (message_thread_id)
//! ```

use serde::Deserialize;

/// The section, validated.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelegramSection {
    pub chat_id: i64,
    #[serde(default)]
    pub topic: Option<i32>,
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    telegram: Option<TelegramSection>,
}

/// Why the section was refused.
#[derive(Debug, thiserror::Error)]
pub enum SectionError {
    #[error("telegram section: {0}")]
    Yaml(#[from] yaml_serde::Error),
    #[error("telegram.chat_id: {0} is not a group id (group and supergroup ids are negative)")]
    ChatId(i64),
    #[error("telegram.topic: must be a positive message_thread_id, got {0}")]
    Topic(i32),
}

/// The `telegram:` section of a community file, if it has one.
pub fn telegram_section(yaml: &str) -> Result<Option<TelegramSection>, SectionError> {
    let file: File = yaml_serde::from_str(yaml)?;
    let Some(s) = file.telegram else { return Ok(None) };
    if s.chat_id >= 0 {
        return Err(SectionError::ChatId(s.chat_id));
    }
    if let Some(t) = s.topic.filter(|t| *t <= 0) {
        return Err(SectionError::Topic(t));
    }
    Ok(Some(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_is_optional_and_checked() {
        assert_eq!(telegram_section("room: {slug: x}\n").unwrap(), None);
        let s = telegram_section("telegram:\n  chat_id: -100123\n  topic: 4\n").unwrap().unwrap();
        assert_eq!((s.chat_id, s.topic), (-100_123, Some(4)));
        assert!(telegram_section("telegram:\n  chat_id: 5\n").unwrap_err().to_string().contains("telegram.chat_id"));
        assert!(telegram_section("telegram:\n  chat_id: -5\n  topic: 0\n").is_err());
        let e = telegram_section("telegram:\n  chat_id: -5\n  token: x\n").unwrap_err().to_string();
        assert!(e.contains("token"), "{e}");
    }
}
