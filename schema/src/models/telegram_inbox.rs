//! `telegram_inbox`: Telegram updates waiting for their room's worker. With
//! several workers the worker that polls a bot's token may not run the room
//! a group message is for; it leaves the update here and the room's owner
//! takes it in, oldest first, then deletes it. A person's waiting updates go
//! with the rest of their data (`forget_human`, retention).

use crate::schema::telegram_inbox;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = telegram_inbox)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct NewInbox {
    pub room_id: String,
    /// The account whose token received it.
    pub bot_id: String,
    /// Who wrote it (`tg:123`), when a person did.
    pub person_id: Option<String>,
    /// The update as Telegram sent it (JSON).
    pub update_json: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = telegram_inbox)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct InboxRow {
    pub id: i64,
    pub room_id: String,
    pub bot_id: String,
    pub person_id: Option<String>,
    pub update_json: String,
    pub created_at: i64,
}

impl Store {
    /// Leaves an update for its room's worker.
    pub async fn push_inbox(&self, m: &NewInbox) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::insert_into(telegram_inbox::table).values(m.clone()).execute(c).await?;
            Ok(())
        })
    }

    /// The waiting updates of these rooms, oldest first, at most `limit`.
    pub async fn inbox_for(&self, rooms: &[String], limit: i64) -> Result<Vec<InboxRow>, StoreError> {
        if rooms.is_empty() {
            return Ok(Vec::new());
        }
        with_conn!(self, |c| Ok(telegram_inbox::table
            .filter(telegram_inbox::room_id.eq_any(rooms))
            .order(telegram_inbox::id.asc())
            .limit(limit)
            .select(InboxRow::as_select())
            .load(c)
            .await?))
    }

    /// An update taken in: gone from the inbox.
    pub async fn drop_inbox(&self, id: i64) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::delete(telegram_inbox::table.find(id)).execute(c).await?;
            Ok(())
        })
    }

    /// Deletes the waiting updates of the person `person_id`, or (with
    /// `None`) every one older than `before_ms`; how many.
    pub(crate) async fn purge_inbox(&self, person_id: Option<&str>, before_ms: i64) -> Result<usize, StoreError> {
        with_conn!(self, |c| Ok(match person_id {
            Some(p) => diesel::delete(telegram_inbox::table.filter(telegram_inbox::person_id.eq(p))).execute(c).await?,
            None => {
                diesel::delete(telegram_inbox::table.filter(telegram_inbox::created_at.lt(before_ms)))
                    .execute(c)
                    .await?
            }
        }))
    }
}
