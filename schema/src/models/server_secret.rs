//! `server_secrets`: keys the server makes at its first start (cookie
//! signing, public person ids), kept so restarts keep people's sessions.

use crate::schema::server_secrets;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

impl Store {
    /// The stored secret `name`, or `fresh` stored now if there was none
    /// (the first writer wins when two start at once).
    pub async fn server_secret(&self, name: &str, fresh: &str, now_ms: i64) -> Result<String, StoreError> {
        let row =
            (server_secrets::name.eq(name), server_secrets::value.eq(fresh), server_secrets::created_at.eq(now_ms));
        with_conn!(self, |c| {
            diesel::insert_into(server_secrets::table).values(row).on_conflict_do_nothing().execute(c).await?;
            Ok(server_secrets::table.find(name).select(server_secrets::value).first(c).await?)
        })
    }
}
