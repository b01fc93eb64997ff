//! `bots`: one row per persona bot; the persona and mood are stored as JSON
//! so that unknown persona fields survive a round trip.

use crate::schema::bots;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::RunQueryDsl;
use engine::belief::{Beliefs, Saved};
use engine::ids::Millis;
use engine::mood::Mood;
use engine::persona::Persona;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = bots)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct BotRow {
    pub id: String,
    pub display_name: String,
    pub persona: String,
    pub mood: String,
    /// False while an operator has silenced the bot (no room gives it the floor).
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// What it believed when last saved (`engine::belief::Saved` as JSON).
    pub beliefs: String,
}

impl BotRow {
    /// Parses the stored persona (validated again: the store is not trusted blindly).
    pub fn persona(&self) -> Result<Persona, StoreError> {
        let p: Persona =
            serde_json::from_str(&self.persona).map_err(|e| StoreError::Corrupt(format!("bot {}: {e}", self.id)))?;
        p.validate().map_err(|e| StoreError::Corrupt(e.to_string()))
    }

    /// The stored mood, or the default for a new bot.
    pub fn mood(&self) -> Mood {
        serde_json::from_str(&self.mood).unwrap_or_default()
    }

    /// The beliefs last saved, read back over `persona` (each view within
    /// its reach of the persona's stance); none before the first save. A
    /// stored value that is not a belief is an error naming the ticker.
    pub fn beliefs(&self, persona: &Persona) -> Result<Option<(Beliefs, Millis)>, StoreError> {
        if self.beliefs.trim() == "{}" {
            return Ok(None);
        }
        let corrupt = |e: String| StoreError::Corrupt(format!("bot {}: beliefs: {e}", self.id));
        let saved: Saved = serde_json::from_str(&self.beliefs).map_err(|e| corrupt(e.to_string()))?;
        Beliefs::restore(persona, saved).map(Some).map_err(corrupt)
    }
}

/// A new bot's row: default mood, speaking.
pub(crate) fn new_row(persona: &Persona, display_name: &str, now_ms: i64) -> BotRow {
    BotRow {
        id: persona.username.to_string(),
        display_name: display_name.to_string(),
        // unwrap: a persona is plain data and always serialises.
        persona: serde_json::to_string(persona).unwrap(),
        mood: "{}".into(),
        active: true,
        created_at: now_ms,
        updated_at: now_ms,
        beliefs: "{}".into(),
    }
}

impl Store {
    /// Creates the bot or replaces its persona and display name (mood kept).
    pub async fn upsert_bot(&self, persona: &Persona, display_name: &str, now_ms: i64) -> Result<(), StoreError> {
        let row = new_row(persona, display_name, now_ms);
        with_conn!(self, |c| {
            diesel::insert_into(bots::table)
                .values(&row)
                .on_conflict(bots::id)
                .do_update()
                .set((
                    bots::display_name.eq(excluded(bots::display_name)),
                    bots::persona.eq(excluded(bots::persona)),
                    bots::updated_at.eq(excluded(bots::updated_at)),
                ))
                .execute(c)
                .await?;
            Ok(())
        })
    }

    /// Creates the bot unless one with its username exists; true when it was created.
    pub async fn create_bot(&self, persona: &Persona, display_name: &str, now_ms: i64) -> Result<bool, StoreError> {
        let row = new_row(persona, display_name, now_ms);
        with_conn!(self, |c| Ok(diesel::insert_into(bots::table)
            .values(&row)
            .on_conflict(bots::id)
            .do_nothing()
            .execute(c)
            .await?
            == 1))
    }

    /// Replaces a stored bot's persona and display name (mood and silence
    /// kept); false when there is no such bot.
    pub async fn update_persona(&self, persona: &Persona, display_name: &str, now_ms: i64) -> Result<bool, StoreError> {
        // unwrap: a persona is plain data and always serialises.
        let json = serde_json::to_string(persona).unwrap();
        with_conn!(self, |c| Ok(diesel::update(bots::table.find(persona.username.as_str()))
            .set((bots::persona.eq(json), bots::display_name.eq(display_name), bots::updated_at.eq(now_ms)))
            .execute(c)
            .await?
            == 1))
    }

    /// Silences (`false`) or resumes (`true`) a bot everywhere; false when there is no such bot.
    pub async fn set_bot_active(&self, id: &str, active: bool, now_ms: i64) -> Result<bool, StoreError> {
        with_conn!(self, |c| Ok(diesel::update(bots::table.find(id))
            .set((bots::active.eq(active), bots::updated_at.eq(now_ms)))
            .execute(c)
            .await?
            == 1))
    }

    pub async fn bots(&self) -> Result<Vec<BotRow>, StoreError> {
        with_conn!(self, |c| Ok(bots::table.order(bots::id.asc()).select(BotRow::as_select()).load(c).await?))
    }

    pub async fn bot(&self, id: &str) -> Result<Option<BotRow>, StoreError> {
        with_conn!(self, |c| Ok(bots::table.find(id).select(BotRow::as_select()).first(c).await.optional()?))
    }

    pub async fn save_mood(&self, id: &str, mood: Mood, now_ms: i64) -> Result<(), StoreError> {
        // unwrap: two floats always serialise.
        let json = serde_json::to_string(&mood).unwrap();
        with_conn!(self, |c| {
            diesel::update(bots::table.find(id))
                .set((bots::mood.eq(json), bots::updated_at.eq(now_ms)))
                .execute(c)
                .await?;
            Ok(())
        })
    }

    /// Saves the mood and the beliefs together (a persona's mind).
    pub async fn save_mind(&self, id: &str, mood: Mood, beliefs: &Saved, now_ms: i64) -> Result<(), StoreError> {
        // unwrap: numbers and strings always serialise.
        let (mood, beliefs) = (serde_json::to_string(&mood).unwrap(), serde_json::to_string(beliefs).unwrap());
        with_conn!(self, |c| {
            diesel::update(bots::table.find(id))
                .set((bots::mood.eq(mood), bots::beliefs.eq(beliefs), bots::updated_at.eq(now_ms)))
                .execute(c)
                .await?;
            Ok(())
        })
    }
}
