//! When things happen: the room's next tick, a bot's read delay and typing
//! time. All times in milliseconds; randomness comes from the caller's seeded RNG.

use rand::Rng;
use serde::{Deserialize, Serialize};

/// Room pacing knobs (config `room.*`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PacingSettings {
    /// Mean quiet gap between bot turns when nothing happens. A real group
    /// chat has a message every few tens of seconds at busy times.
    pub mean_gap_ms: i64,
    /// Shortest gap between two room ticks, so bursts stay readable.
    pub min_gap_ms: i64,
    /// How soon the room reacts after a human writes.
    pub human_response_ms: i64,
    /// Upper bound for the typing time of one message.
    pub max_typing_ms: i64,
    /// Upper bound for the read delay.
    pub max_read_ms: i64,
    /// The room's local time, minutes east of UTC (Istanbul: +180, no DST).
    #[serde(default = "istanbul")]
    pub utc_offset_minutes: i32,
    /// Follow the market day (busy open and close, quiet nights and
    /// weekends); off gives every hour the activity of a busy one.
    #[serde(default = "yes")]
    pub daily_curve: bool,
    /// How fast the excitement after a message fades (Hawkes kernel time
    /// constant): 45 s, about one exchange of a lively chat.
    #[serde(default = "default_tau")]
    pub excitation_tau_ms: f64,
    /// Expected follow-up turns one message triggers (branching ratio, < 1
    /// keeps the room stable): 0.8 gives bursts and long quiet spells (gap CV > 1).
    #[serde(default = "default_branching")]
    pub branching_ratio: f64,
    /// Excitement a headline adds, in messages' worth (a price jump adds its
    /// size in percent over 2 times this); scaled by the hour's activity.
    #[serde(default = "default_shock")]
    pub shock_weight: f64,
    /// Room budget: bot messages in any minute, at most (Telegram allows a
    /// bot 20 a minute per group; a readable room wants far fewer).
    #[serde(default = "default_budget")]
    pub max_per_minute: u32,
}

fn default_tau() -> f64 {
    EXCITATION_TAU_MS
}
fn default_branching() -> f64 {
    BRANCHING_RATIO
}
fn default_shock() -> f64 {
    SHOCK_WEIGHT
}
fn yes() -> bool {
    true
}
fn istanbul() -> i32 {
    crate::ids::ISTANBUL_UTC_OFFSET_MIN
}
fn default_budget() -> u32 {
    8
}

impl Default for PacingSettings {
    fn default() -> Self {
        PacingSettings {
            mean_gap_ms: 40_000,
            min_gap_ms: 2_500,
            human_response_ms: 1_500,
            max_typing_ms: 12_000,
            max_read_ms: 6_000,
            utc_offset_minutes: istanbul(),
            daily_curve: true,
            excitation_tau_ms: EXCITATION_TAU_MS,
            branching_ratio: BRANCHING_RATIO,
            shock_weight: SHOCK_WEIGHT,
            max_per_minute: default_budget(),
        }
    }
}

impl PacingSettings {
    /// All values scaled by `factor` (tests and fast demos).
    pub fn scaled(&self, factor: f64) -> Self {
        let s = |v: i64| ((v as f64) * factor).round().max(1.0) as i64;
        PacingSettings {
            mean_gap_ms: s(self.mean_gap_ms),
            min_gap_ms: s(self.min_gap_ms),
            human_response_ms: s(self.human_response_ms),
            max_typing_ms: s(self.max_typing_ms),
            max_read_ms: s(self.max_read_ms),
            utc_offset_minutes: self.utc_offset_minutes,
            daily_curve: self.daily_curve,
            excitation_tau_ms: self.excitation_tau_ms * factor,
            branching_ratio: self.branching_ratio,
            shock_weight: self.shock_weight,
            max_per_minute: ((f64::from(self.max_per_minute) / factor).ceil() as u32).max(1),
        }
    }
}

