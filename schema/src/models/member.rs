//! `room_members`: which bots speak in which room, and whether they still may.

use crate::schema::room_members;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = room_members)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct MemberRow {
    pub room_id: String,
    pub bot_id: String,
    pub active: bool,
    pub reason: Option<String>,
}

impl Store {
    /// Adds the bot to the room (re-activating a left membership).
    pub async fn join(&self, room: &str, bot: &str) -> Result<(), StoreError> {
        let row = MemberRow { room_id: room.into(), bot_id: bot.into(), active: true, reason: None };
        with_conn!(self, |c| {
            diesel::insert_into(room_members::table)
                .values(&row)
                .on_conflict((room_members::room_id, room_members::bot_id))
                .do_update()
                .set((room_members::active.eq(true), room_members::reason.eq(None::<String>)))
                .execute(c)
                .await?;
            Ok(())
        })
    }

    /// Adds the bot to the room unless it has a membership there, active or
    /// not (a bot that left or was kicked stays out); true when it was added.
    pub async fn join_if_absent(&self, room: &str, bot: &str) -> Result<bool, StoreError> {
        let row = MemberRow { room_id: room.into(), bot_id: bot.into(), active: true, reason: None };
        with_conn!(self, |c| Ok(diesel::insert_into(room_members::table)
            .values(&row)
            .on_conflict((room_members::room_id, room_members::bot_id))
            .do_nothing()
            .execute(c)
            .await?
            == 1))
    }

    /// The rooms a bot is an active member of.
    pub async fn rooms_of(&self, bot: &str) -> Result<Vec<String>, StoreError> {
        with_conn!(self, |c| Ok(room_members::table
            .filter(room_members::bot_id.eq(bot))
            .filter(room_members::active.eq(true))
            .order(room_members::room_id.asc())
            .select(room_members::room_id)
            .load(c)
            .await?))
    }

    /// The room's memberships, active or not.
    pub async fn members(&self, room: &str) -> Result<Vec<MemberRow>, StoreError> {
        with_conn!(self, |c| Ok(room_members::table
            .filter(room_members::room_id.eq(room))
            .order(room_members::bot_id.asc())
            .select(MemberRow::as_select())
            .load(c)
            .await?))
    }

    /// Marks a membership inactive with the reason (a kicked bot), or active again.
    pub async fn set_member_active(
        &self,
        room: &str,
        bot: &str,
        active: bool,
        reason: Option<&str>,
    ) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::update(room_members::table.find((room, bot)))
                .set((room_members::active.eq(active), room_members::reason.eq(reason)))
                .execute(c)
                .await?;
            Ok(())
        })
    }
}
