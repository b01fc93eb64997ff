//! `settings`: operator settings that live in the store (key → JSON value).

use crate::schema::settings;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::RunQueryDsl;

impl Store {
    pub async fn set_setting(&self, key: &str, value: &str, now_ms: i64) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::insert_into(settings::table)
                .values((settings::key.eq(key), settings::value.eq(value), settings::updated_at.eq(now_ms)))
                .on_conflict(settings::key)
                .do_update()
                .set((
                    settings::value.eq(excluded(settings::value)),
                    settings::updated_at.eq(excluded(settings::updated_at)),
                ))
                .execute(c)
                .await?;
            Ok(())
        })
    }

    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        with_conn!(self, |c| Ok(settings::table.find(key).select(settings::value).first(c).await.optional()?))
    }
}
