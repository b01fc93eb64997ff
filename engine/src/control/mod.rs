//! Run-time control: what an operator may change while Piyasa runs, checked
//! before anything changes. Every refusal is a [`SettingError`] naming the
//! key (`room.pacing.mean_gap_ms`, `pacing.min_gap_ms`, `examples[2]`).
//!
//! - `keys`: editing a serialised settings document by dotted key
//!   (unknown keys and wrong types refused), flattening a change to leaves.
//! - `room`: a room's own knobs ([`RoomConfig`]: pacing and floor) and the
//!   per-room overrides on top of the community's defaults.
//! - `live`: [`LiveSettings`], the settings that change at run time, and
//!   stored overrides on top of the file and environment.
//! - `import`: comparing a persona file with the store (a previewable
//!   [`ImportPlan`] with a fingerprint of what it was computed against).

mod import;
mod keys;
mod live;
mod room;

pub use import::{FieldChange, ImportPlan, PersonaChange, StoredBot, field_changes, plan_import, store_fingerprint};
pub use keys::{Overrides, leaves};
pub use live::{LiveLlm, LivePrivacy, LiveSettings, RETENTION_DAYS, validate_retention_days};
pub use room::RoomConfig;

/// A refused change: `key` names what was wrong, `problem` says why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key}: {problem}")]
pub struct SettingError {
    pub key: String,
    pub problem: String,
}

impl SettingError {
    pub fn new(key: impl Into<String>, problem: impl Into<String>) -> Self {
        SettingError { key: key.into(), problem: problem.into() }
    }
}

/// A dotted key under `prefix` (`room` + `pacing.min_gap_ms`); an empty prefix adds nothing.
pub(crate) fn join_key(prefix: &str, key: &str) -> String {
    match (prefix.is_empty(), key.is_empty()) {
        (true, _) => key.to_string(),
        (_, true) => prefix.to_string(),
        _ => format!("{prefix}.{key}"),
    }
}
