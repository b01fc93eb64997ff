//! The room's knobs (config `room.*`).

use engine::floor::FloorSettings;
use engine::pacing::PacingSettings;

/// Room knobs (config `room.*`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RoomSettings {
    pub pacing: PacingSettings,
    pub floor: FloorSettings,
    /// A bot that has not answered the floor within this time is skipped.
    pub turn_timeout_ms: i64,
    /// Seed for the room's choices.
    pub seed: u64,
    /// The guard's knobs (config `compliance.*`, set by the application).
    #[serde(skip)]
    pub guard: engine::guard::settings::GuardSettings,
    /// The /privacy answer (config `privacy.policy`; empty: the default).
    #[serde(skip)]
    pub privacy_policy: String,
    /// The first answer to a person's question on a common topic (a
    /// newcomer's first steps, rates, inflation, dividends, results,
    /// crypto) is the engine's written one, the model writes the rest.
    /// Unset: on when the first provider is the embedded model, whose own
    /// answers to such questions are too often empty or wrong.
    #[serde(default)]
    pub topic_answers_first: Option<bool>,
}

impl Default for RoomSettings {
    fn default() -> Self {
        RoomSettings {
            pacing: PacingSettings::default(),
            floor: FloorSettings::default(),
            turn_timeout_ms: 90_000,
            seed: 7,
            guard: Default::default(),
            privacy_policy: String::new(),
            topic_answers_first: None,
        }
    }
}
