//! The room's transcript window: the recent lines every decision looks at.

use crate::ids::Millis;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Who wrote a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthorKind {
    Bot,
    Human,
}

impl AuthorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthorKind::Bot => "bot",
            AuthorKind::Human => "human",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Bot, Self::Human].into_iter().find(|v| v.as_str() == s)
    }
}

impl std::str::FromStr for AuthorKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AuthorKind::parse(s).ok_or_else(|| format!("'{s}' is not an author kind: bot or human"))
    }
}

/// One message in the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub id: i64,
    /// Bot username or the human's display name.
    pub author_id: String,
    pub author_name: String,
    pub kind: AuthorKind,
    pub text: String,
    pub reply_to: Option<i64>,
    pub at: Millis,
    /// Consecutive bot-to-bot replies ending at this line (0 for a human line
    /// or a fresh bot message).
    pub bot_depth: u32,
}

/// Lines kept for deciding and prompting.
pub const WINDOW_LINES: usize = 40;

#[derive(Debug, Clone, Default)]
pub struct Transcript {
    lines: VecDeque<Line>,
}

impl Transcript {
    pub fn push(&mut self, line: Line) {
        self.lines.push_back(line);
        while self.lines.len() > WINDOW_LINES {
            self.lines.pop_front();
        }
    }

    /// Drops the lines `forget` picks (a person's deleted messages); how many.
    pub fn forget(&mut self, forget: impl Fn(&Line) -> bool) -> usize {
        let before = self.lines.len();
        self.lines.retain(|l| !forget(l));
        before - self.lines.len()
    }

    /// A person edited line `id` (Telegram): its new text; whether it was here.
    pub fn edit_human(&mut self, id: i64, text: &str) -> bool {
        match self.lines.iter_mut().find(|l| l.id == id && l.kind == AuthorKind::Human) {
            Some(l) => {
                l.text = text.to_string();
                true
            }
            None => false,
        }
    }

    pub fn get(&self, id: i64) -> Option<&Line> {
        self.lines.iter().find(|l| l.id == id)
    }

    pub fn last(&self) -> Option<&Line> {
        self.lines.back()
    }

    /// The newest `n` lines, oldest first.
    pub fn recent(&self, n: usize) -> impl Iterator<Item = &Line> {
        self.lines.iter().skip(self.lines.len().saturating_sub(n))
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Line> {
        self.lines.iter()
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The bot-to-bot depth a reply to `parent` would have.
    pub fn depth_of_reply_to(&self, parent: Option<i64>, replier_is_bot: bool) -> u32 {
        match (parent.and_then(|p| self.get(p)), replier_is_bot) {
            (Some(p), true) if p.kind == AuthorKind::Bot => p.bot_depth + 1,
            _ => 0,
        }
    }

    /// Messages per minute over the last `window_ms`.
    pub fn rate_per_minute(&self, now: Millis, window_ms: i64) -> f64 {
        let n = self.lines.iter().rev().take_while(|l| now.since(l.at) < window_ms).count();
        n as f64 * Millis::MINUTE as f64 / window_ms as f64
    }
}
