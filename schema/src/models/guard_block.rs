//! `guard_blocks`: one row per draft the guard refused, with the reason code
//! (never the text), so that every block is counted and survives restarts.

use crate::schema::guard_blocks;
use crate::{Store, StoreError, with_conn};
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// Blocks of one reason in one room.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct GuardCount {
    pub room_id: String,
    pub reason: String,
    pub count: i64,
}

impl Store {
    /// Counts one refused draft.
    pub async fn record_guard_block(&self, room: &str, bot: &str, reason: &str, at_ms: i64) -> Result<(), StoreError> {
        let row = (
            guard_blocks::room_id.eq(room),
            guard_blocks::bot_id.eq(bot),
            guard_blocks::reason.eq(reason),
            guard_blocks::created_at.eq(at_ms),
        );
        with_conn!(self, |c| {
            diesel::insert_into(guard_blocks::table).values(row).execute(c).await?;
            Ok(())
        })
    }

    /// Blocks per room and reason, ordered by room then reason.
    pub async fn guard_counts(&self) -> Result<Vec<GuardCount>, StoreError> {
        with_conn!(self, |c| Ok(guard_blocks::table
            .group_by((guard_blocks::room_id, guard_blocks::reason))
            .select((guard_blocks::room_id, guard_blocks::reason, count_star()))
            .order((guard_blocks::room_id, guard_blocks::reason))
            .load(c)
            .await?))
    }

    /// Every block since `since_ms` as (reason, when), oldest first: the
    /// console buckets them by day.
    pub async fn guard_blocks_since(&self, since_ms: i64) -> Result<Vec<(String, i64)>, StoreError> {
        with_conn!(self, |c| Ok(guard_blocks::table
            .filter(guard_blocks::created_at.ge(since_ms))
            .select((guard_blocks::reason, guard_blocks::created_at))
            .order(guard_blocks::created_at)
            .load(c)
            .await?))
    }
}
