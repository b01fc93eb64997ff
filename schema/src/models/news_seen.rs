//! `news_seen`: the de-dup keys of stories already taken from the feeds, so
//! that a restart does not bring the feeds' current stories again.

use crate::schema::news_seen;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};

impl Store {
    /// Remembers stories' keys (a key seen before keeps its first time).
    pub async fn remember_news(&self, keys: &[String], at_ms: i64) -> Result<(), StoreError> {
        if keys.is_empty() {
            return Ok(());
        }
        with_conn!(self, |c| c
            .transaction::<_, StoreError, _>(async |c| {
                for k in keys {
                    diesel::insert_into(news_seen::table)
                        .values((news_seen::key.eq(k.as_str()), news_seen::seen_at.eq(at_ms)))
                        .on_conflict(news_seen::key)
                        .do_nothing()
                        .execute(c)
                        .await?;
                }
                Ok(())
            })
            .await)
    }

    /// The newest `limit` keys seen since `since_ms`, newest first.
    pub async fn recent_news_keys(&self, since_ms: i64, limit: i64) -> Result<Vec<String>, StoreError> {
        with_conn!(self, |c| Ok(news_seen::table
            .filter(news_seen::seen_at.ge(since_ms))
            .order(news_seen::seen_at.desc())
            .limit(limit)
            .select(news_seen::key)
            .load(c)
            .await?))
    }

    /// Forgets keys older than `before_ms`; how many.
    pub async fn forget_news_before(&self, before_ms: i64) -> Result<usize, StoreError> {
        with_conn!(self, |c| Ok(diesel::delete(news_seen::table.filter(news_seen::seen_at.lt(before_ms)))
            .execute(c)
            .await?))
    }
}
