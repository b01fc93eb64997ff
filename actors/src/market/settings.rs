//! `[market]` and `[news]`: the simulator, price adapters, feeds and how
//! politely they are polled. `validate` names the key of any bad value.

use super::feeds::FeedSettings;
use super::http::PollTiming;
use super::prices::AdapterSettings;
use serde::{Deserialize, Serialize};

/// Market knobs (config `market.*`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarketSettings {
    pub seed: u64,
    /// How often simulated prices move.
    pub step_ms: u64,
    /// Simulated market time per wall time: at 24 a demo hour shows a day's moves.
    pub speedup: f64,
    /// Mean time between bundled headlines (simulated rooms only).
    pub headline_every_ms: u64,
    /// Bundled headlines in simulated rooms.
    pub bundled_headlines: bool,
    /// A Telegram-linked room may run on simulated prices (its bots'
    /// descriptions then say the prices are simulated). Off: such a room
    /// refuses to start.
    pub allow_simulated_telegram: bool,
    /// Price adapters for live rooms.
    pub adapters: Vec<AdapterSettings>,
    /// Per request to a price server.
    pub timeout_ms: u64,
    /// Longest wait between polls of a failing price server.
    pub max_backoff_ms: u64,
    /// How often operators' queued events are looked for.
    pub events_poll_ms: u64,
    /// How often simulated prices are saved.
    pub save_every_ms: u64,
}

impl Default for MarketSettings {
    fn default() -> Self {
        MarketSettings {
            seed: 42,
            step_ms: 5_000,
            speedup: 24.0,
            headline_every_ms: 120_000,
            bundled_headlines: true,
            allow_simulated_telegram: false,
            adapters: Vec::new(),
            timeout_ms: 10_000,
            max_backoff_ms: 30 * 60_000,
            events_poll_ms: 2_000,
            save_every_ms: 60_000,
        }
    }
}

/// News knobs (config `news.*`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NewsSettings {
    pub feeds: Vec<FeedSettings>,
    /// Between polls of a feed (a feed may set its own).
    pub interval_ms: u64,
    /// Stories older than this are not news.
    pub max_age_minutes: u64,
    /// New stories of one poll that reach the rooms (a feed's first poll lists a day's).
    pub max_per_poll: usize,
    /// Per request to a feed server.
    pub timeout_ms: u64,
    /// Longest wait between polls of a failing feed.
    pub max_backoff_ms: u64,
}

impl Default for NewsSettings {
    fn default() -> Self {
        NewsSettings {
            feeds: Vec::new(),
            interval_ms: 5 * 60_000,
            max_age_minutes: 12 * 60,
            max_per_poll: 3,
            timeout_ms: 10_000,
            max_backoff_ms: 60 * 60_000,
        }
    }
}

impl MarketSettings {
    /// Checks what types cannot; errors name the key.
    pub fn validate(&self) -> Result<(), String> {
        if self.step_ms == 0 {
            return Err("market.step_ms: must be positive".into());
        }
        if !(self.speedup.is_finite() && self.speedup > 0.0) {
            return Err(format!("market.speedup: must be positive, got {}", self.speedup));
        }
        for (key, v) in [
            ("market.timeout_ms", self.timeout_ms),
            ("market.events_poll_ms", self.events_poll_ms),
            ("market.save_every_ms", self.save_every_ms),
        ] {
            if v == 0 {
                return Err(format!("{key}: must be positive"));
            }
        }
        let mut names = std::collections::BTreeSet::new();
        for (i, a) in self.adapters.iter().enumerate() {
            a.validate(&format!("market.adapters[{i}]"))?;
            if !names.insert(a.name.as_str()) {
                return Err(format!("market.adapters[{i}].name: '{}' is used twice", a.name));
            }
        }
        Ok(())
    }

    /// How an adapter is polled.
    pub fn timing(&self, a: &AdapterSettings) -> PollTiming {
        PollTiming { interval_ms: a.interval_ms, max_backoff_ms: self.max_backoff_ms, timeout_ms: self.timeout_ms }
    }
}

impl NewsSettings {
    /// Checks what types cannot; errors name the key.
    pub fn validate(&self) -> Result<(), String> {
        if self.interval_ms < 10_000 {
            return Err(format!("news.interval_ms: at least 10000 (polite polling), got {}", self.interval_ms));
        }
        if self.timeout_ms == 0 || self.max_per_poll == 0 {
            return Err("news.timeout_ms and news.max_per_poll: must be positive".into());
        }
        let mut names = std::collections::BTreeSet::new();
        for (i, f) in self.feeds.iter().enumerate() {
            f.validate(&format!("news.feeds[{i}]"))?;
            if !names.insert(f.name.as_str()) {
                return Err(format!("news.feeds[{i}].name: '{}' is used twice", f.name));
            }
        }
        Ok(())
    }

    /// How a feed is polled.
    pub fn timing(&self, f: &FeedSettings) -> PollTiming {
        PollTiming {
            interval_ms: f.interval_ms.unwrap_or(self.interval_ms),
            max_backoff_ms: self.max_backoff_ms,
            timeout_ms: self.timeout_ms,
        }
    }
}
