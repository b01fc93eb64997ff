//! `rooms`: one row per chat room, with its run-time state: its own
//! settings (overrides of the community's `room.*` keys, JSON), whether it
//! is paused, and when it was archived.

use crate::schema::rooms;
use crate::types::PriceModeColumn;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::RunQueryDsl;
use engine::market::PriceMode;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = rooms)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct RoomRow {
    pub id: String,
    pub name: String,
    pub topic: String,
    pub created_at: i64,
    /// Simulated or live prices; the room says which.
    #[diesel(serialize_as = PriceModeColumn, deserialize_as = PriceModeColumn)]
    pub prices: PriceMode,
}

/// A room's run-time state.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = rooms)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct RoomStateRow {
    pub id: String,
    /// The room's overrides of `room.*` keys, a JSON object (`{}`: none).
    pub settings: String,
    /// No bot speaks while paused.
    pub paused: bool,
    /// When the room was archived; none while it runs.
    pub archived_at: Option<i64>,
    pub updated_at: i64,
}

impl Store {
    /// Creates the room or updates its name, topic and price mode.
    pub async fn upsert_room(&self, row: &RoomRow) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::insert_into(rooms::table)
                .values(row.clone())
                .on_conflict(rooms::id)
                .do_update()
                .set((
                    rooms::name.eq(excluded(rooms::name)),
                    rooms::topic.eq(excluded(rooms::topic)),
                    rooms::prices.eq(excluded(rooms::prices)),
                ))
                .execute(c)
                .await?;
            Ok(())
        })
    }

    /// Creates the room unless one with its id exists (archived or not);
    /// true when it was created.
    pub async fn create_room(&self, row: &RoomRow) -> Result<bool, StoreError> {
        with_conn!(self, |c| Ok(diesel::insert_into(rooms::table)
            .values(row.clone())
            .on_conflict(rooms::id)
            .do_nothing()
            .execute(c)
            .await?
            == 1))
    }

    /// The rooms that run (not archived), oldest first.
    pub async fn rooms(&self) -> Result<Vec<RoomRow>, StoreError> {
        with_conn!(self, |c| Ok(rooms::table
            .filter(rooms::archived_at.is_null())
            .order(rooms::created_at.asc())
            .select(RoomRow::as_select())
            .load(c)
            .await?))
    }

    /// The archived rooms, oldest first.
    pub async fn archived_rooms(&self) -> Result<Vec<RoomRow>, StoreError> {
        with_conn!(self, |c| Ok(rooms::table
            .filter(rooms::archived_at.is_not_null())
            .order(rooms::created_at.asc())
            .select(RoomRow::as_select())
            .load(c)
            .await?))
    }

    /// A room, archived or not.
    pub async fn room(&self, id: &str) -> Result<Option<RoomRow>, StoreError> {
        with_conn!(self, |c| Ok(rooms::table.find(id).select(RoomRow::as_select()).first(c).await.optional()?))
    }

    /// A room's run-time state.
    pub async fn room_state(&self, id: &str) -> Result<Option<RoomStateRow>, StoreError> {
        with_conn!(self, |c| Ok(rooms::table.find(id).select(RoomStateRow::as_select()).first(c).await.optional()?))
    }

    /// Renames the room; false when there is no such room.
    pub async fn rename_room(&self, id: &str, name: &str, topic: &str, now_ms: i64) -> Result<bool, StoreError> {
        with_conn!(self, |c| Ok(diesel::update(rooms::table.find(id))
            .set((rooms::name.eq(name), rooms::topic.eq(topic), rooms::updated_at.eq(now_ms)))
            .execute(c)
            .await?
            == 1))
    }

    /// Stores the room's own settings (a JSON object of overrides); false when there is no such room.
    pub async fn set_room_settings(&self, id: &str, json: &str, now_ms: i64) -> Result<bool, StoreError> {
        with_conn!(self, |c| Ok(diesel::update(rooms::table.find(id))
            .set((rooms::settings.eq(json), rooms::updated_at.eq(now_ms)))
            .execute(c)
            .await?
            == 1))
    }

    /// Pauses or resumes the room; false when there is no such room.
    pub async fn set_room_paused(&self, id: &str, paused: bool, now_ms: i64) -> Result<bool, StoreError> {
        with_conn!(self, |c| Ok(diesel::update(rooms::table.find(id))
            .set((rooms::paused.eq(paused), rooms::updated_at.eq(now_ms)))
            .execute(c)
            .await?
            == 1))
    }

    /// Archives the room (`Some(when)`) or brings it back (`None`); false
    /// when there is no such room.
    pub async fn set_room_archived(&self, id: &str, at: Option<i64>, now_ms: i64) -> Result<bool, StoreError> {
        with_conn!(self, |c| Ok(diesel::update(rooms::table.find(id))
            .set((rooms::archived_at.eq(at), rooms::updated_at.eq(now_ms)))
            .execute(c)
            .await?
            == 1))
    }
}
