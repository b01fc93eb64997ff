//! The settings that change at run time, with their configuration keys:
//! `room.pacing.*` and `room.floor.*` (every room's defaults),
//! `compliance.*` (stance cap, disclaimer), `llm.budget.*` and
//! `privacy.retention_days`. The file and the environment give the base at
//! start; overrides stored at run time (the `settings` table) win over it,
//! key by key, until they are removed.

use super::SettingError;
use super::keys::{Overrides, leaf_keys, leaves};
use super::room::RoomConfig;
use crate::budget::BudgetSettings;
use crate::guard::settings::GuardSettings;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `llm.*` keys that change at run time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LiveLlm {
    pub budget: BudgetSettings,
}

/// `privacy.*` keys that change at run time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LivePrivacy {
    /// Days a person's message is kept.
    pub retention_days: u32,
}

impl Default for LivePrivacy {
    fn default() -> Self {
        LivePrivacy { retention_days: 30 }
    }
}

/// Days a person's message may be kept: a day to ten years.
pub const RETENTION_DAYS: std::ops::RangeInclusive<u32> = 1..=3650;

/// Checks `privacy.retention_days`.
pub fn validate_retention_days(days: u32) -> Result<(), SettingError> {
    if RETENTION_DAYS.contains(&days) {
        Ok(())
    } else {
        Err(SettingError::new("privacy.retention_days", format!("must be within 1..=3650, got {days}")))
    }
}

/// Everything an operator may change while Piyasa runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LiveSettings {
    /// Every room's pacing and floor defaults (a room may override keys).
    pub room: RoomConfig,
    pub compliance: GuardSettings,
    pub llm: LiveLlm,
    pub privacy: LivePrivacy,
}

impl LiveSettings {
    /// Checks every key; the error names the first bad one.
    pub fn validate(&self) -> Result<(), SettingError> {
        self.room.validate("room")?;
        self.compliance.validate().map_err(|e| SettingError::new(format!("compliance.{}", e.key), e.problem))?;
        self.llm.budget.validate().map_err(|p| {
            // BudgetSettings' messages start with the key.
            let key = p.split_whitespace().next().unwrap_or("llm.budget").to_string();
            SettingError::new(key, p)
        })?;
        validate_retention_days(self.privacy.retention_days)
    }

    /// Whether `key` belongs to a section that changes at run time (a
    /// stored key of such a section that is not known is stale).
    pub fn owns(key: &str) -> bool {
        let first = key.split('.').next().unwrap_or_default();
        matches!(first, "room" | "compliance" | "privacy") || key == "llm.budget" || key.starts_with("llm.budget.")
    }

    /// Every key that changes at run time, dotted, in order.
    pub fn keys() -> Vec<String> {
        leaf_keys(&LiveSettings::default())
    }

    /// The settings in effect: `self` (file and environment) with the stored
    /// `overrides`. An override that no longer fits (a key removed in a new
    /// version, a value a newer rule refuses) is left out and returned with
    /// the reason, so a start never fails on what was stored earlier.
    pub fn with_overrides(&self, overrides: &Overrides) -> (LiveSettings, Vec<SettingError>) {
        let mut kept = Overrides::default();
        let mut refused = Vec::new();
        for (key, value) in &overrides.0 {
            let candidate = kept.with(&[(key.clone(), value.clone())]);
            match candidate.apply(self, "").and_then(|s| s.validate().map(|()| s)) {
                Ok(_) => kept = candidate,
                Err(e) => refused.push(e),
            }
        }
        // `kept` applied cleanly key by key above; the fallback is never taken.
        let effective = kept.apply(self, "").unwrap_or_else(|_| self.clone());
        (effective, refused)
    }

    /// Checks a change of `key` (a value, or an object of a section's keys)
    /// against `base` with `overrides`: the new overrides and the settings
    /// they give. Nothing is returned unless the whole change is valid.
    pub fn change(
        base: &LiveSettings,
        overrides: &Overrides,
        key: &str,
        value: &Value,
    ) -> Result<(Overrides, LiveSettings), SettingError> {
        let current = overrides.apply(base, "")?;
        let changes = leaves(&current, key, value, "")?;
        let next = overrides.with(&changes);
        let settings = next.apply(base, "")?;
        settings.validate()?;
        Ok((next, settings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_live_keys_are_the_configuration_keys() {
        let keys = LiveSettings::keys();
        for k in [
            "room.pacing.mean_gap_ms",
            "room.floor.max_replies_per_human",
            "compliance.stance_cap",
            "compliance.disclaimer_text",
            "llm.budget.room_daily_tokens",
            "privacy.retention_days",
        ] {
            assert!(keys.iter().any(|x| x == k), "{k} missing from {keys:?}");
        }
        assert!(!keys.iter().any(|k| k.starts_with("llm.chain") || k.starts_with("database")));
        assert!(keys.iter().all(|k| LiveSettings::owns(k)));
        assert!(!LiveSettings::owns("llm.providers") && !LiveSettings::owns("telegram.enabled"));
    }

    #[test]
    fn a_change_is_checked_against_the_whole_and_names_its_key() {
        let base = LiveSettings::default();
        let none = Overrides::default();
        let (o, s) = LiveSettings::change(&base, &none, "compliance.stance_cap", &json!(0.3)).unwrap();
        assert_eq!(s.compliance.stance_cap, 0.3);
        assert_eq!(o.0.len(), 1);
        for (key, value, named) in [
            ("compliance.stance_cap", json!(1.5), "compliance.stance_cap"),
            ("compliance.disclaimer", json!("always"), "compliance.disclaimer"),
            ("privacy.retention_days", json!(0), "privacy.retention_days"),
            ("llm.budget.degrade_at", json!(1.0), "llm.budget.degrade_at"),
            ("room.pacing.min_gap_ms", json!(999_999), "room.pacing.min_gap_ms"),
            ("database.url", json!("x"), "database.url"),
            ("llm.budget", json!({"room_daily_tokens": "lots"}), "llm.budget.room_daily_tokens"),
        ] {
            let e = LiveSettings::change(&base, &none, key, &value).unwrap_err();
            assert_eq!(e.key, named, "{e}");
        }
    }

    #[test]
    fn stored_overrides_win_over_the_base_and_stale_ones_are_reported() {
        let base = LiveSettings::default();
        let stored = Overrides(
            [
                ("privacy.retention_days".to_string(), json!(7)),
                ("room.pacing.gone_key".to_string(), json!(1)),
                ("compliance.stance_cap".to_string(), json!(9.0)),
            ]
            .into(),
        );
        let (s, refused) = base.with_overrides(&stored);
        assert_eq!(s.privacy.retention_days, 7);
        assert_eq!(s.compliance.stance_cap, base.compliance.stance_cap);
        let keys: Vec<_> = refused.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["compliance.stance_cap", "room.pacing.gone_key"]);
    }
}
