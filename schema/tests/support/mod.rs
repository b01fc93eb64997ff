//! Fresh stores for the store tests: a SQLite file and a PostgreSQL
//! database (at `PIYASA_TEST_PG`, default 127.0.0.1:5432, trust auth).

use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use schema::Store;

/// A fresh PostgreSQL database; its URL.
pub async fn fresh_pg(tag: &str) -> String {
    let admin =
        std::env::var("PIYASA_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let name = format!("piyasa_{tag}_{}_{}", std::process::id(), nanos % 1_000_000_007);
    let mut c = AsyncPgConnection::establish(&admin).await.expect("PostgreSQL must run for the store tests");
    c.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
    format!("{}/{name}", admin.rsplit_once('/').unwrap().0)
}

/// Both backends, fresh.
pub async fn stores(tag: &str) -> Vec<(Store, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let sqlite = Store::connect(&url).await.unwrap();
    let pg = Store::connect(&fresh_pg(tag).await).await.unwrap();
    vec![(sqlite, Some(dir)), (pg, None)]
}
