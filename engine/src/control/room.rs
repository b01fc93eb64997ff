//! A room's own knobs: pacing (when) and floor control (who). Every room
//! starts from the community's `room.*` settings; a room's overrides (stored
//! with the room) change single keys on top, so a later change of the
//! community's defaults still reaches every key a room did not override.

use super::keys::Overrides;
use super::{SettingError, join_key};
use crate::floor::FloorSettings;
use crate::pacing::PacingSettings;
use serde::{Deserialize, Serialize};

/// Pacing and floor settings of one room (config `room.pacing.*`, `room.floor.*`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoomConfig {
    pub pacing: PacingSettings,
    pub floor: FloorSettings,
}

/// Local times run from UTC−12:00 to UTC+14:00.
const UTC_OFFSETS: std::ops::RangeInclusive<i32> = -12 * 60..=14 * 60;

impl RoomConfig {
    /// Checks what types alone cannot; keys are named under `prefix`
    /// (`room` for the configuration file, empty for a room's own keys).
    pub fn validate(&self, prefix: &str) -> Result<(), SettingError> {
        let bad = |key: &str, problem: String| Err(SettingError::new(join_key(prefix, key), problem));
        let p = &self.pacing;
        for (key, v) in [
            ("pacing.mean_gap_ms", p.mean_gap_ms),
            ("pacing.min_gap_ms", p.min_gap_ms),
            ("pacing.max_typing_ms", p.max_typing_ms),
            ("pacing.max_read_ms", p.max_read_ms),
            ("pacing.human_response_ms", p.human_response_ms),
        ] {
            if v <= 0 {
                return bad(key, format!("must be positive, got {v}"));
            }
        }
        if p.min_gap_ms > p.mean_gap_ms {
            let mean = join_key(prefix, "pacing.mean_gap_ms");
            return bad(
                "pacing.min_gap_ms",
                format!("must not exceed {mean} ({}), got {}", p.mean_gap_ms, p.min_gap_ms),
            );
        }
        if !(0.0..1.0).contains(&p.branching_ratio) {
            return bad(
                "pacing.branching_ratio",
                format!("must be within 0..1 (1 or more never calms down), got {}", p.branching_ratio),
            );
        }
        if !(p.excitation_tau_ms.is_finite() && p.excitation_tau_ms > 0.0) {
            return bad("pacing.excitation_tau_ms", format!("must be positive, got {}", p.excitation_tau_ms));
        }
        if !(p.shock_weight.is_finite() && p.shock_weight >= 0.0) {
            return bad("pacing.shock_weight", format!("must not be negative, got {}", p.shock_weight));
        }
        if p.max_per_minute == 0 {
            return bad("pacing.max_per_minute", "must be at least 1".into());
        }
        if !UTC_OFFSETS.contains(&p.utc_offset_minutes) {
            return bad(
                "pacing.utc_offset_minutes",
                format!("must be within -720..=840 minutes of UTC, got {}", p.utc_offset_minutes),
            );
        }
        let f = &self.floor;
        if !(f.chatter_share > 0.0 && f.chatter_share <= 1.0) {
            return bad("floor.chatter_share", format!("must be within (0, 1], got {}", f.chatter_share));
        }
        if f.max_replies_per_human == 0 {
            return bad("floor.max_replies_per_human", "must be at least 1".into());
        }
        if f.human_wait_ms <= 0 {
            return bad("floor.human_wait_ms", format!("must be positive, got {}", f.human_wait_ms));
        }
        Ok(())
    }

    /// Every key a room may set for itself (`pacing.mean_gap_ms`, …).
    pub fn keys() -> Vec<String> {
        super::keys::leaf_keys(&RoomConfig::default())
    }

    /// The room's settings: these defaults with the room's `overrides`, checked.
    pub fn with_overrides(&self, overrides: &Overrides) -> Result<RoomConfig, SettingError> {
        let c = overrides.apply(self, "")?;
        c.validate("")?;
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::leaves;
    use serde_json::json;

    #[test]
    fn the_defaults_are_valid_and_bad_values_name_their_key() {
        RoomConfig::default().validate("room").unwrap();
        type Change = fn(&mut RoomConfig);
        let cases: Vec<(Change, &str)> = vec![
            (|c| c.pacing.mean_gap_ms = 0, "room.pacing.mean_gap_ms"),
            (|c| c.pacing.min_gap_ms = 50_000, "room.pacing.min_gap_ms"),
            (|c| c.pacing.branching_ratio = 1.0, "room.pacing.branching_ratio"),
            (|c| c.pacing.excitation_tau_ms = f64::NAN, "room.pacing.excitation_tau_ms"),
            (|c| c.pacing.max_per_minute = 0, "room.pacing.max_per_minute"),
            (|c| c.pacing.utc_offset_minutes = 2000, "room.pacing.utc_offset_minutes"),
            (|c| c.floor.chatter_share = 0.0, "room.floor.chatter_share"),
            (|c| c.floor.max_replies_per_human = 0, "room.floor.max_replies_per_human"),
        ];
        for (change, key) in cases {
            let mut c = RoomConfig::default();
            change(&mut c);
            assert_eq!(c.validate("room").unwrap_err().key, key);
        }
    }

    #[test]
    fn a_rooms_overrides_change_only_their_keys() {
        let defaults = RoomConfig::default();
        let change = leaves(&defaults, "pacing", &json!({"mean_gap_ms": 10_000}), "").unwrap();
        let o = Overrides::default().with(&change);
        let room = defaults.with_overrides(&o).unwrap();
        assert_eq!(room.pacing.mean_gap_ms, 10_000);
        assert_eq!(room.pacing.min_gap_ms, defaults.pacing.min_gap_ms);
        // A later default for another key still reaches the room.
        let mut later = defaults.clone();
        later.floor.max_bot_depth = 9;
        assert_eq!(later.with_overrides(&o).unwrap().floor.max_bot_depth, 9);
    }

    #[test]
    fn overrides_that_break_a_rule_together_are_refused() {
        let o = Overrides::default().with(&[("pacing.min_gap_ms".into(), json!(60_000))]);
        let e = RoomConfig::default().with_overrides(&o).unwrap_err();
        assert_eq!(e.key, "pacing.min_gap_ms");
        assert!(e.problem.contains("pacing.mean_gap_ms"), "{e}");
    }
}
