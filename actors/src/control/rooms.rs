//! Rooms while Piyasa runs: created (the actor starts, the market, the
//! retention job and the channels reach it), renamed, given their own pacing
//! and floor settings (used from the next tick), paused and resumed (the
//! kill switch), archived and restored.

use super::{ControlError, RoomStatus, room_overrides};
use crate::Community;
use crate::room::RoomHandle;
use engine::control::{LiveSettings, Overrides, RoomConfig, leaves};
use engine::ids::RoomId;
use schema::RoomRow;
use serde_json::Value;
use std::sync::PoisonError;

/// A room to create.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NewRoom {
    /// The room's id: 3 to 40 characters of a-z, 0-9 and -.
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub topic: String,
    /// Simulated (the default) or live prices; a room on simulated prices says so.
    #[serde(default)]
    pub prices: engine::market::PriceMode,
}

/// Longest room name and topic, in characters.
const NAME_CHARS: usize = 80;
const TOPIC_CHARS: usize = 280;

/// The name and topic trimmed, or the field that is wrong.
fn check_text(name: &str, topic: &str) -> Result<(String, String), ControlError> {
    let (name, topic) = (name.trim(), topic.trim());
    let n = name.chars().count();
    if n == 0 || n > NAME_CHARS || name.contains('\n') {
        return Err(ControlError::invalid("name", format!("must be one line of 1 to {NAME_CHARS} characters")));
    }
    if topic.chars().count() > TOPIC_CHARS || topic.contains('\n') {
        return Err(ControlError::invalid("topic", format!("must be one line of at most {TOPIC_CHARS} characters")));
    }
    Ok((name.to_string(), topic.to_string()))
}

impl Community {
    /// Starts a room that is stored as running: here (a single process), or
    /// by the worker whose share it falls in (workers mode, at its next
    /// look at the rooms, nudged now when that is this one).
    async fn start_here(&self, row: RoomRow) -> Result<(), ControlError> {
        if let Some(workers) = &self.workers {
            workers.nudge();
            return Ok(());
        }
        let live = self.live_now();
        let handle =
            self.spawner.start(row, &live, None).await.map_err(|e| ControlError::Internal(format!("{e:#}")))?;
        self.rooms.put(handle);
        Ok(())
    }

    /// The running room `id`, or `NotFound` (also for an archived room).
    pub(crate) fn running(&self, id: &str) -> Result<RoomHandle, ControlError> {
        self.rooms.get(id).ok_or_else(|| self.not_here(id))
    }

    /// Why room `id` does not run here: unknown, or (workers mode) run by
    /// another worker, named.
    pub(crate) fn not_here(&self, id: &str) -> ControlError {
        match self.workers.as_ref().and_then(|w| w.owner_of(id)) {
            Some(worker) => ControlError::Elsewhere { room: id.to_string(), worker },
            None => ControlError::room(id),
        }
    }

    pub(crate) fn live_now(&self) -> LiveSettings {
        self.live.lock().unwrap_or_else(PoisonError::into_inner).current.clone()
    }

    /// Sends a room the settings in effect for it (its own over `live`'s defaults).
    pub(crate) async fn configure_room(
        &self,
        room: &RoomHandle,
        live: &LiveSettings,
        config: RoomConfig,
    ) -> Result<(), ControlError> {
        Ok(room.configure(config, live.compliance.clone(), live.llm.budget).await?)
    }

    /// Creates a room and starts it: its actor runs, the market and the
    /// retention job reach it at their next step, channels find it in the
    /// registry. It starts with no members (see `join_room`) and the
    /// community's `room.*` settings. Refuses: `slug` that is not 3 to 40
    /// characters of a-z, 0-9 and -; `name` empty, multi-line or over 80
    /// characters; `topic` over 280; a slug already used by a running or
    /// archived room (`Conflict`).
    pub async fn create_room(&self, new: NewRoom) -> Result<RoomStatus, ControlError> {
        let slug = RoomId::parse(&new.slug).map_err(|e| ControlError::invalid("slug", e.to_string()))?;
        let (name, topic) = check_text(&new.name, &new.topic)?;
        let _one = self.changes.lock().await;
        let row = RoomRow { id: slug.to_string(), name, topic, created_at: self.clock.now().0, prices: new.prices };
        if !self.store.create_room(&row).await? {
            return Err(ControlError::Conflict(format!("a room '{slug}' exists already (running or archived)")));
        }
        self.start_here(row).await?;
        tracing::info!(room = %slug, "room created");
        self.room_status(slug.as_str()).await
    }

    /// Renames a running room (name and topic, checked as for `create_room`).
    /// Refuses bad text (the field named) and an unknown room.
    pub async fn rename_room(&self, id: &str, name: &str, topic: &str) -> Result<RoomStatus, ControlError> {
        let (name, topic) = check_text(name, topic)?;
        let _one = self.changes.lock().await;
        let room = self.running(id)?;
        if !self.store.rename_room(id, &name, &topic, self.clock.now().0).await? {
            return Err(ControlError::room(id));
        }
        self.rooms.put(room.renamed(&name, &topic).await?);
        self.room_status(id).await
    }

