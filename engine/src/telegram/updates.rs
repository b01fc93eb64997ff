//! Incoming updates: de-duplication by `update_id`, the commands every bot
//! answers (`/start`, `/privacy`, with or without `@botname`), and
//! translating Telegram @mentions into the persona usernames floor control
//! listens for.

use std::collections::{BTreeSet, HashMap};

/// Update ids a consumer has seen, bounded. Telegram's ids grow, so ids at
/// or below the oldest remembered one are treated as seen.
#[derive(Debug, Clone)]
pub struct UpdateDedup {
    seen: BTreeSet<i64>,
    capacity: usize,
}

/// Update ids remembered per consumer.
pub const SEEN_UPDATES: usize = 4096;

impl Default for UpdateDedup {
    fn default() -> Self {
        UpdateDedup { seen: BTreeSet::new(), capacity: SEEN_UPDATES }
    }
}

impl UpdateDedup {
    /// Starts from ids already stored.
    pub fn from_seen(ids: impl IntoIterator<Item = i64>) -> Self {
        let mut d = UpdateDedup::default();
        for id in ids {
            d.first_time(id);
        }
        d
    }

    /// True the first time `update_id` is seen, false for a repeat.
    pub fn first_time(&mut self, update_id: i64) -> bool {
        let full = self.seen.len() >= self.capacity;
        if full && self.seen.first().is_some_and(|oldest| update_id <= *oldest) {
            return false;
        }
        let fresh = self.seen.insert(update_id);
        while self.seen.len() > self.capacity {
            self.seen.pop_first();
        }
        fresh
    }

    /// The offset to ask `getUpdates` for next.
    pub fn next_offset(&self) -> Option<i64> {
        self.seen.last().map(|id| id + 1)
    }
}

/// A command a bot answers itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Start,
    Privacy,
}

/// Parses `/start` or `/privacy` (optionally `@botname`, then arguments).
/// A command addressed to another bot (`/start@other_bot`) is not ours.
pub fn parse_command(text: &str, bot_username: &str) -> Option<Command> {
    let word = text.split_whitespace().next()?;
    let word = word.strip_prefix('/')?;
    let (name, target) = match word.split_once('@') {
        Some((n, t)) => (n, Some(t)),
        None => (word, None),
    };
    if target.is_some_and(|t| !t.eq_ignore_ascii_case(bot_username)) {
        return None;
    }
    match name.to_ascii_lowercase().as_str() {
        "start" => Some(Command::Start),
        "privacy" => Some(Command::Privacy),
        _ => None,
    }
}

/// The bot a command is addressed to: `x` in `/start@x …` (any command).
pub fn command_target(text: &str) -> Option<&str> {
    let word = text.split_whitespace().next()?.strip_prefix('/')?;
    word.split_once('@').map(|(_, target)| target).filter(|t| !t.is_empty())
}

/// Rewrites `@telegram_username` mentions of our bots into `@persona`
/// usernames, so the room's floor control gives the mentioned bot the turn.
/// `names` maps lower-case Telegram usernames to persona usernames.
pub fn map_mentions(text: &str, names: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
        let handle = &after[..end];
        match names.get(&handle.to_ascii_lowercase()) {
            Some(persona) if !handle.is_empty() => {
                out.push('@');
                out.push_str(persona);
            }
            _ => {
                out.push('@');
                out.push_str(handle);
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn commands_with_and_without_the_bot_name() {
        assert_eq!(parse_command("/start", "kaan_bot"), Some(Command::Start));
        assert_eq!(parse_command("/privacy@Kaan_Bot extra", "kaan_bot"), Some(Command::Privacy));
        assert_eq!(parse_command("/start@other_bot", "kaan_bot"), None);
        assert_eq!(parse_command("start", "kaan_bot"), None);
        assert_eq!(parse_command("/help", "kaan_bot"), None);
        assert_eq!(command_target("/start@other_bot"), Some("other_bot"));
        assert_eq!(command_target("/help@Kaan_Bot extra"), Some("Kaan_Bot"));
        assert_eq!(command_target("/start"), None);
        assert_eq!(command_target("mail me @kaan_bot"), None);
        assert_eq!(command_target("/start@"), None);
    }

    #[test]
    fn mentions_of_our_bots_become_persona_usernames() {
        let names = HashMap::from([("kaan_piyasa_bot".to_string(), "kaan_kripto".to_string())]);
        assert_eq!(map_mentions("@Kaan_Piyasa_Bot ne dersin?", &names), "@kaan_kripto ne dersin?");
        assert_eq!(map_mentions("mail@x.com @yok", &names), "mail@x.com @yok");
    }

    #[test]
    fn a_repeated_update_is_seen_once() {
        let mut d = UpdateDedup::from_seen([5]);
        assert!(!d.first_time(5));
        assert!(d.first_time(6));
        assert_eq!(d.next_offset(), Some(7));
    }

    proptest! {
        #[test]
        fn every_id_passes_once(ids in prop::collection::vec(0i64..10_000, 0..300)) {
            let mut d = UpdateDedup::default();
            let mut passed = std::collections::HashSet::new();
            for id in ids {
                if d.first_time(id) {
                    prop_assert!(passed.insert(id), "{} passed twice", id);
                }
            }
        }
    }
}
