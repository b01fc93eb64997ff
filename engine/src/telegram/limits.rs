//! The send-limit scheduler. Telegram documents about one message a second
//! per chat, 20 messages a minute per bot in a group and about 30 messages a
//! second per bot overall; a breach costs a 429 with `retry_after`. The
//! scheduler is asked before every send and answers "now" or "not before T";
//! a 429 blocks only the bot and chat it came from.

use crate::ids::Millis;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};

/// Telegram's limits, as config values so tests can compress time
/// (every window divided by the same factor on the channel and the fake).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendLimits {
    /// Least time between two messages of one bot in one chat.
    pub chat_gap_ms: i64,
    /// Messages one bot may send to one group within `group_window_ms`.
    pub group_per_window: u32,
    pub group_window_ms: i64,
    /// Messages one bot may send anywhere within `bot_window_ms`.
    pub bot_per_window: u32,
    pub bot_window_ms: i64,
}

/// One message a second per chat.
pub const CHAT_GAP_MS: i64 = 1_000;
/// Twenty messages a minute per bot per group.
pub const GROUP_SEND_LIMIT: u32 = 20;
/// About thirty messages a second per bot.
pub const BOT_SEND_LIMIT: u32 = 30;

impl Default for SendLimits {
    fn default() -> Self {
        SendLimits {
            chat_gap_ms: CHAT_GAP_MS,
            group_per_window: GROUP_SEND_LIMIT,
            group_window_ms: Millis::MINUTE,
            bot_per_window: BOT_SEND_LIMIT,
            bot_window_ms: Millis::SECOND,
        }
    }
}

impl SendLimits {
    /// Every window divided by `factor` (compressed-time runs).
    pub fn compressed(self, factor: i64) -> Self {
        let f = factor.max(1);
        SendLimits {
            chat_gap_ms: (self.chat_gap_ms / f).max(1),
            group_window_ms: (self.group_window_ms / f).max(1),
            bot_window_ms: (self.bot_window_ms / f).max(1),
            ..self
        }
    }

    /// Why these limits are unusable, if they are.
    pub fn validate(&self) -> Result<(), String> {
        if self.chat_gap_ms <= 0 || self.group_window_ms <= 0 || self.bot_window_ms <= 0 {
            return Err("chat_gap_ms, group_window_ms and bot_window_ms must be positive".into());
        }
        if self.group_per_window == 0 || self.bot_per_window == 0 {
            return Err("group_per_window and bot_per_window must be at least 1".into());
        }
        Ok(())
    }
}

/// The scheduler's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Now,
    /// Not before this time.
    WaitUntil(Millis),
}

/// Sends of every bot, and 429 blocks, as the scheduler remembers them.
#[derive(Debug, Clone, Default)]
pub struct SendScheduler {
    limits: SendLimits,
    /// Per bot: (chat, when) of recent sends, oldest first.
    sent: HashMap<String, VecDeque<(i64, Millis)>>,
    /// (bot, chat) → blocked until (a 429's retry_after).
    blocked: HashMap<(String, i64), Millis>,
}

impl SendScheduler {
    pub fn new(limits: SendLimits) -> Self {
        SendScheduler { limits, ..SendScheduler::default() }
    }

    pub fn limits(&self) -> SendLimits {
        self.limits
    }

    /// May `bot` send to `chat` at `now`?
    pub fn check(&self, bot: &str, chat: i64, now: Millis) -> Decision {
        let l = &self.limits;
        let mut earliest = now;
        if let Some(until) = self.blocked.get(&(bot.to_string(), chat)) {
            earliest = earliest.max(*until);
        }
        if let Some(sent) = self.sent.get(bot) {
            if let Some((_, last)) = sent.iter().rev().find(|(c, _)| *c == chat) {
                earliest = earliest.max(last.plus_ms(l.chat_gap_ms));
            }
            let in_chat: Vec<Millis> = sent.iter().filter(|(c, _)| *c == chat).map(|(_, t)| *t).collect();
            earliest = earliest.max(window_free_at(&in_chat, l.group_per_window, l.group_window_ms, now));
            let all: Vec<Millis> = sent.iter().map(|(_, t)| *t).collect();
            earliest = earliest.max(window_free_at(&all, l.bot_per_window, l.bot_window_ms, now));
        }
        if earliest <= now { Decision::Now } else { Decision::WaitUntil(earliest) }
    }

    /// Records a send (call right before the request goes out).
    pub fn record(&mut self, bot: &str, chat: i64, now: Millis) {
        let keep = self.limits.group_window_ms.max(self.limits.bot_window_ms).max(self.limits.chat_gap_ms);
        let sent = self.sent.entry(bot.to_string()).or_default();
        sent.push_back((chat, now));
        while sent.front().is_some_and(|(_, t)| now.since(*t) >= keep) {
            sent.pop_front();
        }
    }

    /// Checks and, when allowed, records in one step.
    pub fn try_acquire(&mut self, bot: &str, chat: i64, now: Millis) -> Decision {
        let d = self.check(bot, chat, now);
        if d == Decision::Now {
            self.record(bot, chat, now);
        }
        d
    }

    /// The request taken at `started` got its answer at `finished`: Telegram
    /// received it somewhere in between, so the send counts from `finished`
    /// (later is safer). With this, network delay cannot squeeze two sends
    /// closer together at Telegram than the limits allow.
    pub fn confirm(&mut self, bot: &str, chat: i64, started: Millis, finished: Millis) {
        let Some(sent) = self.sent.get_mut(bot) else { return };
        if let Some(e) = sent.iter_mut().find(|(c, t)| *c == chat && *t == started) {
            e.1 = finished.max(started);
        }
        sent.make_contiguous().sort_by_key(|(_, t)| *t);
    }

    /// A 429 told `bot` to wait `retry_after_ms` before writing to `chat` again.
    pub fn retry_after(&mut self, bot: &str, chat: i64, now: Millis, retry_after_ms: i64) {
        let until = now.plus_ms(retry_after_ms.max(0));
        let e = self.blocked.entry((bot.to_string(), chat)).or_insert(until);
        *e = (*e).max(until);
    }
}

/// When one more send fits a window of `limit` sends per `window_ms`, given
/// past send times (sorted).
fn window_free_at(times: &[Millis], limit: u32, window_ms: i64, now: Millis) -> Millis {
    let recent: Vec<Millis> = times.iter().copied().filter(|t| now.since(*t) < window_ms).collect();
    if recent.len() < limit as usize {
        return now;
    }
    // The oldest send that must leave the window before one more fits.
    recent[recent.len() - limit as usize].plus_ms(window_ms)
}

#[cfg(test)]
mod tests;
