//! The guard's knobs (config section `compliance`), validated once at start.

use super::disclaimer::{DEFAULT_DISCLAIMER, DisclaimerPolicy};
use super::stance::StanceCap;
use serde::{Deserialize, Serialize};

/// Longest disclaimer, in characters: it rides on a chat message.
pub const MAX_DISCLAIMER_CHARS: usize = 120;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GuardSettings {
    /// Largest share of the last `stance_window` bot messages of a room that
    /// may push one ticker one way, in (0, 1].
    pub stance_cap: f64,
    pub stance_window: usize,
    /// The share is never taken over fewer messages than this.
    pub stance_min_sample: usize,
    pub disclaimer: DisclaimerPolicy,
    pub disclaimer_text: String,
}

impl Default for GuardSettings {
    fn default() -> Self {
        let cap = StanceCap::default();
        GuardSettings {
            stance_cap: cap.cap,
            stance_window: cap.window,
            stance_min_sample: cap.min_sample,
            disclaimer: DisclaimerPolicy::default(),
            disclaimer_text: DEFAULT_DISCLAIMER.into(),
        }
    }
}

/// A bad guard setting; the message names the key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("compliance.{key}: {problem}")]
pub struct GuardSettingsError {
    pub key: &'static str,
    pub problem: String,
}

impl GuardSettings {
    pub fn stance(&self) -> StanceCap {
        StanceCap { cap: self.stance_cap, window: self.stance_window, min_sample: self.stance_min_sample }
    }

    /// Checks what types alone cannot.
    pub fn validate(&self) -> Result<(), GuardSettingsError> {
        let bad = |key, problem: String| Err(GuardSettingsError { key, problem });
        if !(self.stance_cap > 0.0 && self.stance_cap <= 1.0) {
            return bad("stance_cap", format!("must be within (0, 1], got {}", self.stance_cap));
        }
        if !(1..=1000).contains(&self.stance_window) {
            return bad("stance_window", format!("must be within 1..=1000, got {}", self.stance_window));
        }
        if self.stance_min_sample == 0 || self.stance_min_sample > self.stance_window {
            return bad(
                "stance_min_sample",
                format!("must be within 1..=stance_window ({}), got {}", self.stance_window, self.stance_min_sample),
            );
        }
        let text = self.disclaimer_text.trim();
        if self.disclaimer != DisclaimerPolicy::Off && text.is_empty() {
            return bad("disclaimer_text", "must not be empty unless compliance.disclaimer = \"off\"".into());
        }
        if text.chars().count() > MAX_DISCLAIMER_CHARS || text.contains('\n') {
            return bad("disclaimer_text", format!("must be one line of at most {MAX_DISCLAIMER_CHARS} characters"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_bad_values_name_their_key() {
        GuardSettings::default().validate().unwrap();
        let cases = [
            (GuardSettings { stance_cap: 0.0, ..Default::default() }, "compliance.stance_cap"),
            (GuardSettings { stance_cap: 1.5, ..Default::default() }, "compliance.stance_cap"),
            (GuardSettings { stance_window: 0, ..Default::default() }, "compliance.stance_window"),
            (GuardSettings { stance_min_sample: 21, ..Default::default() }, "compliance.stance_min_sample"),
            (GuardSettings { disclaimer_text: " ".into(), ..Default::default() }, "compliance.disclaimer_text"),
            (GuardSettings { disclaimer_text: "a\nb".into(), ..Default::default() }, "compliance.disclaimer_text"),
        ];
        for (s, key) in cases {
            let e = s.validate().unwrap_err().to_string();
            assert!(e.starts_with(key), "{e}");
        }
        let off =
            GuardSettings { disclaimer: DisclaimerPolicy::Off, disclaimer_text: String::new(), ..Default::default() };
        off.validate().unwrap();
    }
}