    /// Sets a room's own value of `key` (`pacing.mean_gap_ms`, or a section
    /// such as `pacing` with an object of its keys), stored with the room;
    /// the running room draws its next tick with it. Refuses, naming the
    /// key: a key that is not a pacing or floor setting, a value of the wrong
    /// type, out of range or at odds with another (`pacing.min_gap_ms` over
    /// `pacing.mean_gap_ms`); and an unknown room.
    pub async fn set_room_setting(&self, id: &str, key: &str, value: &Value) -> Result<RoomStatus, ControlError> {
        let _one = self.changes.lock().await;
        let room = self.running(id)?;
        let (own, live) = self.own_settings(id).await?;
        let current = live.room.with_overrides(&own)?;
        let next = own.with(&leaves(&current, key, value, "")?);
        self.store_room_settings(&room, &live, next).await
    }

    /// Removes a room's own value of `key` (and every key under it): the
    /// community's setting applies again from the next tick. Refuses a key
    /// that is not a pacing or floor setting, a removal that would leave the
    /// room's other values at odds, and an unknown room.
    pub async fn reset_room_setting(&self, id: &str, key: &str) -> Result<RoomStatus, ControlError> {
        let _one = self.changes.lock().await;
        let room = self.running(id)?;
        if !RoomConfig::keys().iter().any(|k| k == key || k.starts_with(&format!("{key}."))) {
            return Err(ControlError::invalid(key, "not a room setting (pacing.* and floor.* are)"));
        }
        let (own, live) = self.own_settings(id).await?;
        let (next, _removed) = own.without(key);
        self.store_room_settings(&room, &live, next).await
    }

    async fn own_settings(&self, id: &str) -> Result<(Overrides, LiveSettings), ControlError> {
        let state = self.store.room_state(id).await?.ok_or_else(|| ControlError::room(id))?;
        Ok((room_overrides(id, &state.settings), self.live_now()))
    }

    async fn store_room_settings(
        &self,
        room: &RoomHandle,
        live: &LiveSettings,
        own: Overrides,
    ) -> Result<RoomStatus, ControlError> {
        let config = live.room.with_overrides(&own)?;
        // unwrap: a map of JSON values always serialises.
        let json = serde_json::to_string(&own).unwrap();
        if !self.store.set_room_settings(&room.id, &json, self.clock.now().0).await? {
            return Err(ControlError::room(&room.id));
        }
        self.configure_room(room, live, config).await?;
        self.room_status(&room.id).await
    }

    /// Pauses a running room, the operators' kill switch: when this
    /// answers, no bot of the room speaks — the turn in flight is dropped and
    /// nothing typed or scheduled is delivered (a message being stored at
    /// that moment is kept as `dropped`, never shown), Telegram sends of the
    /// room wait. People's posts are still taken and stored. The pause is
    /// stored and survives a restart. It takes effect before it is stored;
    /// if storing fails the room is resumed and the error returned.
    pub async fn pause_room(&self, id: &str) -> Result<RoomStatus, ControlError> {
        let room = self.running(id)?;
        room.set_paused(true).await?;
        let _one = self.changes.lock().await;
        match self.store.set_room_paused(id, true, self.clock.now().0).await {
            Ok(true) => {}
            Ok(false) => return Err(ControlError::room(id)),
            Err(e) => {
                room.set_paused(false).await?;
                return Err(e.into());
            }
        }
        self.room_status(id).await
    }

    /// Resumes a paused room: stored first, then the room's clock starts
    /// again (its first tick after the shortest gap). Refuses an unknown room.
    pub async fn resume_room(&self, id: &str) -> Result<RoomStatus, ControlError> {
        let _one = self.changes.lock().await;
        let room = self.running(id)?;
        if !self.store.set_room_paused(id, false, self.clock.now().0).await? {
            return Err(ControlError::room(id));
        }
        room.set_paused(false).await?;
        self.room_status(id).await
    }

    /// Archives a running room: stored, then its actor and bots stop and it
    /// leaves the registry (the market, the retention job and the channels
    /// no longer reach it). Its history, members and settings stay in the
    /// store; `restore_room` starts it again. Refuses an unknown room.
    pub async fn archive_room(&self, id: &str) -> Result<RoomStatus, ControlError> {
        let _one = self.changes.lock().await;
        // Workers: the room may run on another worker, which stops it when
        // it sees the archive (within a renewal period).
        let room = match (self.running(id), &self.workers) {
            (Ok(room), _) => Some(room),
            (Err(ControlError::Elsewhere { .. }), Some(_)) => None,
            (Err(e), _) => return Err(e),
        };
        let now = self.clock.now().0;
        if !self.store.set_room_archived(id, Some(now), now).await? {
            return Err(ControlError::room(id));
        }
        if let Some(room) = room {
            self.rooms.remove(id);
            room.stop().await?;
        }
        tracing::info!(room = %id, "room archived");
        self.room_status(id).await
    }

    /// Starts an archived room again (with its stored pause, members and
    /// settings). Refuses a room that is not archived (`Conflict`) or unknown.
    pub async fn restore_room(&self, id: &str) -> Result<RoomStatus, ControlError> {
        let _one = self.changes.lock().await;
        let row = self.store.room(id).await?.ok_or_else(|| ControlError::room(id))?;
        if self.rooms.get(id).is_some() {
            return Err(ControlError::Conflict(format!("room '{id}' is running, not archived")));
        }
        let now = self.clock.now().0;
        self.store.set_room_archived(id, None, now).await?;
        self.start_here(row).await?;
        tracing::info!(room = %id, "room restored");
        self.room_status(id).await
    }
}
