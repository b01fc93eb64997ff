//! Pruning the operational tables that would otherwise grow for ever:
//! Telegram's seen update ids, finished outbox rows, guard-block counts and
//! forget requests.
//! People's messages have their own retention (`privacy`).

use crate::schema::{forget_requests, guard_blocks, telegram_outbox, telegram_seen_updates};
use crate::types::StatusColumn;
use crate::{Store, StoreError, with_conn};
use diesel::dsl::max;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use engine::telegram::outbox::OutboxStatus;

/// What to prune: rows older than these cut-offs (epoch ms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PruneBefore {
    /// Seen update ids (each bot's newest is always kept: it is the poll offset).
    pub seen_updates: i64,
    /// Outbox rows in a final state (sent, failed, dropped, unknown).
    pub finished_outbox: i64,
    pub guard_blocks: i64,
    /// Forget requests (every running process has long applied them).
    pub forget_requests: i64,
}

/// Rows deleted by one prune.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    pub seen_updates: usize,
    pub finished_outbox: usize,
    pub guard_blocks: usize,
    pub forget_requests: usize,
}

impl Store {
    /// Deletes operational rows older than the cut-offs. Rows still in play
    /// (planned or sending outbox rows, each bot's newest update id) stay.
    pub async fn prune_operational(&self, before: PruneBefore) -> Result<Pruned, StoreError> {
        let newest: Vec<(String, Option<i64>)> = with_conn!(self, |c| telegram_seen_updates::table
            .group_by(telegram_seen_updates::bot_id)
            .select((telegram_seen_updates::bot_id, max(telegram_seen_updates::update_id)))
            .load(c)
            .await)?;
        let mut done = Pruned::default();
        for (bot, newest) in newest {
            let newest = newest.unwrap_or(i64::MIN);
            done.seen_updates += with_conn!(self, |c| diesel::delete(
                telegram_seen_updates::table
                    .filter(telegram_seen_updates::bot_id.eq(&bot))
                    .filter(telegram_seen_updates::seen_at.lt(before.seen_updates))
                    .filter(telegram_seen_updates::update_id.lt(newest))
            )
            .execute(c)
            .await)?;
        }
        let finished =
            [OutboxStatus::Sent, OutboxStatus::Failed, OutboxStatus::Dropped, OutboxStatus::Unknown].map(StatusColumn);
        done.finished_outbox = with_conn!(self, |c| diesel::delete(
            telegram_outbox::table
                .filter(telegram_outbox::status.eq_any(finished))
                .filter(telegram_outbox::updated_at.lt(before.finished_outbox))
        )
        .execute(c)
        .await)?;
        done.guard_blocks = with_conn!(self, |c| diesel::delete(
            guard_blocks::table.filter(guard_blocks::created_at.lt(before.guard_blocks))
        )
        .execute(c)
        .await)?;
        done.forget_requests = with_conn!(self, |c| diesel::delete(
            forget_requests::table.filter(forget_requests::requested_at.lt(before.forget_requests))
        )
        .execute(c)
        .await)?;
        Ok(done)
    }
}
