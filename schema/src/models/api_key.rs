//! `api_keys`: keys for automation. The key is shown once; the store keeps
//! its SHA-256 and a short prefix that names it in lists.

use crate::schema::api_keys;
use crate::types::RoleColumn;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use engine::role::Role;

/// A stored key. `Debug` leaves out the hash.
#[derive(Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = api_keys)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct ApiKeyRow {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub key_hash: String,
    #[diesel(deserialize_as = RoleColumn)]
    pub role: Role,
    pub created_by: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl std::fmt::Debug for ApiKeyRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiKeyRow")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("prefix", &self.prefix)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Insertable)]
#[diesel(table_name = api_keys)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct NewApiKey<'a> {
    pub name: &'a str,
    pub prefix: &'a str,
    pub key_hash: &'a str,
    #[diesel(serialize_as = RoleColumn)]
    pub role: Role,
    pub created_by: &'a str,
    pub created_at: i64,
}

impl Store {
    pub async fn insert_api_key(&self, new: &NewApiKey<'_>) -> Result<ApiKeyRow, StoreError> {
        with_conn!(self, |c| Ok(diesel::insert_into(api_keys::table)
            .values(new.clone())
            .returning(ApiKeyRow::as_returning())
            .get_result(c)
            .await?))
    }

    pub async fn api_key_by_hash(&self, hash: &str) -> Result<Option<ApiKeyRow>, StoreError> {
        with_conn!(self, |c| Ok(api_keys::table
            .filter(api_keys::key_hash.eq(hash))
            .select(ApiKeyRow::as_select())
            .first(c)
            .await
            .optional()?))
    }

    pub async fn api_key(&self, id: i64) -> Result<Option<ApiKeyRow>, StoreError> {
        with_conn!(self, |c| Ok(api_keys::table.find(id).select(ApiKeyRow::as_select()).first(c).await.optional()?))
    }

    /// Every key, revoked ones included, oldest first.
    pub async fn api_keys(&self) -> Result<Vec<ApiKeyRow>, StoreError> {
        with_conn!(self, |c| Ok(api_keys::table
            .order(api_keys::id.asc())
            .select(ApiKeyRow::as_select())
            .load(c)
            .await?))
    }

    /// Revokes a key; 0 when it was not live.
    pub async fn revoke_api_key(&self, id: i64, now_ms: i64) -> Result<usize, StoreError> {
        with_conn!(self, |c| Ok(diesel::update(api_keys::table.find(id).filter(api_keys::revoked_at.is_null()))
            .set(api_keys::revoked_at.eq(now_ms))
            .execute(c)
            .await?))
    }

    pub async fn touch_api_key(&self, id: i64, now_ms: i64) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::update(api_keys::table.find(id)).set(api_keys::last_used_at.eq(now_ms)).execute(c).await?;
            Ok(())
        })
    }
}
