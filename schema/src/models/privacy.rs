//! Privacy on `messages`: people's messages deleted after the retention
//! period or on request. Bot messages that answered a deleted message stay,
//! unlinked (`reply_to` set to null), so the room's own history survives
//! without pointing at what the person said.

use crate::schema::messages;
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
    /// Deletes every message of the person `author_id` (e.g. `web:Ayşe`).
    pub async fn forget_human(&self, author_id: &str) -> Result<Forgotten, StoreError> {
        let ids: Vec<i64> = with_conn!(self, |c| messages::table
            .filter(messages::author_kind.eq(AuthorKindColumn(AuthorKind::Human)))
            .filter(messages::author_id.eq(author_id))
            .select(messages::id)
            .load(c)
            .await)?;
        self.delete_messages(&ids).await
    }

    /// Deletes people's messages created before `before_ms` (retention).
    pub async fn purge_human_messages(&self, before_ms: i64) -> Result<Forgotten, StoreError> {
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
