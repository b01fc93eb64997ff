//! A bot's own rate limiter: at most `per_hour` messages in any sliding hour
//! and at least `min_gap` between two of them. With several workers, the
//! persona's messages sent elsewhere count too (`set_elsewhere`): the
//! hourly limit and the gap hold for the persona over every worker.

use crate::ids::Millis;
use std::collections::VecDeque;

/// Telegram allows 20 messages a minute per bot per group; no setting lets a
/// bot exceed it.
pub const TELEGRAM_GROUP_PER_MINUTE: usize = 20;

/// Shortest gap before a bot answers a person who addressed it, whatever
/// its own (chatter) gap.
pub const ANSWER_GAP_MS: i64 = 15_000;

#[derive(Debug, Clone)]
pub struct RateLimiter {
    per_hour: usize,
    min_gap_ms: i64,
    sent: VecDeque<Millis>,
    /// Sent here and not yet shared with the other workers.
    unshared: Vec<Millis>,
    /// The persona's messages of the last hour sent on other workers.
    elsewhere: Vec<Millis>,
}

impl RateLimiter {
    pub fn new(per_hour: u32, min_gap_secs: u32) -> Self {
        RateLimiter {
            per_hour: per_hour.max(1) as usize,
            min_gap_ms: i64::from(min_gap_secs) * 1000,
            sent: VecDeque::new(),
            unshared: Vec::new(),
            elsewhere: Vec::new(),
        }
    }

    /// Rebuilds the limiter from the times of the bot's past messages
    /// (restart from the store).
    pub fn restore(per_hour: u32, min_gap_secs: u32, mut past: Vec<Millis>) -> Self {
        past.sort();
        let mut l = Self::new(per_hour, min_gap_secs);
        l.sent = past.into();
        l
    }

    /// New limits (an edited persona), keeping what was already sent.
    pub fn set_limits(&mut self, per_hour: u32, min_gap_secs: u32) {
        self.per_hour = per_hour.max(1) as usize;
        self.min_gap_ms = i64::from(min_gap_secs) * 1000;
    }

    fn prune(&mut self, now: Millis) {
        while self.sent.front().is_some_and(|t| now.since(*t) >= Millis::HOUR) {
            self.sent.pop_front();
        }
    }

    /// `Ok` when a message may go out at `now`, else how long to wait (ms).
    pub fn check(&mut self, now: Millis) -> Result<(), i64> {
        self.check_with_gap(now, self.min_gap_ms)
    }

    /// As [`RateLimiter::check`] for an answer to a person who addressed
    /// the bot: the gap is at most [`ANSWER_GAP_MS`] (a person spoken to
    /// is answered like in a real chat); the hourly and Telegram limits hold.
    pub fn check_answer(&mut self, now: Millis) -> Result<(), i64> {
        self.check_with_gap(now, self.min_gap_ms.min(ANSWER_GAP_MS))
    }

    fn check_with_gap(&mut self, now: Millis, gap_ms: i64) -> Result<(), i64> {
        self.prune(now);
        self.elsewhere.retain(|t| now.since(*t) < Millis::HOUR);
        let mut wait = 0;
        if let Some(last) = self.sent.back().into_iter().chain(&self.elsewhere).max() {
            wait = wait.max(gap_ms - now.since(*last));
        }
        if self.sent.len() + self.elsewhere.len() >= self.per_hour {
            // The hour frees up as the oldest messages, here or elsewhere, leave it.
            let mut all: Vec<Millis> = self.sent.iter().chain(&self.elsewhere).copied().collect();
            all.sort_unstable();
            let oldest = all[all.len() - self.per_hour];
            wait = wait.max(Millis::HOUR - now.since(oldest));
        }
        let last_minute = self.sent.iter().rev().take_while(|t| now.since(**t) < Millis::MINUTE).count();
        if last_minute >= TELEGRAM_GROUP_PER_MINUTE {
            let oldest = self.sent[self.sent.len() - last_minute];
            wait = wait.max(Millis::MINUTE - now.since(oldest));
        }
        if wait > 0 { Err(wait) } else { Ok(()) }
    }

    /// Records a message sent at `now`.
    pub fn record(&mut self, now: Millis) {
        self.sent.push_back(now);
        self.unshared.push(now);
    }

