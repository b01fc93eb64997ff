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
}

impl Default for PacingSettings {
    fn default() -> Self {
        PacingSettings {
            mean_gap_ms: 14_000,
            min_gap_ms: 2_500,
            human_response_ms: 1_500,
            max_typing_ms: 12_000,
            max_read_ms: 6_000,
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
        }
    }
}

/// The gap before the room's next tick. Exponential around the mean, shorter
/// when the room is lively (`rate_per_minute`, self-excitation).
pub fn next_tick_ms(s: &PacingSettings, rate_per_minute: f64, rng: &mut impl Rng) -> i64 {
    let excitation = 1.0 + (rate_per_minute / 4.0).min(1.5);
    let u: f64 = rng.random::<f64>().max(1e-9);
    let gap = -(s.mean_gap_ms as f64 / excitation) * u.ln();
    (gap as i64).clamp(s.min_gap_ms, s.mean_gap_ms * 6)
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
            (0..2000).map(|_| next_tick_ms(&s, rate, &mut rng)).sum::<i64>() / 2000
        };
        assert!(mean(8.0) < mean(0.0));
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
            let g = next_tick_ms(&s, chars as f64 / 100.0, &mut rng);
            prop_assert!(g >= s.min_gap_ms);
        }
    }
}
