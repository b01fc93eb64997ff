//! `audit_log`: who changed what, when and from where, with a before/after
//! summary. Callers never put secrets in a summary.

use crate::schema::audit_log;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    /// `user`, `key`, `cli` or `anonymous`.
    pub actor_kind: String,
    pub ip: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub summary_before: Option<String>,
    pub summary_after: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = audit_log)]
pub struct NewAudit {
    pub at: i64,
    pub actor: String,
    pub actor_kind: String,
    pub ip: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub summary_before: Option<String>,
    pub summary_after: Option<String>,
}

impl Store {
    pub async fn insert_audit(&self, row: &NewAudit) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::insert_into(audit_log::table).values(row.clone()).execute(c).await?;
            Ok(())
        })
    }

    /// Newest first: at most `limit` rows with ids below `before`, of one action if given.
    pub async fn audit_rows(
        &self,
        limit: i64,
        before: Option<i64>,
        action: Option<&str>,
    ) -> Result<Vec<AuditRow>, StoreError> {
        let action = action.map(str::to_string);
        with_conn!(self, |c| {
            let mut q = audit_log::table.into_boxed();
            if let Some(b) = before {
                q = q.filter(audit_log::id.lt(b));
            }
            if let Some(a) = action {
                q = q.filter(audit_log::action.eq(a));
            }
            Ok(q.order(audit_log::id.desc()).limit(limit).select(AuditRow::as_select()).load(c).await?)
        })
    }
}
