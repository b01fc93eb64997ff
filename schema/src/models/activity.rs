//! What the operators' dashboard reads of `messages`: a room's recent
//! messages, and how many were delivered in each hour (for the activity
//! by weekday and hour).

use crate::schema::messages;
use crate::types::StatusColumn;
use crate::{MessageRow, MessageStatus, Store, StoreError, with_conn};
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;

/// An hour as counted by [`Store::sent_per_hour`]: milliseconds since the epoch / 3,600,000.
const HOUR_BUCKET: &str = "created_at / 3600000";

impl Store {
    /// A room's messages created since `since_ms`, any status, oldest first.
    pub async fn messages_since(&self, room: &str, since_ms: i64) -> Result<Vec<MessageRow>, StoreError> {
        with_conn!(self, |c| Ok(messages::table
            .filter(messages::room_id.eq(room))
            .filter(messages::created_at.ge(since_ms))
            .order(messages::id.asc())
            .select(MessageRow::as_select())
            .load(c)
            .await?))
    }

    /// Delivered messages of every room since `since_ms`, counted per hour
    /// since the epoch: `(hour, count)`, one query grouped in the database.
    pub async fn sent_per_hour(&self, since_ms: i64) -> Result<Vec<(i64, i64)>, StoreError> {
        with_conn!(self, |c| Ok(messages::table
            .filter(messages::created_at.ge(since_ms))
            .filter(messages::status.eq(StatusColumn(MessageStatus::Sent)))
            .group_by(sql::<BigInt>(HOUR_BUCKET))
            .select((sql::<BigInt>(HOUR_BUCKET), count_star()))
            .load::<(i64, i64)>(c)
            .await?))
    }
}
