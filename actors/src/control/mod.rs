//! Run-time control: what operators change while Piyasa runs, as typed
//! async methods on [`Community`](crate::Community). Every method checks its
//! input first (the decisions are `engine::control` functions), refuses bad
//! input with a [`ControlError`] that names the field and changes nothing,
//! stores the change, and only then applies it to the running actors and
//! answers. One change runs at a time.
//!
//! - `rooms`: create, rename, a room's own pacing and floor settings, pause
//!   and resume (the kill switch), archive and restore.
//! - `bots`: create and edit personas, room membership, silence and resume a bot.
//! - `import`: previewing a persona file against the store and applying
//!   exactly that preview; exporting a room.
//! - `settings`: the settings that change at run time and their stored
//!   overrides (`settings` table).
//! - `llm`: the LLM provider chain and tiers, swapped live; keys sealed.
//! - `status`: read models for the console (a room's state, a persona's record).

mod bots;
pub mod import;
pub(crate) mod llm;
mod rooms;
mod settings;
mod status;

pub use bots::REMOVED_BY_OPERATOR;
pub use import::ImportRequest;
pub use llm::{LlmChain, LlmView, ProviderView};
pub use rooms::NewRoom;
pub use settings::LiveSettingsView;
pub use status::{InactiveMember, PersonaRecord, RoomStatus};

use engine::control::{LiveSettings, Overrides, SettingError};
use engine::persona::PersonaError;
use schema::{Store, StoreError};

/// Why an operator's change was refused or failed. Nothing was changed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ControlError {
    /// Bad input: `field` names the key or field (`pacing.min_gap_ms`, `name`).
    #[error("{field}: {problem}")]
    Invalid { field: String, problem: String },
    /// No such room, bot or membership.
    #[error("no {what} '{id}'")]
    NotFound { what: &'static str, id: String },
    /// The change does not fit the current state (exists already, changed
    /// since a preview).
    #[error("{0}")]
    Conflict(String),
    /// The store or a running actor failed; the caller cannot fix it.
    #[error("{0}")]
    Internal(String),
    /// Workers mode: the room runs on another worker; its changes are made there.
    #[error("room '{room}' runs on worker {worker}; send the request to that worker")]
    Elsewhere { room: String, worker: String },
}

impl ControlError {
    pub fn invalid(field: impl Into<String>, problem: impl Into<String>) -> Self {
        ControlError::Invalid { field: field.into(), problem: problem.into() }
    }

    pub fn room(id: &str) -> Self {
        ControlError::NotFound { what: "room", id: id.to_string() }
    }

    pub fn bot(id: &str) -> Self {
        ControlError::NotFound { what: "bot", id: id.to_string() }
    }
}

impl From<SettingError> for ControlError {
    fn from(e: SettingError) -> Self {
        ControlError::Invalid { field: e.key, problem: e.problem }
    }
}

impl From<PersonaError> for ControlError {
    fn from(e: PersonaError) -> Self {
        ControlError::Invalid { field: e.field, problem: e.problem }
    }
}

impl From<StoreError> for ControlError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(m) => ControlError::Conflict(m),
            other => ControlError::Internal(format!("the store failed: {other}")),
        }
    }
}

impl From<crate::room::RoomError> for ControlError {
    fn from(e: crate::room::RoomError) -> Self {
        ControlError::Internal(e.to_string())
    }
}

/// The live settings: the file's and environment's (`base`), the stored
/// overrides, and what is in effect.
#[derive(Debug, Clone)]
pub(crate) struct Live {
    pub(crate) base: LiveSettings,
    pub(crate) overrides: Overrides,
    pub(crate) current: LiveSettings,
}

impl Live {
    /// `base` with the overrides stored in the `settings` table; overrides
    /// that no longer fit are skipped with a warning.
    pub(crate) async fn load(store: &Store, base: LiveSettings) -> anyhow::Result<Live> {
        let mut stored = Overrides::default();
        for (key, value) in store.settings_all().await? {
            if !LiveSettings::owns(&key) {
                continue;
            }
            match serde_json::from_str(&value) {
                Ok(v) => {
                    stored.0.insert(key, v);
                }
                Err(e) => tracing::warn!(key = %key, error = %e, "a stored setting is not JSON; ignored"),
            }
        }
        let (current, refused) = base.with_overrides(&stored);
        for e in &refused {
            tracing::warn!(key = %e.key, problem = %e.problem, "a stored setting no longer fits; the file's value is used");
        }
        let refused: Vec<&str> = refused.iter().map(|e| e.key.as_str()).collect();
        stored.0.retain(|k, _| !refused.contains(&k.as_str()));
        if !stored.is_empty() {
            tracing::info!(keys = stored.0.len(), "run-time settings stored by operators are in effect");
        }
        Ok(Live { base, overrides: stored, current })
    }
}

/// A room's stored own settings; a broken value counts as none (and is said).
pub(crate) fn room_overrides(room: &str, json: &str) -> Overrides {
    serde_json::from_str(json).unwrap_or_else(|e| {
        tracing::warn!(room = %room, error = %e, "the room's stored settings are not valid JSON; ignored");
        Overrides::default()
    })
}
