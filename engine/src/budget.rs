//! What a turn may spend: the three tiers of text generation, the price of a
//! call, and how the director degrades as a budget runs out (fewer speakers,
//! a cheaper tier, then no model at all — never a hard failure).

use serde::{Deserialize, Serialize};

/// How much model a turn gets. Ordered: `Reaction < Banter < Important`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// No model: a rule-based reaction (emoji, a one-line acknowledgement).
    Reaction,
    /// Chatter between bots: the cheap chain.
    Banter,
    /// Replies to people and big news: the best chain.
    Important,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Reaction, Tier::Banter, Tier::Important];

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Reaction => "reaction",
            Tier::Banter => "banter",
            Tier::Important => "important",
        }
    }
}

/// Price of a provider's tokens, in US dollars per million.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Price {
    pub input_per_mtok: f64,
    pub output_per_mtok: f64,
}

impl Price {
    /// The cost of one call.
    pub fn cost_usd(&self, tokens_in: u32, tokens_out: u32) -> f64 {
        (f64::from(tokens_in) * self.input_per_mtok + f64::from(tokens_out) * self.output_per_mtok) / 1e6
    }
}

/// Spending limits (config `llm.budget.*`); 0 means no limit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BudgetSettings {
    /// Tokens (in + out) one room may spend per day (Istanbul calendar day).
    pub room_daily_tokens: u64,
    /// Dollars one room may spend per day.
    pub room_daily_usd: f64,
    /// Tokens the whole service may spend in any rolling hour.
    pub global_hourly_tokens: u64,
    /// Dollars the whole service may spend in any rolling hour.
    pub global_hourly_usd: f64,
    /// The share of a budget after which the director starts to degrade.
    pub degrade_at: f64,
}

impl Default for BudgetSettings {
    fn default() -> Self {
        BudgetSettings {
            room_daily_tokens: 0,
            room_daily_usd: 0.0,
            global_hourly_tokens: 0,
            global_hourly_usd: 0.0,
            degrade_at: 0.8,
        }
    }
}

impl BudgetSettings {
    /// Checks the values; the error names the key.
    pub fn validate(&self) -> Result<(), String> {
        for (key, v) in [("room_daily_usd", self.room_daily_usd), ("global_hourly_usd", self.global_hourly_usd)] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(format!("llm.budget.{key} must be 0 (no limit) or a positive amount, got {v}"));
            }
        }
        if !(self.degrade_at > 0.0 && self.degrade_at < 1.0) {
            return Err(format!("llm.budget.degrade_at must be between 0 and 1 (exclusive), got {}", self.degrade_at));
        }
        Ok(())
    }

    /// No limit is set: nothing ever degrades.
    pub fn is_unlimited(&self) -> bool {
        self.room_daily_tokens == 0
            && self.room_daily_usd == 0.0
            && self.global_hourly_tokens == 0
            && self.global_hourly_usd == 0.0
    }

    /// How far spending has gone: the largest used share of any limit that is
    /// set (0 when none is).
    pub fn pressure(&self, room_day: Spend, global_hour: Spend) -> f64 {
        [
            share(room_day.tokens as f64, self.room_daily_tokens as f64),
            share(room_day.usd, self.room_daily_usd),
            share(global_hour.tokens as f64, self.global_hourly_tokens as f64),
            share(global_hour.usd, self.global_hourly_usd),
        ]
        .into_iter()
        .fold(0.0, f64::max)
    }

    /// What the director may do under `pressure`.
    pub fn degrade(&self, pressure: f64) -> Degrade {
        if pressure >= 1.0 {
            Degrade { max_tier: Tier::Reaction, gap_factor: MAX_GAP_FACTOR }
        } else if pressure >= self.degrade_at {
            let over = (pressure - self.degrade_at) / (1.0 - self.degrade_at);
            Degrade { max_tier: Tier::Banter, gap_factor: 1.0 + (MAX_GAP_FACTOR - 1.0) * over }
        } else {
            Degrade::NONE
        }
    }
}

fn share(used: f64, limit: f64) -> f64 {
    if limit > 0.0 { used / limit } else { 0.0 }
}

