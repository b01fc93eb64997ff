//! `bots`: one row per persona bot; the persona and mood are stored as JSON
//! so that unknown persona fields survive a round trip.

use crate::schema::bots;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::RunQueryDsl;
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
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
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
}

impl Store {
    /// Creates the bot or replaces its persona and display name (mood kept).
    pub async fn upsert_bot(&self, persona: &Persona, display_name: &str, now_ms: i64) -> Result<(), StoreError> {
        let row = BotRow {
            id: persona.username.to_string(),
            display_name: display_name.to_string(),
            // unwrap: a persona is plain data and always serialises.
            persona: serde_json::to_string(persona).unwrap(),
            mood: "{}".into(),
            active: true,
            created_at: now_ms,
            updated_at: now_ms,
        };
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
}
