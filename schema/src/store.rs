//! Connecting, pooling and migrating. A `Store` is cheap to clone and holds
//! one deadpool of async connections for its backend.

use crate::StoreError;
use diesel::Connection;
use diesel::sqlite::SqliteConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::pooled_connection::deadpool::Pool;
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod};
use diesel_async::sync_connection_wrapper::SyncConnectionWrapper;
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// WAL lets readers (the console, history) run beside the writer; the busy
/// timeout makes concurrent writers wait instead of failing.
/// The busy timeout comes first: switching to WAL takes a lock too, and a
/// process that just closed the same file may still hold it for a moment.
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
/// SQLite has one writer; a few connections serve readers. PostgreSQL commits
/// in parallel: at 8 connections the `piyasa bench` ceiling was bound by the
/// pool (8 ÷ ~7 ms a commit ≈ 1,100 inserts/s), 16 keeps a few workers well
/// under the default 100 connections.
const SQLITE_POOL_SIZE: usize = 4;
const PG_POOL_SIZE: usize = 16;

pub(crate) type SqliteConn = SyncConnectionWrapper<SqliteConnection>;

/// The first statement of a transaction that reads before it writes. SQLite
/// starts a transaction as a reader; one that read before another
/// connection's commit cannot write after it (SQLite answers "database is
/// locked" at once, whatever the busy timeout), so on SQLite this takes the
/// write lock first, waiting out the busy timeout like any writer. A write
/// statement takes the lock even when it changes no row. PostgreSQL needs
/// nothing: its row locks and checks do the same work.
pub(crate) trait WriteFirst {
    fn write_first(&mut self) -> impl Future<Output = diesel::QueryResult<()>> + Send;
}

impl WriteFirst for SqliteConn {
    async fn write_first(&mut self) -> diesel::QueryResult<()> {
        use diesel_async::RunQueryDsl;
        diesel::sql_query("UPDATE rooms SET id = id WHERE 1 = 0").execute(self).await.map(|_| ())
    }
}

impl WriteFirst for AsyncPgConnection {
    async fn write_first(&mut self) -> diesel::QueryResult<()> {
        Ok(())
    }
}

/// The store, on either backend.
#[derive(Clone)]
pub enum Store {
    Sqlite(Pool<SqliteConn>),
    Pg(Pool<AsyncPgConnection>),
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.backend())
    }
}

/// The backend a URL names.
pub(crate) enum Backend {
    Sqlite(String),
    Pg(String),
}

pub(crate) fn parse_url(url: &str) -> Result<Backend, StoreError> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        Ok(Backend::Sqlite(path.to_string()))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Pg(url.to_string()))
    } else if url.ends_with(".db") || url.ends_with(".sqlite") || url == ":memory:" {
        Ok(Backend::Sqlite(url.to_string()))
    } else {
        Err(StoreError::Url(redact(url)))
    }
}

impl Store {
    /// Runs pending migrations, then opens a pool.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        migrate(url).await?;
        match parse_url(url)? {
            Backend::Sqlite(path) => {
                let mut config = ManagerConfig::default();
                // The default (`Verified`) runs `SELECT 1` on every checkout:
                // on SQLite that is a second blocking-thread hand-off for
                // each statement, and a file connection does not go stale.
                // A connection left in a transaction is still discarded.
                config.recycling_method = RecyclingMethod::Fast;
                config.custom_setup = Box::new(|url| {
                    Box::pin(async move {
                        let mut c = SqliteConn::establish(url).await?;
                        c.batch_execute(SQLITE_PRAGMAS)
                            .await
                            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                        Ok(c)
                    })
                });
                let mgr = AsyncDieselConnectionManager::<SqliteConn>::new_with_config(path, config);
                let pool = Pool::builder(mgr)
                    .max_size(SQLITE_POOL_SIZE)
                    .build()
                    .map_err(|e| StoreError::Pool(e.to_string()))?;
                let store = Store::Sqlite(pool);
                store.ping().await?;
                Ok(store)
            }
            Backend::Pg(url) => {
                let mgr = AsyncDieselConnectionManager::<AsyncPgConnection>::new(url);
                let pool =
                    Pool::builder(mgr).max_size(PG_POOL_SIZE).build().map_err(|e| StoreError::Pool(e.to_string()))?;
                let store = Store::Pg(pool);
                store.ping().await?;
                Ok(store)
            }
        }
    }

    /// "sqlite" or "postgres".
    pub fn backend(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Pg(_) => "postgres",
        }
    }

    /// Checks that a connection can be had and answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        crate::with_conn!(self, |c| {
            c.batch_execute("SELECT 1").await?;
            Ok(())
        })
    }
}

