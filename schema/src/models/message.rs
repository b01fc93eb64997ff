//! `messages`: every message, bot or human, with its delivery status and the
//! generation metadata of bot messages.

use crate::schema::messages;
use crate::types::{AuthorKindColumn, StatusColumn};
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use engine::transcript::AuthorKind;

/// Delivery status of a message: the same lifecycle as a Telegram outbox
/// row (planned → sending → sent | failed | dropped | unknown).
pub use engine::telegram::outbox::OutboxStatus as MessageStatus;

/// A message to store.
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = messages)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct NewMessage {
    pub room_id: String,
    #[diesel(serialize_as = AuthorKindColumn)]
    pub author_kind: AuthorKind,
    pub author_id: String,
    pub author_name: String,
    pub reply_to: Option<i64>,
    pub bot_depth: i32,
    pub text: String,
    #[diesel(serialize_as = StatusColumn)]
    pub status: MessageStatus,
    pub status_reason: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub provider: Option<String>,
    pub model: Option<String>,
    pub tokens_in: Option<i32>,
    pub tokens_out: Option<i32>,
    pub latency_ms: Option<i32>,
}

/// A stored message.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = messages)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct MessageRow {
    pub id: i64,
    pub room_id: String,
    #[diesel(deserialize_as = AuthorKindColumn)]
    pub author_kind: AuthorKind,
    pub author_id: String,
    pub author_name: String,
    pub reply_to: Option<i64>,
    pub bot_depth: i32,
    pub text: String,
    #[diesel(deserialize_as = StatusColumn)]
    pub status: MessageStatus,
    pub status_reason: Option<String>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub provider: Option<String>,
    pub model: Option<String>,
    pub tokens_in: Option<i32>,
    pub tokens_out: Option<i32>,
    pub latency_ms: Option<i32>,
}

impl Store {
    /// Stores a message and returns it with its id.
    pub async fn insert_message(&self, m: &NewMessage) -> Result<MessageRow, StoreError> {
        with_conn!(self, |c| Ok(diesel::insert_into(messages::table)
            .values(m.clone())
            .returning(MessageRow::as_returning())
            .get_result(c)
            .await?))
    }

    /// Sets a message's status (and the time it was sent).
    pub async fn set_status(
        &self,
        id: i64,
        status: MessageStatus,
        reason: Option<&str>,
        sent_at: Option<i64>,
    ) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::update(messages::table.find(id))
                .set((
                    messages::status.eq(StatusColumn(status)),
                    messages::status_reason.eq(reason),
                    messages::sent_at.eq(sent_at),
                ))
                .execute(c)
                .await?;
            Ok(())
        })
    }

    /// The newest `limit` delivered messages of a room, oldest first.
    pub async fn recent_messages(&self, room: &str, limit: i64) -> Result<Vec<MessageRow>, StoreError> {
        let mut rows: Vec<MessageRow> = with_conn!(self, |c| messages::table
            .filter(messages::room_id.eq(room))
            .filter(messages::status.eq(StatusColumn(MessageStatus::Sent)))
            .order(messages::id.desc())
            .limit(limit)
            .select(MessageRow::as_select())
            .load(c)
            .await)?;
        rows.reverse();
        Ok(rows)
    }

    /// A room's delivered messages created in `[since_ms, until_ms)`, oldest
    /// first (`piyasa eval` over a time window).
    pub async fn room_messages_between(
        &self,
        room: &str,
        since_ms: i64,
        until_ms: i64,
    ) -> Result<Vec<MessageRow>, StoreError> {
        with_conn!(self, |c| Ok(messages::table
            .filter(messages::room_id.eq(room))
            .filter(messages::status.eq(StatusColumn(MessageStatus::Sent)))
            .filter(messages::created_at.ge(since_ms))
            .filter(messages::created_at.lt(until_ms))
            .order(messages::id.asc())
            .select(MessageRow::as_select())
            .load(c)
            .await?))
    }

    /// The messages with these ids (any order; missing ids are skipped): one query.
    pub async fn messages_by_ids(&self, ids: &[i64]) -> Result<Vec<MessageRow>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        with_conn!(self, |c| Ok(messages::table
            .filter(messages::id.eq_any(ids))
            .select(MessageRow::as_select())
            .load(c)
            .await?))
    }

    pub async fn message(&self, id: i64) -> Result<Option<MessageRow>, StoreError> {
        with_conn!(self, |c| Ok(messages::table.find(id).select(MessageRow::as_select()).first(c).await.optional()?))
    }

    /// When a bot's messages were created since `since_ms` (to rebuild its limiter).
    pub async fn bot_message_times(&self, bot: &str, since_ms: i64) -> Result<Vec<i64>, StoreError> {
        with_conn!(self, |c| Ok(messages::table
            .filter(messages::author_id.eq(bot))
            .filter(messages::author_kind.eq(AuthorKindColumn(AuthorKind::Bot)))
            .filter(messages::created_at.ge(since_ms))
            .order(messages::created_at.asc())
            .select(messages::created_at)
            .load(c)
            .await?))
    }

    /// Counts messages of a room by status (tests, metrics).
    pub async fn count_messages(&self, room: &str, status: MessageStatus) -> Result<i64, StoreError> {
        with_conn!(self, |c| Ok(messages::table
            .filter(messages::room_id.eq(room))
            .filter(messages::status.eq(StatusColumn(status)))
            .count()
            .get_result(c)
            .await?))
    }

    /// A person edited their message: the stored text follows.
    pub async fn edit_message_text(&self, id: i64, text: &str) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::update(messages::table.find(id)).set(messages::text.eq(text)).execute(c).await?;
            Ok(())
        })
    }
}