    /// Messages in the last hour (here and, with workers, elsewhere).
    pub fn sent_last_hour(&mut self, now: Millis) -> usize {
        self.prune(now);
        self.elsewhere.retain(|t| now.since(*t) < Millis::HOUR);
        self.sent.len() + self.elsewhere.len()
    }

    /// The messages sent here since the last call, for the other workers.
    pub fn take_unshared(&mut self) -> Vec<Millis> {
        std::mem::take(&mut self.unshared)
    }

    /// Messages taken with [`RateLimiter::take_unshared`] that could not be
    /// shared: offered again next time.
    pub fn unshare_failed(&mut self, mut times: Vec<Millis>) {
        times.append(&mut self.unshared);
        self.unshared = times;
    }

    /// The persona's messages of the last hour that other workers sent.
    pub fn set_elsewhere(&mut self, times: Vec<Millis>) {
        self.elsewhere = times;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_who_addressed_the_bot_waits_only_the_short_answer_gap() {
        let mut l = RateLimiter::new(2, 240);
        l.record(Millis(0));
        assert_eq!(l.check(Millis(20_000)), Err(220_000));
        assert_eq!(l.check_answer(Millis(10_000)), Err(5_000));
        assert_eq!(l.check_answer(Millis(20_000)), Ok(()));
        l.record(Millis(20_000));
        // The hourly limit still holds for answers.
        assert!(l.check_answer(Millis(60_000)).is_err_and(|w| w > 3_000_000));
    }
    #[test]
    fn messages_sent_on_other_workers_count_for_the_hour_and_the_gap() {
        let mut l = RateLimiter::new(3, 60);
        l.record(Millis(0));
        assert_eq!(l.take_unshared(), vec![Millis(0)]);
        assert!(l.take_unshared().is_empty(), "shared once");
        l.set_elsewhere(vec![Millis(100_000)]);
        // The gap runs from the newest message, wherever it was sent.
        assert_eq!(l.check(Millis(130_000)), Err(30_000));
        assert_eq!(l.check(Millis(160_000)), Ok(()));
        // Three in the hour: the next waits for the oldest to leave it.
        l.set_elsewhere(vec![Millis(100_000), Millis(200_000)]);
        assert_eq!(l.check(Millis(300_000)), Err(Millis::HOUR - 300_000));
        assert_eq!(l.sent_last_hour(Millis(300_000)), 3);
        // An hour later the other workers' messages no longer count.
        assert_eq!(l.check(Millis(Millis::HOUR + 200_000)), Ok(()));
    }

    use proptest::prelude::*;

    #[test]
    fn the_minimum_gap_is_kept() {
        let mut l = RateLimiter::new(10, 30);
        l.record(Millis(0));
        assert_eq!(l.check(Millis(10_000)), Err(20_000));
        assert!(l.check(Millis(30_000)).is_ok());
    }

    #[test]
    fn new_limits_apply_to_what_was_already_sent() {
        let mut l = RateLimiter::new(10, 30);
        l.record(Millis(0));
        l.set_limits(10, 5);
        assert!(l.check(Millis(5_000)).is_ok());
        l.set_limits(1, 5);
        assert_eq!(l.check(Millis(5_000)), Err(Millis::HOUR - 5_000));
    }

    proptest! {
        #[test]
        fn no_schedule_of_attempts_exceeds_the_limits(per_hour in 1u32..60, gap in 1u32..120, steps in proptest::collection::vec(0i64..90_000, 1..400)) {
            let mut l = RateLimiter::new(per_hour, gap);
            let mut now = Millis(0);
            let mut sent = Vec::new();
            for s in steps {
                now = now.plus_ms(s);
                if l.check(now).is_ok() { l.record(now); sent.push(now); }
            }
            for (i, t) in sent.iter().enumerate() {
                let in_hour = sent[i..].iter().take_while(|u| u.since(*t) < Millis::HOUR).count();
                prop_assert!(in_hour <= per_hour as usize);
                let in_min = sent[i..].iter().take_while(|u| u.since(*t) < Millis::MINUTE).count();
                prop_assert!(in_min <= TELEGRAM_GROUP_PER_MINUTE);
                if i > 0 { prop_assert!(t.since(sent[i - 1]) >= i64::from(gap) * 1000); }
            }
        }
    }
}
