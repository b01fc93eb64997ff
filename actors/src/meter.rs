//! The meter: what every LLM call cost (tokens in and out, dollars, latency,
//! cache hits) per provider and per room, the rolling-hour and per-day spend
//! the budgets are checked against, and delivered messages per room so the
//! console can show tokens per message. Shared (cheap to clone) between the
//! gateway, which records calls, and the rooms, which read their budget.
//!
//! - `shared`: workers mode: the budgets count every worker's spend (Redis).

mod shared;

pub use shared::Unshared;

use crate::metrics::Metrics;
use engine::budget::{BudgetSettings, Degrade, Spend, Tier};
use engine::ids::{ISTANBUL_UTC_OFFSET_MIN, Millis};
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

/// One finished call (or cache hit) as the gateway reports it.
#[derive(Debug, Clone)]
pub struct Call<'a> {
    pub provider: &'a str,
    pub room: Option<&'a str>,
    pub tier: Tier,
    pub tokens_in: u32,
    pub tokens_out: u32,
    pub usd: f64,
    pub latency_ms: i64,
    pub cache_hit: bool,
    /// Estimated tokens of the stable prompt prefix (system part).
    pub stable_tokens: u32,
    /// Estimated tokens of the whole prompt.
    pub prompt_tokens: u32,
    pub at: Millis,
}

/// Totals for one provider.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ProviderTotals {
    pub calls: u64,
    pub failures: u64,
    pub cache_hits: u64,
    pub tokens_in: u64,
    pub tokens_out: u64,
    pub usd: f64,
    pub latency_ms_total: u64,
}

/// Totals for one room.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RoomTotals {
    pub calls: u64,
    pub tokens_in: u64,
    pub tokens_out: u64,
    pub usd: f64,
    /// Bot messages delivered (any source).
    pub delivered: u64,
    /// Calls per tier.
    pub tiers: BTreeMap<Tier, u64>,
    /// Istanbul day number of `today`.
    #[serde(skip)]
    day: i64,
    pub today: Spend,
}

/// Everything at once, for the console, `/metrics` and simulation summaries.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MeterSnapshot {
    pub providers: BTreeMap<String, ProviderTotals>,
    pub rooms: BTreeMap<String, RoomTotals>,
    pub calls: u64,
    pub cache_hits: u64,
    pub tokens_in: u64,
    pub tokens_out: u64,
    pub usd: f64,
    pub last_hour: Spend,
    /// Share of prompt tokens in the stable (cacheable) prefix.
    pub stable_prefix_share: f64,
    pub delivered: u64,
}

impl MeterSnapshot {
    /// Tokens (in + out) per delivered bot message; 0 before the first one.
    pub fn tokens_per_message(&self) -> f64 {
        if self.delivered == 0 { 0.0 } else { (self.tokens_in + self.tokens_out) as f64 / self.delivered as f64 }
    }

    pub fn cache_hit_rate(&self) -> f64 {
        if self.calls == 0 { 0.0 } else { self.cache_hits as f64 / self.calls as f64 }
    }
}

#[derive(Default)]
struct State {
    snap: MeterSnapshot,
    /// (minute number, spend in that minute), the last hour.
    minutes: VecDeque<(i64, Spend)>,
    stable_tokens: u64,
    prompt_tokens: u64,
    /// Workers mode: spend not pushed to the community's totals yet.
    unshared: shared::Unshared,
    /// Workers mode: the community's totals as last read.
    shared: Option<shared::Shared>,
}

/// The shared meter; it carries the live metric families too.
#[derive(Clone, Default)]
pub struct Meter {
    state: Arc<Mutex<State>>,
    metrics: Metrics,
}

/// The Istanbul day number of `at` (the room budgets' day).
pub(crate) fn istanbul_day(at: Millis) -> i64 {
    (at.0 + i64::from(ISTANBUL_UTC_OFFSET_MIN) * Millis::MINUTE).div_euclid(24 * Millis::HOUR)
}

impl State {
    fn room(&mut self, room: &str, at: Millis) -> &mut RoomTotals {
        let day = istanbul_day(at);
        if !self.snap.rooms.contains_key(room) {
            self.snap.rooms.insert(room.to_string(), RoomTotals::default());
        }
        // unwrap: present, inserted just above if it was not.
        let r = self.snap.rooms.get_mut(room).unwrap();
        if r.day != day {
            r.day = day;
            r.today = Spend::default();
        }
        r
    }

    /// The spend of the minutes kept (call [`State::prune`] first).
    fn last_hour(&self) -> Spend {
        self.minutes.iter().fold(Spend::default(), |mut acc, (_, sp)| {
            acc.add(sp.tokens, sp.usd);
            acc
        })
    }

    fn prune(&mut self, at: Millis) {
        let minute = at.0.div_euclid(Millis::MINUTE);
        while self.minutes.front().is_some_and(|(m, _)| *m <= minute - 60) {
            self.minutes.pop_front();
        }
    }
}

