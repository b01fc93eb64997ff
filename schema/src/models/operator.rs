//! `operators`: console and API accounts. The password is an argon2id PHC
//! string; the TOTP secret is never read back out of the store by the API.

use crate::schema::operators;
use crate::types::RoleColumn;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use engine::role::Role;

/// A stored account. `Debug` leaves out the password hash and TOTP secret.
#[derive(Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = operators)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct OperatorRow {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    #[diesel(deserialize_as = RoleColumn)]
    pub role: Role,
    pub disabled: bool,
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    pub failed_logins: i32,
    pub locked_until: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl std::fmt::Debug for OperatorRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OperatorRow")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("role", &self.role)
            .field("disabled", &self.disabled)
            .field("totp_enabled", &self.totp_enabled)
            .finish_non_exhaustive()
    }
}

/// A new account.
#[derive(Clone, Insertable)]
#[diesel(table_name = operators)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct NewOperator<'a> {
    pub username: &'a str,
    pub password_hash: &'a str,
    #[diesel(serialize_as = RoleColumn)]
    pub role: Role,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Store {
    /// Creates an account; a taken username is a unique violation.
    pub async fn insert_operator(&self, new: &NewOperator<'_>) -> Result<OperatorRow, StoreError> {
        with_conn!(self, |c| Ok(diesel::insert_into(operators::table)
            .values(new.clone())
            .returning(OperatorRow::as_returning())
            .get_result(c)
            .await?))
    }

    pub async fn operator(&self, id: i64) -> Result<Option<OperatorRow>, StoreError> {
        with_conn!(self, |c| Ok(operators::table
            .find(id)
            .select(OperatorRow::as_select())
            .first(c)
            .await
            .optional()?))
    }

    pub async fn operator_by_username(&self, username: &str) -> Result<Option<OperatorRow>, StoreError> {
        with_conn!(self, |c| Ok(operators::table
            .filter(operators::username.eq(username))
            .select(OperatorRow::as_select())
            .first(c)
            .await
            .optional()?))
    }

    /// Every account, oldest first.
    pub async fn operators(&self) -> Result<Vec<OperatorRow>, StoreError> {
        with_conn!(self, |c| Ok(operators::table
            .order(operators::id.asc())
            .select(OperatorRow::as_select())
            .load(c)
            .await?))
    }

    /// Admins that can log in (not disabled).
    pub async fn active_admins(&self) -> Result<i64, StoreError> {
        with_conn!(self, |c| Ok(operators::table
            .filter(operators::role.eq(RoleColumn(Role::Admin)))
            .filter(operators::disabled.eq(false))
            .count()
            .get_result(c)
            .await?))
    }

    /// Sets the role and the disabled flag.
    pub async fn update_operator(&self, id: i64, role: Role, disabled: bool, now_ms: i64) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::update(operators::table.find(id))
                .set((
                    operators::role.eq(RoleColumn(role)),
                    operators::disabled.eq(disabled),
                    operators::updated_at.eq(now_ms),
                ))
                .execute(c)
                .await?;
            Ok(())
        })
    }

    /// A new password hash; failed logins and the lockout are cleared.
    pub async fn set_password_hash(&self, id: i64, hash: &str, now_ms: i64) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::update(operators::table.find(id))
                .set((
                    operators::password_hash.eq(hash),
                    operators::failed_logins.eq(0),
                    operators::locked_until.eq(None::<i64>),
                    operators::updated_at.eq(now_ms),
                ))
                .execute(c)
                .await?;
            Ok(())
        })
    }

    /// Records the count of failed logins in a row and the lockout, if any.
    pub async fn set_login_failures(&self, id: i64, failed: i32, locked_until: Option<i64>) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::update(operators::table.find(id))
                .set((operators::failed_logins.eq(failed), operators::locked_until.eq(locked_until)))
                .execute(c)
                .await?;
            Ok(())
        })
    }

    /// Sets (or clears) the TOTP secret and whether it is required at login.
    pub async fn set_totp(&self, id: i64, secret: Option<&str>, enabled: bool, now_ms: i64) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::update(operators::table.find(id))
                .set((
                    operators::totp_secret.eq(secret),
                    operators::totp_enabled.eq(enabled),
                    operators::updated_at.eq(now_ms),
                ))
                .execute(c)
                .await?;
            Ok(())
        })
    }

    /// Deletes an account (its sessions and recovery codes go with it).
    pub async fn delete_operator(&self, id: i64) -> Result<usize, StoreError> {
        with_conn!(self, |c| Ok(diesel::delete(operators::table.find(id)).execute(c).await?))
    }
}
