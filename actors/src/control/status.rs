//! Read models for the console: a room's state (paused, members alive,
//! silenced or gone, settings in effect and the room's own) and a persona's
//! full record.

use super::{ControlError, room_overrides};
use crate::Community;
use crate::room::{MemberStatus, RoomError};
use engine::control::{Overrides, RoomConfig};
use engine::mood::Mood;
use engine::persona::Persona;
use serde::Serialize;
use std::sync::PoisonError;

/// A member that no longer speaks in the room, and why (a kicked bot, an
/// operator's removal).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InactiveMember {
    pub id: String,
    pub display_name: String,
    pub reason: Option<String>,
}

/// A room as the console shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoomStatus {
    pub id: String,
    pub name: String,
    pub topic: String,
    /// No bot speaks while paused.
    pub paused: bool,
    /// Archived rooms do not run; their history stays.
    pub archived: bool,
    /// Running members (none for an archived room).
    pub members: Vec<MemberStatus>,
    pub inactive: Vec<InactiveMember>,
    /// Pacing and floor in effect.
    pub settings: RoomConfig,
    /// The room's own values (the rest comes from the community's `room.*`).
    pub overrides: Overrides,
}

/// A persona with everything stored about its bot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonaRecord {
    pub persona: Persona,
    /// The name shown, with the AI marker.
    pub display_name: String,
    /// Silenced by an operator: no room gives it the floor.
    pub silenced: bool,
    pub mood: Mood,
    /// Rooms it is an active member of.
    pub rooms: Vec<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Community {
    /// A room's state, running or archived. Refuses an unknown room (`NotFound`).
    pub async fn room_status(&self, id: &str) -> Result<RoomStatus, ControlError> {
        let row = self.store.room(id).await?.ok_or_else(|| ControlError::room(id))?;
        let state = self.store.room_state(id).await?.ok_or_else(|| ControlError::room(id))?;
        let overrides = room_overrides(id, &state.settings);
        let mut inactive = Vec::new();
        for m in self.store.members(id).await?.into_iter().filter(|m| !m.active) {
            let display_name = self.store.bot(&m.bot_id).await?.map_or_else(|| m.bot_id.clone(), |b| b.display_name);
            inactive.push(InactiveMember { id: m.bot_id, display_name, reason: m.reason });
        }
        // A room archived while this is read has stopped answering: it is
        // shown as the store has it, like any room that is not running.
        let running = match self.rooms.get(id) {
            Some(room) => match (room.members().await, room.config().await) {
                (Ok(members), Ok(settings)) => Some((members, settings)),
                (Err(RoomError::Stopped), _) | (_, Err(RoomError::Stopped)) => None,
                (Err(e), _) | (_, Err(e)) => return Err(e.into()),
            },
            None => None,
        };
        let (members, settings) = running.unwrap_or_else(|| {
            let defaults = self.live.lock().unwrap_or_else(PoisonError::into_inner).current.room.clone();
            let settings = defaults.with_overrides(&overrides).unwrap_or(defaults);
            (Vec::new(), settings)
        });
        Ok(RoomStatus {
            id: row.id,
            name: row.name,
            topic: row.topic,
            paused: state.paused,
            archived: state.archived_at.is_some(),
            members,
            inactive,
            settings,
            overrides,
        })
    }

    /// Every room's state: the running ones first (in creation order), then the archived.
    pub async fn rooms_status(&self) -> Result<Vec<RoomStatus>, ControlError> {
        let mut out = Vec::new();
        for row in self.store.rooms().await?.into_iter().chain(self.store.archived_rooms().await?) {
            out.push(self.room_status(&row.id).await?);
        }
        Ok(out)
    }

    /// A persona's full record. Refuses an unknown bot (`NotFound`).
    pub async fn persona_record(&self, bot: &str) -> Result<PersonaRecord, ControlError> {
        let row = self.store.bot(bot).await?.ok_or_else(|| ControlError::bot(bot))?;
        Ok(PersonaRecord {
            persona: row.persona()?,
            mood: row.mood(),
            rooms: self.store.rooms_of(bot).await?,
            display_name: row.display_name,
            silenced: !row.active,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }

    /// Every persona's record, by username.
    pub async fn persona_records(&self) -> Result<Vec<PersonaRecord>, ControlError> {
        let mut out = Vec::new();
        for row in self.store.bots().await? {
            out.push(self.persona_record(&row.id).await?);
        }
        Ok(out)
    }
}