impl Meter {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A poisoned meter still holds valid counters.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The live metric families (`/metrics`).
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Records a call that produced text (from a provider or the cache).
    pub fn call(&self, c: &Call<'_>) {
        if !c.cache_hit {
            self.metrics.generation(c.provider, c.latency_ms);
        }
        let mut s = self.lock();
        let tokens = u64::from(c.tokens_in) + u64::from(c.tokens_out);
        let p = s.snap.providers.entry(c.provider.to_string()).or_default();
        p.calls += 1;
        p.cache_hits += u64::from(c.cache_hit);
        p.tokens_in += u64::from(c.tokens_in);
        p.tokens_out += u64::from(c.tokens_out);
        p.usd += c.usd;
        p.latency_ms_total += c.latency_ms.max(0) as u64;
        let snap = &mut s.snap;
        snap.calls += 1;
        snap.cache_hits += u64::from(c.cache_hit);
        snap.tokens_in += u64::from(c.tokens_in);
        snap.tokens_out += u64::from(c.tokens_out);
        snap.usd += c.usd;
        s.stable_tokens += u64::from(c.stable_tokens);
        s.prompt_tokens += u64::from(c.prompt_tokens);
        if let Some(room) = c.room {
            let r = s.room(room, c.at);
            r.calls += 1;
            r.tokens_in += u64::from(c.tokens_in);
            r.tokens_out += u64::from(c.tokens_out);
            r.usd += c.usd;
            r.today.add(tokens, c.usd);
            *r.tiers.entry(c.tier).or_default() += 1;
        }
        if s.shared.is_some() {
            s.unshared.add(c.room, c.at, tokens, c.usd);
        }
        let minute = c.at.0.div_euclid(Millis::MINUTE);
        match s.minutes.back_mut() {
            Some((m, spend)) if *m == minute => spend.add(tokens, c.usd),
            _ => {
                let mut spend = Spend::default();
                spend.add(tokens, c.usd);
                s.minutes.push_back((minute, spend));
            }
        }
        s.prune(c.at);
    }

    /// A provider call failed (after its retries).
    pub fn failure(&self, provider: &str) {
        self.lock().snap.providers.entry(provider.to_string()).or_default().failures += 1;
    }

    /// A bot message was delivered in `room`.
    pub fn delivered(&self, room: &str, at: Millis) {
        let mut s = self.lock();
        s.snap.delivered += 1;
        s.room(room, at).delivered += 1;
    }

    /// What the room spent today and everyone in the last hour (in workers
    /// mode: every worker).
    pub fn spend(&self, room: &str, at: Millis) -> (Spend, Spend) {
        if let Some(shared) = self.shared_spend(room, at) {
            return shared;
        }
        let mut s = self.lock();
        s.prune(at);
        let hour = s.last_hour();
        (s.room(room, at).today, hour)
    }

    /// What the budget lets `room` do now.
    pub fn degrade(&self, budget: &BudgetSettings, room: &str, at: Millis) -> Degrade {
        if budget.is_unlimited() {
            return Degrade::NONE;
        }
        let (day, hour) = self.spend(room, at);
        budget.degrade(budget.pressure(day, hour))
    }

    /// The totals since start; the last hour is every worker's when the
    /// meter is shared (workers mode), else this process's.
    pub fn snapshot(&self, at: Millis) -> MeterSnapshot {
        let everyone = self.shared_spend("", at).map(|(_, hour)| hour);
        let mut s = self.lock();
        s.prune(at);
        let mut snap = s.snap.clone();
        snap.last_hour = everyone.unwrap_or_else(|| s.last_hour());
        snap.stable_prefix_share =
            if s.prompt_tokens == 0 { 0.0 } else { s.stable_tokens as f64 / s.prompt_tokens as f64 };
        snap
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(room: &str, tokens: u32, usd: f64, at: Millis) -> Call<'_> {
        Call {
            provider: "p",
            room: Some(room),
            tier: Tier::Banter,
            tokens_in: tokens,
            tokens_out: 0,
            usd,
            latency_ms: 5,
            cache_hit: false,
            stable_tokens: 3,
            prompt_tokens: 4,
            at,
        }
    }

    #[test]
    fn the_hour_rolls_and_the_room_day_resets_at_istanbul_midnight() {
        let m = Meter::default();
        // 2026-11-23 20:30 UTC = 23:30 Istanbul.
        let t0 = Millis(1_795_984_200_000);
        m.call(&call("a", 100, 0.5, t0));
        m.call(&call("b", 10, 0.1, t0.plus_ms(40 * Millis::MINUTE)));
        let (day, hour) = m.spend("a", t0.plus_ms(40 * Millis::MINUTE));
        // Past midnight in Istanbul: room a's day starts again; the hour still holds both calls.
        assert_eq!(day, Spend::default());
        assert_eq!(hour.tokens, 110);
        let (_, hour) = m.spend("b", t0.plus_ms(61 * Millis::MINUTE));
        assert_eq!(hour.tokens, 10, "the first call left the rolling hour");
    }

    #[test]
    fn spending_past_the_budget_degrades_the_room() {
        let m = Meter::default();
        let budget = BudgetSettings { room_daily_tokens: 1_000, ..BudgetSettings::default() };
        let t = Millis(1_795_899_600_000);
        assert_eq!(m.degrade(&budget, "a", t), Degrade::NONE);
        m.call(&call("a", 900, 0.0, t));
        assert_eq!(m.degrade(&budget, "a", t).max_tier, Tier::Banter);
        assert_eq!(m.degrade(&budget, "b", t), Degrade::NONE, "other rooms keep their own budget");
        m.call(&call("a", 200, 0.0, t));
        assert_eq!(m.degrade(&budget, "a", t).max_tier, Tier::Reaction);
    }

    #[test]
    fn snapshot_reports_tokens_per_message_and_stable_share() {
        let m = Meter::default();
        let t = Millis(1_795_899_600_000);
        m.call(&call("a", 40, 0.0, t));
        m.delivered("a", t);
        m.delivered("a", t);
        let s = m.snapshot(t);
        assert_eq!(s.tokens_per_message(), 20.0);
        assert!((s.stable_prefix_share - 0.75).abs() < 1e-9);
        assert_eq!(s.rooms["a"].tiers[&Tier::Banter], 1);
    }
}