/// At most this much slower chatter when a budget is nearly spent.
pub const MAX_GAP_FACTOR: f64 = 4.0;

/// Tokens and dollars spent in a window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Spend {
    pub tokens: u64,
    pub usd: f64,
}

impl Spend {
    pub fn add(&mut self, tokens: u64, usd: f64) {
        self.tokens += tokens;
        self.usd += usd;
    }
}

/// The director's limits under budget pressure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Degrade {
    /// The best tier a turn may use.
    pub max_tier: Tier,
    /// Bot chatter waits this many times longer between turns (fewer speakers).
    pub gap_factor: f64,
}

impl Degrade {
    pub const NONE: Degrade = Degrade { max_tier: Tier::Important, gap_factor: 1.0 };
}

/// The tier a turn needs: people and headlines get the best chain, chatter
/// the cheap one; never above what the budget allows.
pub fn tier_for(to_human: bool, big_news: bool, max: Tier) -> Tier {
    let want = if to_human || big_news { Tier::Important } else { Tier::Banter };
    want.min(max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn limits() -> BudgetSettings {
        BudgetSettings { room_daily_tokens: 10_000, global_hourly_usd: 1.0, ..BudgetSettings::default() }
    }

    #[test]
    fn no_limits_means_no_pressure() {
        let b = BudgetSettings::default();
        let big = Spend { tokens: u64::MAX / 2, usd: 1e9 };
        assert_eq!(b.pressure(big, big), 0.0);
        assert_eq!(b.degrade(0.0), Degrade::NONE);
        assert!(b.is_unlimited() && !limits().is_unlimited());
    }

    #[test]
    fn pressure_is_the_tightest_limit() {
        let b = limits();
        let p = b.pressure(Spend { tokens: 5_000, usd: 0.0 }, Spend { tokens: 0, usd: 0.9 });
        assert!((p - 0.9).abs() < 1e-9, "{p}");
    }

    #[test]
    fn near_the_budget_chatter_slows_and_the_tier_drops_then_the_model_stops() {
        let b = limits();
        assert_eq!(b.degrade(0.5), Degrade::NONE);
        let near = b.degrade(0.9);
        assert_eq!(near.max_tier, Tier::Banter);
        assert!(near.gap_factor > 1.0 && near.gap_factor < MAX_GAP_FACTOR);
        let spent = b.degrade(1.2);
        assert_eq!(spent, Degrade { max_tier: Tier::Reaction, gap_factor: MAX_GAP_FACTOR });
        assert_eq!(tier_for(true, false, spent.max_tier), Tier::Reaction);
        assert_eq!(tier_for(true, false, near.max_tier), Tier::Banter);
    }

    #[test]
    fn people_and_big_news_get_the_important_tier_chatter_the_cheap_one() {
        assert_eq!(tier_for(true, false, Tier::Important), Tier::Important);
        assert_eq!(tier_for(false, true, Tier::Important), Tier::Important);
        assert_eq!(tier_for(false, false, Tier::Important), Tier::Banter);
    }

    #[test]
    fn price_is_per_million_tokens() {
        let p = Price { input_per_mtok: 0.15, output_per_mtok: 0.60 };
        assert!((p.cost_usd(1_000_000, 500_000) - 0.45).abs() < 1e-12);
    }

    #[test]
    fn bad_budget_values_name_the_key() {
        let b = BudgetSettings { global_hourly_usd: -1.0, ..BudgetSettings::default() };
        assert!(b.validate().unwrap_err().contains("llm.budget.global_hourly_usd"));
        let b = BudgetSettings { degrade_at: 1.0, ..BudgetSettings::default() };
        assert!(b.validate().unwrap_err().contains("llm.budget.degrade_at"));
    }

    proptest! {
        #[test]
        fn more_spending_never_buys_more(p1 in 0.0f64..2.0, p2 in 0.0f64..2.0) {
            let b = limits();
            let (lo, hi) = if p1 <= p2 { (p1, p2) } else { (p2, p1) };
            let (a, z) = (b.degrade(lo), b.degrade(hi));
            prop_assert!(z.max_tier <= a.max_tier);
            prop_assert!(z.gap_factor >= a.gap_factor);
        }
    }
}