/// Runs the pending migrations for the URL's backend. The harness is
/// synchronous, so it runs on a blocking thread.
pub async fn migrate(url: &str) -> Result<Vec<String>, StoreError> {
    let backend = parse_url(url)?;
    let handle = tokio::task::spawn_blocking(move || -> Result<Vec<String>, StoreError> {
        let mig = |e: Box<dyn std::error::Error + Send + Sync>| StoreError::Migration(e.to_string());
        let done = match backend {
            Backend::Sqlite(path) => {
                let mut c =
                    SqliteConnection::establish(&path).map_err(|e| StoreError::Connect(format!("{path}: {e}")))?;
                diesel::connection::SimpleConnection::batch_execute(&mut c, SQLITE_PRAGMAS)?;
                c.run_pending_migrations(SQLITE_MIGRATIONS).map_err(mig)?.iter().map(ToString::to_string).collect()
            }
            Backend::Pg(url) => {
                let mut c = <AsyncConnectionWrapper<AsyncPgConnection> as Connection>::establish(&url)
                    .map_err(|e| StoreError::Connect(format!("{}: {e}", redact(&url))))?;
                c.run_pending_migrations(PG_MIGRATIONS).map_err(mig)?.iter().map(ToString::to_string).collect()
            }
        };
        Ok(done)
    });
    handle.await.map_err(|e| StoreError::Migration(e.to_string()))?
}

/// A URL with its password hidden, for errors and logs: whatever sits
/// between the user name and the last `@` goes, even in a URL whose scheme is
/// mistyped (`postgress:/u:pw@h`).
pub fn redact(url: &str) -> String {
    let Some(at) = url.rfind('@') else { return url.to_string() };
    let userinfo_start = match url.find("://") {
        Some(s) => s + 3,
        None => url.find(':').map_or(0, |c| c + 1),
    };
    match url[..at].get(userinfo_start..).and_then(|u| u.find(':')) {
        Some(c) => format!("{}:***{}", &url[..userinfo_start + c], &url[at..]),
        None => url.to_string(),
    }
}

/// Runs `$body` with `$c` bound to a pooled connection of either backend:
/// one source, compiled once per backend.
#[macro_export]
#[doc(hidden)]
macro_rules! with_conn {
    ($store:expr, |$c:ident| $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite(pool) => {
                let mut guard = pool.get().await.map_err(|e| $crate::StoreError::Pool(e.to_string()))?;
                let $c = &mut *guard;
                $body
            }
            $crate::store::Store::Pg(pool) => {
                let mut guard = pool.get().await.map_err(|e| $crate::StoreError::Pool(e.to_string()))?;
                let $c = &mut *guard;
                $body
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_pick_the_backend_and_passwords_are_redacted() {
        assert!(matches!(parse_url("sqlite://x.db"), Ok(Backend::Sqlite(p)) if p == "x.db"));
        assert!(matches!(parse_url("postgres://u@h/d"), Ok(Backend::Pg(_))));
        assert!(parse_url("mysql://x").is_err());
        assert_eq!(redact("postgres://u:secret@h:5432/d"), "postgres://u:***@h:5432/d");
        assert_eq!(redact("postgress:/u:secret@h/d"), "postgress:/u:***@h/d");
        assert_eq!(redact("pg://u:pa:ss@w@h/d"), "pg://u:***@h/d");
        assert_eq!(redact("postgres://u@h/d"), "postgres://u@h/d");
        assert_eq!(redact("sqlite://piyasa.db"), "sqlite://piyasa.db");
    }
}