/// Weekday activity of a Turkish market group by local time, relative to a
/// busy trading hour: `(from minute of day, weight)`. Quiet nights (still
/// alive: a demo opened at 3 a.m. talks, slowly), morning news, pre-open,
/// the open at 10:00, a lunch lull, the afternoon, the close at 18:00, the
/// evening (US session, crypto).
const WEEKDAY_CURVE: &[(u32, f64)] = &[
    (0, 0.12),
    (7 * 60, 0.3),
    (9 * 60, 0.6),
    (10 * 60, 1.0),
    (12 * 60 + 30, 0.55),
    (14 * 60, 0.85),
    (17 * 60 + 30, 1.0),
    (18 * 60 + 15, 0.55),
    (20 * 60, 0.65),
    (23 * 60, 0.3),
];
/// Weekends: no session; crypto and macro talk, livelier in the evening.
const WEEKEND_CURVE: &[(u32, f64)] = &[(0, 0.12), (9 * 60, 0.3), (12 * 60, 0.4), (19 * 60, 0.5), (23 * 60, 0.2)];

/// The room's activity at `now` under these settings.
pub fn activity_at(s: &PacingSettings, now: crate::ids::Millis) -> f64 {
    if !s.daily_curve {
        return 1.0;
    }
    let (minute, weekday) = now.local_minute_of_day(s.utc_offset_minutes);
    daily_activity(minute, weekday)
}

/// The room's activity (0..1] at `minute` of the local day on `weekday` (0 = Monday).
pub fn daily_activity(minute: u32, weekday: u32) -> f64 {
    let curve = if weekday >= 5 { WEEKEND_CURVE } else { WEEKDAY_CURVE };
    curve.iter().rev().find(|(from, _)| minute >= *from).map_or(curve[0].1, |(_, w)| *w)
}

/// Default of `excitation_tau_ms`.
pub const EXCITATION_TAU_MS: f64 = 45_000.0;
/// Default of `branching_ratio`.
pub const BRANCHING_RATIO: f64 = 0.8;

/// Default of `shock_weight`.
pub const SHOCK_WEIGHT: f64 = 2.0;

/// The gap before the room's next tick: a self-exciting point process. The
/// base rate is the daily `activity` over `mean_gap_ms`; every recent event
/// (`recent`: how long ago, in ms, and its weight — 1 for a message, more for
/// a headline or a price jump) adds excitement that decays with
/// [`EXCITATION_TAU_MS`].
pub fn next_tick_ms(s: &PacingSettings, recent: &[(i64, f64)], activity: f64, rng: &mut impl Rng) -> i64 {
    let base = activity.clamp(0.05, 1.0) / s.mean_gap_ms.max(1) as f64;
    let tau = s.excitation_tau_ms.max(1.0);
    let alpha = s.branching_ratio.clamp(0.0, 0.99) / tau;
    let excitement: f64 =
        recent.iter().filter(|(age, _)| *age >= 0).map(|(age, w)| w * alpha * (-(*age as f64) / tau).exp()).sum();
    // Exact next event of λ(t) = base + excitement·e^(−t/τ): solve Λ(t) = −ln u,
    // Λ(t) = base·t + excitement·τ·(1 − e^(−t/τ)), by bisection (Λ grows with t).
    let target = -rng.random::<f64>().max(1e-12).ln();
    let integral = |t: f64| base * t + excitement * tau * (1.0 - (-t / tau).exp());
    let (mut lo, mut hi) = (0.0, 6.0 / base);
    if integral(hi) < target {
        return hi as i64;
    }
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if integral(mid) < target { lo = mid } else { hi = mid }
    }
    (hi as i64).max(s.min_gap_ms)
}

/// How soon a room that has been quiet for a mean gap or more (or has no
/// history: a fresh install) gives its first turn after it starts.
pub const OPENING_TICK_MS: i64 = 500;

/// The delay of a room's first tick after it starts, given the age of its
/// last message: a quiet room speaks up soon ([`OPENING_TICK_MS`]); one
/// that was talking a moment ago (a restart) goes on at its usual pace.
pub fn first_tick_ms(s: &PacingSettings, last_message_age_ms: Option<i64>) -> i64 {
    match last_message_age_ms {
        Some(age) if age < s.mean_gap_ms => s.min_gap_ms,
        _ => OPENING_TICK_MS.min(s.min_gap_ms),
    }
}

