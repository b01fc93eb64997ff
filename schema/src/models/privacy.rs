//! Privacy on `messages`: people's messages deleted after the retention
//! period or on request. Bot messages that answered a deleted message stay,
//! unlinked (`reply_to` set to null), so the room's own history survives
//! without pointing at what the person said. A forgotten person is also
//! written to `forget_requests`, so that every running process drops the
//! person's lines from its rooms' memory.

use crate::schema::{forget_requests, messages};
use crate::types::AuthorKindColumn;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use engine::transcript::AuthorKind;

/// What a deletion removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Forgotten {
    /// People's messages deleted.
    pub messages: usize,
    /// Other messages that replied to them, now unlinked.
    pub replies_unlinked: usize,
}

/// Ids per statement, below every backend's bind-parameter limit.
const CHUNK: usize = 500;

impl Store {
    /// Asks every running process to drop `person_id`'s lines from memory.
    pub async fn request_forget(&self, person_id: &str, now_ms: i64) -> Result<(), StoreError> {
        let row = (forget_requests::person_id.eq(person_id), forget_requests::requested_at.eq(now_ms));
        with_conn!(self, |c| {
            diesel::insert_into(forget_requests::table).values(row).execute(c).await?;
            Ok(())
        })
    }

    /// The newest forget request's id (0 when none): a process starting
    /// reads its rooms from the store, so it follows only later requests.
    pub async fn last_forget_request(&self) -> Result<i64, StoreError> {
        let id: Option<i64> =
            with_conn!(self, |c| forget_requests::table.select(diesel::dsl::max(forget_requests::id)).first(c).await)?;
        Ok(id.unwrap_or(0))
    }

    /// Forget requests after `after_id`, oldest first: (id, person).
    pub async fn forget_requests_after(&self, after_id: i64) -> Result<Vec<(i64, String)>, StoreError> {
        with_conn!(self, |c| Ok(forget_requests::table
            .filter(forget_requests::id.gt(after_id))
            .order(forget_requests::id.asc())
            .select((forget_requests::id, forget_requests::person_id))
            .load(c)
            .await?))
    }

    /// Deletes every message of the person `author_id` (e.g. `web:Ayşe`),
    /// and their Telegram updates still waiting for a worker.
    pub async fn forget_human(&self, author_id: &str) -> Result<Forgotten, StoreError> {
        self.purge_inbox(Some(author_id), 0).await?;
        let ids: Vec<i64> = with_conn!(self, |c| messages::table
            .filter(messages::author_kind.eq(AuthorKindColumn(AuthorKind::Human)))
            .filter(messages::author_id.eq(author_id))
            .select(messages::id)
            .load(c)
            .await)?;
        self.delete_messages(&ids).await
    }

    /// Deletes people's messages created before `before_ms` (retention),
    /// and Telegram updates that waited for a worker since before then.
    pub async fn purge_human_messages(&self, before_ms: i64) -> Result<Forgotten, StoreError> {
        self.purge_inbox(None, before_ms).await?;
        let ids: Vec<i64> = with_conn!(self, |c| messages::table
            .filter(messages::author_kind.eq(AuthorKindColumn(AuthorKind::Human)))
            .filter(messages::created_at.lt(before_ms))
            .select(messages::id)
            .load(c)
            .await)?;
        self.delete_messages(&ids).await
    }

    /// Unlinks replies to `ids`, then deletes them, in one transaction.
    async fn delete_messages(&self, ids: &[i64]) -> Result<Forgotten, StoreError> {
        if ids.is_empty() {
            return Ok(Forgotten::default());
        }
        with_conn!(self, |c| c
            .transaction::<_, StoreError, _>(async |c| {
                let mut done = Forgotten::default();
                for chunk in ids.chunks(CHUNK) {
                    done.replies_unlinked += diesel::update(messages::table)
                        .filter(messages::reply_to.eq_any(chunk))
                        .filter(diesel::dsl::not(messages::id.eq_any(chunk)))
                        .set(messages::reply_to.eq(None::<i64>))
                        .execute(c)
                        .await?;
                    done.messages +=
                        diesel::delete(messages::table.filter(messages::id.eq_any(chunk))).execute(c).await?;
                }
                Ok(done)
            })
            .await)
    }
}
