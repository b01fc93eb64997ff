//! A bot's mood: valence (gloomy −1 … +1 cheerful) and arousal (calm 0 … 1
//! excited). Moves in what the bot holds or cares about push it; it decays
//! back to the persona's baseline.

use crate::persona::Persona;
use serde::{Deserialize, Serialize};

/// Half-life of a mood swing.
pub const MOOD_HALF_LIFE_MS: i64 = 20 * 60_000;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Mood {
    pub valence: f64,
    pub arousal: f64,
}

impl Default for Mood {
    fn default() -> Self {
        Mood { valence: 0.0, arousal: 0.3 }
    }
}

impl Mood {
    /// Decays towards the baseline over `elapsed_ms`.
    pub fn decay(self, elapsed_ms: i64) -> Mood {
        let k = 0.5f64.powf(elapsed_ms.max(0) as f64 / MOOD_HALF_LIFE_MS as f64);
        let base = Mood::default();
        Mood {
            valence: base.valence + (self.valence - base.valence) * k,
            arousal: base.arousal + (self.arousal - base.arousal) * k,
        }
    }

    /// Reacts to a price move of `change_pct` in `symbol`.
    pub fn on_move(self, persona: &Persona, symbol: &str, change_pct: f64) -> Mood {
        let exposure = if persona.holding_of(symbol).is_some() {
            1.0
        } else if persona.cares_about(symbol) {
            0.5
        } else {
            0.1
        };
        let push = (change_pct / 3.0).clamp(-1.0, 1.0) * exposure;
        Mood {
            valence: (self.valence + push * 0.5).clamp(-1.0, 1.0),
            arousal: (self.arousal + push.abs() * 0.6).clamp(0.0, 1.0),
        }
    }

    /// A Turkish word for the mood, for the prompt.
    pub fn describe(self) -> &'static str {
        match (self.valence, self.arousal) {
            (v, a) if v > 0.3 && a > 0.6 => "heyecanlı ve keyifli",
            (v, _) if v > 0.3 => "keyifli",
            (v, a) if v < -0.3 && a > 0.6 => "gergin",
            (v, _) if v < -0.3 => "canı sıkkın",
            (_, a) if a > 0.6 => "tetikte",
            _ => "sakin",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drop_in_a_holding_sours_the_mood_and_it_recovers() {
        let p = crate::persona::tests::persona("ali_test");
        let m = Mood::default().on_move(&p, "THYAO", -4.0);
        assert!(m.valence < -0.3 && m.arousal > 0.6);
        let later = m.decay(3 * 60 * 60_000);
        assert!(later.valence.abs() < 0.05);
    }
}