/// How long to hold the next turn so the room stays within its budget of
/// `max_per_minute` bot messages (`recent_ms`: ages of recent bot messages).
pub fn budget_wait_ms(s: &PacingSettings, recent_ages_ms: &[i64]) -> i64 {
    let in_minute: Vec<i64> = recent_ages_ms.iter().copied().filter(|a| *a < 60_000).collect();
    if in_minute.len() < s.max_per_minute as usize {
        return 0;
    }
    // The oldest message of the minute must age out first.
    60_000 - in_minute.iter().copied().max().unwrap_or(0)
}

/// How long a bot "reads" `chars` characters before it starts typing.
/// About 25 characters a second plus a reaction time; a mentioned bot is quicker.
pub fn read_delay_ms(s: &PacingSettings, chars: usize, mentioned: bool, rng: &mut impl Rng) -> i64 {
    let base = 700.0 + chars as f64 * 40.0;
    let noise = rng.random_range(0.7..1.4);
    let ms = base * noise * if mentioned { 0.5 } else { 1.0 };
    (ms as i64).clamp(300.min(s.max_read_ms), s.max_read_ms)
}

/// How long typing `chars` characters takes at `cps` characters a second.
pub fn typing_ms(s: &PacingSettings, chars: usize, cps: f64, rng: &mut impl Rng) -> i64 {
    let noise = rng.random_range(0.8..1.25);
    let ms = chars as f64 / cps.max(0.5) * 1000.0 * noise;
    (ms as i64).clamp(600.min(s.max_typing_ms), s.max_typing_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn a_lively_room_ticks_sooner() {
        let s = PacingSettings::default();
        let mean = |rate: f64| {
            let mut rng = ChaCha8Rng::seed_from_u64(1);
            let ages: Vec<(i64, f64)> = (0..rate as i64).map(|i| (i * 10_000, 1.0)).collect();
            (0..2000).map(|_| next_tick_ms(&s, &ages, 1.0, &mut rng)).sum::<i64>() / 2000
        };
        assert!(mean(8.0) < mean(0.0));
    }

    #[test]
    fn the_market_day_is_busier_than_the_night_and_lunch() {
        let at = |h: u32, m: u32| daily_activity(h * 60 + m, 1);
        assert!(at(10, 30) > at(13, 0) && at(13, 0) > at(3, 0));
        assert!(at(17, 45) > at(21, 0));
        assert!(daily_activity(11 * 60, 6) < at(11, 0), "Sunday morning is calmer than a trading morning");
    }

    #[test]
    fn a_quiet_room_speaks_up_soon_after_it_starts_and_a_restarted_chat_goes_on_at_its_pace() {
        let s = PacingSettings::default();
        assert_eq!(first_tick_ms(&s, None), OPENING_TICK_MS);
        assert_eq!(first_tick_ms(&s, Some(3 * s.mean_gap_ms)), OPENING_TICK_MS);
        assert_eq!(first_tick_ms(&s, Some(5_000)), s.min_gap_ms);
        let slow = PacingSettings { min_gap_ms: 100, ..PacingSettings::default() };
        assert_eq!(first_tick_ms(&slow, None), 100, "never later than the shortest gap");
    }

    #[test]
    fn the_budget_holds_the_room_until_the_oldest_message_ages_out() {
        let s = PacingSettings { max_per_minute: 3, ..PacingSettings::default() };
        assert_eq!(budget_wait_ms(&s, &[1_000, 20_000]), 0);
        assert_eq!(budget_wait_ms(&s, &[1_000, 20_000, 50_000]), 10_000);
        assert_eq!(budget_wait_ms(&s, &[1_000, 20_000, 90_000]), 0);
    }

    proptest! {
        #[test]
        fn delays_stay_within_their_bounds(seed in 0u64..1000, chars in 0usize..2000, cps in 0.1f64..30.0) {
            let s = PacingSettings::default();
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let t = typing_ms(&s, chars, cps, &mut rng);
            prop_assert!(t > 0 && t <= s.max_typing_ms);
            let r = read_delay_ms(&s, chars, seed % 2 == 0, &mut rng);
            prop_assert!(r > 0 && r <= s.max_read_ms);
            let g = next_tick_ms(&s, &[(chars as i64 * 10, 1.0)], (seed % 10) as f64 / 10.0, &mut rng);
            prop_assert!(g >= s.min_gap_ms);
        }
    }
}
