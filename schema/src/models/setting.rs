//! `settings`: operator settings that live in the store (key → JSON value):
//! the run-time overrides of configuration keys, and the LLM provider chain
//! set at run time (keys encrypted).

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

    /// Every stored setting, by key.
    pub async fn settings_all(&self) -> Result<Vec<(String, String)>, StoreError> {
        with_conn!(self, |c| Ok(settings::table
            .order(settings::key.asc())
            .select((settings::key, settings::value))
            .load(c)
            .await?))
    }

    /// Removes `remove`, then writes `set`, in one transaction: all or nothing.
    pub async fn change_settings(
        &self,
        remove: &[String],
        set: &[(String, String)],
        now_ms: i64,
    ) -> Result<(), StoreError> {
        use diesel_async::AsyncConnection;
        with_conn!(self, |c| c
            .transaction::<_, StoreError, _>(async |c| {
                if !remove.is_empty() {
                    diesel::delete(settings::table.filter(settings::key.eq_any(remove))).execute(c).await?;
                }
                for (key, value) in set {
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
                }
                Ok(())
            })
            .await)
    }
}
