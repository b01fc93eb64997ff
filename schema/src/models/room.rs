//! `rooms`: one row per chat room.

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

    pub async fn rooms(&self) -> Result<Vec<RoomRow>, StoreError> {
        with_conn!(self, |c| Ok(rooms::table
            .order(rooms::created_at.asc())
            .select(RoomRow::as_select())
            .load(c)
            .await?))
    }

    pub async fn room(&self, id: &str) -> Result<Option<RoomRow>, StoreError> {
        with_conn!(self, |c| Ok(rooms::table.find(id).select(RoomRow::as_select()).first(c).await.optional()?))
    }
}
