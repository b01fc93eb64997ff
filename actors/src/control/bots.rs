//! Personas and their bots while Piyasa runs: created, edited (the running
//! bots and the rooms' copies follow from the next turn), joining and
//! leaving rooms, silenced and resumed (stored, so it survives restarts).

use super::{ControlError, PersonaRecord, RoomStatus};
use crate::Community;
use engine::ids::BotId;
use engine::persona::Persona;
use serde_json::{Map, Value};

/// Why an operator took a bot out of a room (stored with the membership).
pub const REMOVED_BY_OPERATOR: &str = "removed by an operator";

fn bot_id(raw: &str) -> Result<BotId, ControlError> {
    BotId::parse(raw).map_err(|e| ControlError::invalid("username", e.to_string()))
}

impl Community {
    /// Stores a new persona (its bot in no room yet; see `join_room`).
    /// Refuses, naming the field: anything `Persona::validate` refuses; and a
    /// username already taken (`Conflict`).
    pub async fn create_persona(&self, persona: Persona) -> Result<PersonaRecord, ControlError> {
        let persona = persona.validate()?;
        let _one = self.changes.lock().await;
        let id = persona.username.to_string();
        if !self.store.create_bot(&persona, &persona.display_name(&self.marker), self.clock.now().0).await? {
            return Err(ControlError::Conflict(format!("a bot '{id}' exists already")));
        }
        tracing::info!(bot = %id, "persona created");
        self.persona_record(&id).await
    }

    /// Replaces every field of a stored persona with `persona`'s; the
    /// running bots speak with it from their next turn. Refuses: a
    /// `persona.username` other than `username`, an invalid field (named),
    /// an unknown bot.
    pub async fn update_persona(&self, username: &str, persona: Persona) -> Result<PersonaRecord, ControlError> {
        if persona.username.as_str() != username {
            return Err(ControlError::invalid("username", "a bot's username never changes; create a new persona"));
        }
        let persona = persona.validate()?;
        let _one = self.changes.lock().await;
        self.apply_persona(persona).await
    }

    /// Changes some fields of a stored persona (`{"talkativeness": 0.8}`;
    /// see `Persona::with_fields`); the running bots speak with it from their
    /// next turn. Refuses, naming the field: an unknown field, a wrong type,
    /// an invalid value, `username`; and an unknown bot.
    pub async fn edit_persona(
        &self,
        username: &str,
        fields: &Map<String, Value>,
    ) -> Result<PersonaRecord, ControlError> {
        let _one = self.changes.lock().await;
        let row = self.store.bot(username).await?.ok_or_else(|| ControlError::bot(username))?;
        let persona = row.persona()?.with_fields(fields)?;
        self.apply_persona(persona).await
    }

    /// Stores an edited persona, then tells every running room that has it.
    async fn apply_persona(&self, persona: Persona) -> Result<PersonaRecord, ControlError> {
        let id = persona.username.to_string();
        let display = persona.display_name(&self.marker);
        if !self.store.update_persona(&persona, &display, self.clock.now().0).await? {
            return Err(ControlError::bot(&id));
        }
        for room in self.rooms.all() {
            room.persona_changed(persona.clone(), display.clone()).await?;
        }
        tracing::info!(bot = %id, "persona edited");
        self.persona_record(&id).await
    }

    /// The bot joins a running room: stored (a left membership becomes
    /// active again), then its actor starts in the room. A member already:
    /// nothing changes. Refuses an unknown room or bot.
    pub async fn join_room(&self, room: &str, bot: &str) -> Result<RoomStatus, ControlError> {
        let bot = bot_id(bot)?;
        let _one = self.changes.lock().await;
        let handle = self.running(room)?;
        if self.store.bot(bot.as_str()).await?.is_none() {
            return Err(ControlError::bot(bot.as_str()));
        }
        let before = self.store.members(room).await?.into_iter().find(|m| m.bot_id == bot.as_str());
        self.store.join(room, bot.as_str()).await?;
        if let Err(e) = handle.add_member(bot.as_str()).await {
            // Put the membership back as it was.
            match before {
                Some(m) if !m.active => {
                    self.store.set_member_active(room, bot.as_str(), false, m.reason.as_deref()).await?;
                }
                Some(_) => {}
                None => self.store.set_member_active(room, bot.as_str(), false, Some("could not start")).await?,
            }
            return Err(e.into());
        }
        tracing::info!(room = %room, bot = %bot, "bot joined the room");
        self.room_status(room).await
    }

    /// The bot leaves a running room: stored (inactive, "removed by an
    /// operator"), then taken out of the room, its turn in flight dropped.
    /// Refuses an unknown room, and a bot that is not an active member.
    pub async fn leave_room(&self, room: &str, bot: &str) -> Result<RoomStatus, ControlError> {
        let _one = self.changes.lock().await;
        let handle = self.running(room)?;
        let member = self.store.members(room).await?.into_iter().any(|m| m.bot_id == bot && m.active);
        if !member {
            return Err(ControlError::NotFound { what: "member", id: bot.to_string() });
        }
        self.store.set_member_active(room, bot, false, Some(REMOVED_BY_OPERATOR)).await?;
        handle.remove_member(bot).await?;
        tracing::info!(room = %room, bot = %bot, "bot left the room");
        self.room_status(room).await
    }

    /// Silences a bot (`true`) or lets it speak again (`false`) in every
    /// room: stored, so it holds after a restart; a silenced bot's turn in
    /// flight is dropped and no room gives it the floor. Refuses an unknown bot.
    pub async fn silence_bot(&self, bot: &str, silenced: bool) -> Result<PersonaRecord, ControlError> {
        let _one = self.changes.lock().await;
        if !self.store.set_bot_active(bot, !silenced, self.clock.now().0).await? {
            return Err(ControlError::bot(bot));
        }
        for room in self.rooms.all() {
            room.set_silenced(bot, silenced).await?;
        }
        tracing::info!(bot = %bot, silenced, "bot silenced or resumed");
        self.persona_record(bot).await
    }
}
