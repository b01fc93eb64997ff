//! `operator_recovery_codes`: one-time codes that stand in for a TOTP code,
//! stored as SHA-256 hashes.

use crate::schema::operator_recovery_codes as codes;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

impl Store {
    /// Replaces an account's recovery codes with new ones (hashes).
    pub async fn replace_recovery_codes(&self, operator: i64, hashes: &[String]) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::delete(codes::table.filter(codes::operator_id.eq(operator))).execute(c).await?;
            // One row at a time: SQLite's batch insert cannot leave `id` to its default.
            for h in hashes {
                let row = (codes::operator_id.eq(operator), codes::code_hash.eq(h.as_str()));
                diesel::insert_into(codes::table).values(row).execute(c).await?;
            }
            Ok(())
        })
    }

    /// Uses up one unused code; false when there is no such unused code.
    pub async fn use_recovery_code(&self, operator: i64, hash: &str, now_ms: i64) -> Result<bool, StoreError> {
        with_conn!(self, |c| {
            let n = diesel::update(
                codes::table
                    .filter(codes::operator_id.eq(operator))
                    .filter(codes::code_hash.eq(hash))
                    .filter(codes::used_at.is_null()),
            )
            .set(codes::used_at.eq(now_ms))
            .execute(c)
            .await?;
            Ok(n > 0)
        })
    }

    /// Unused codes left.
    pub async fn recovery_codes_left(&self, operator: i64) -> Result<i64, StoreError> {
        with_conn!(self, |c| Ok(codes::table
            .filter(codes::operator_id.eq(operator))
            .filter(codes::used_at.is_null())
            .count()
            .get_result(c)
            .await?))
    }

    pub async fn delete_recovery_codes(&self, operator: i64) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::delete(codes::table.filter(codes::operator_id.eq(operator))).execute(c).await?;
            Ok(())
        })
    }
}
