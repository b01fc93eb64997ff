//! `operator_sessions`: console sessions. The cookie holds a random id; the
//! store keeps only its SHA-256, so a copy of the database opens no session.

use crate::schema::operator_sessions as sessions;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// A stored session. `Debug` leaves out the id hash and CSRF token.
#[derive(Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct SessionRow {
    pub id_hash: String,
    pub operator_id: i64,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    /// The absolute end, whatever the activity.
    pub expires_at: i64,
    pub ip: Option<String>,
    pub revoked_at: Option<i64>,
}

impl std::fmt::Debug for SessionRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionRow")
            .field("operator_id", &self.operator_id)
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl Store {
    pub async fn insert_session(&self, row: &SessionRow) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::insert_into(sessions::table).values(row.clone()).execute(c).await?;
            Ok(())
        })
    }

    pub async fn session(&self, id_hash: &str) -> Result<Option<SessionRow>, StoreError> {
        with_conn!(self, |c| Ok(sessions::table
            .find(id_hash)
            .select(SessionRow::as_select())
            .first(c)
            .await
            .optional()?))
    }

    pub async fn touch_session(&self, id_hash: &str, now_ms: i64) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::update(sessions::table.find(id_hash)).set(sessions::last_seen_at.eq(now_ms)).execute(c).await?;
            Ok(())
        })
    }

    /// Revokes one session.
    pub async fn revoke_session(&self, id_hash: &str, now_ms: i64) -> Result<usize, StoreError> {
        with_conn!(self, |c| Ok(diesel::update(sessions::table.find(id_hash).filter(sessions::revoked_at.is_null()))
            .set(sessions::revoked_at.eq(now_ms))
            .execute(c)
            .await?))
    }

    /// Revokes every live session of an account; how many were live.
    pub async fn revoke_sessions_of(&self, operator: i64, now_ms: i64) -> Result<usize, StoreError> {
        with_conn!(self, |c| Ok(diesel::update(
            sessions::table.filter(sessions::operator_id.eq(operator)).filter(sessions::revoked_at.is_null())
        )
        .set(sessions::revoked_at.eq(now_ms))
        .execute(c)
        .await?))
    }
}
