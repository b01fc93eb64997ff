//! The settings that change at run time (`engine::control::LiveSettings`:
//! `room.pacing.*`, `room.floor.*`, `compliance.*`, `llm.budget.*`,
//! `privacy.retention_days`). An operator's value is stored in the
//! `settings` table under its key and wins over the file and the
//! environment, at once and after restarts, until it is reset.

use super::{ControlError, Live, room_overrides};
use crate::Community;
use crate::privacy::SetRetention;
use engine::control::{LiveSettings, Overrides};
use serde::Serialize;
use serde_json::Value;
use std::sync::PoisonError;

/// The run-time settings as the console shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LiveSettingsView {
    /// In effect.
    pub current: LiveSettings,
    /// From the file and the environment, at start.
    pub base: LiveSettings,
    /// Operators' values (stored), by key.
    pub overrides: Overrides,
}

impl Community {
    /// The run-time settings: in effect, from the file, and the stored overrides.
    pub fn live_settings(&self) -> LiveSettingsView {
        let live = self.live.lock().unwrap_or_else(PoisonError::into_inner);
        LiveSettingsView { current: live.current.clone(), base: live.base.clone(), overrides: live.overrides.clone() }
    }

    /// Sets a run-time setting (`compliance.stance_cap`, or a section such
    /// as `llm.budget` with an object of its keys): stored, then in effect in
    /// every room from its next tick (pacing, floor, guard, budgets) and for
    /// the next retention purge. Refuses, naming the key: a key that does not
    /// change at run time, a value of the wrong type or out of range, and a
    /// value that would put a room's own settings at odds with it.
    pub async fn set_setting(&self, key: &str, value: &Value) -> Result<LiveSettingsView, ControlError> {
        let _one = self.changes.lock().await;
        let live = self.live.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let (overrides, current) = LiveSettings::change(&live.base, &live.overrides, key, value)?;
        let set: Vec<(String, String)> = overrides
            .0
            .iter()
            .filter(|(k, v)| live.overrides.0.get(*k) != Some(*v))
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
        self.commit(key, Live { base: live.base, overrides, current }, &[], &set).await
    }

    /// Removes the operators' value of `key` (and every key under it): the
    /// file's or environment's value applies again. Refuses a key that does
    /// not change at run time, and a removal that would leave the settings
    /// at odds (the key named).
    pub async fn reset_setting(&self, key: &str) -> Result<LiveSettingsView, ControlError> {
        if !LiveSettings::keys().iter().any(|k| k == key || k.starts_with(&format!("{key}."))) {
            return Err(ControlError::invalid(key, "not a setting that can change at run time"));
        }
        let _one = self.changes.lock().await;
        let live = self.live.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let (overrides, removed) = live.overrides.without(key);
        let current = overrides.apply(&live.base, "")?;
        current.validate()?;
        self.commit(key, Live { base: live.base, overrides, current }, &removed, &[]).await
    }

    /// Checks every running room against `next`, stores the change, then
    /// applies it to the rooms and the retention job.
    async fn commit(
        &self,
        key: &str,
        next: Live,
        remove: &[String],
        set: &[(String, String)],
    ) -> Result<LiveSettingsView, ControlError> {
        let mut configs = Vec::new();
        for room in self.rooms.all() {
            let state = self.store.room_state(&room.id).await?.ok_or_else(|| ControlError::room(&room.id))?;
            let own = room_overrides(&room.id, &state.settings);
            let config = next.current.room.with_overrides(&own).map_err(|e| {
                ControlError::invalid(key, format!("room '{}' sets {} itself: {}", room.id, e.key, e.problem))
            })?;
            configs.push((room, config));
        }
        self.store.change_settings(remove, set, self.clock.now().0).await?;
        let current = next.current.clone();
        *self.live.lock().unwrap_or_else(PoisonError::into_inner) = next;
        for (room, config) in configs {
            self.configure_room(&room, &current, config).await?;
        }
        self.retention.do_send(SetRetention(current.privacy.retention_days));
        tracing::info!(key = %key, "run-time setting changed");
        Ok(self.live_settings())
    }
}
