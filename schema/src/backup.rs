//! Backups and restores, for both backends, with each engine's own tools.
//!
//! - SQLite: `VACUUM INTO`, a consistent copy taken while Piyasa runs (a
//!   reader's snapshot; writers go on), checked with `integrity_check`.
//!   A restore replaces the database file; the replaced file (with its
//!   `-wal` and `-shm`) is kept beside it as `NAME.before-restore-UNIX`.
//! - PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean`, the
//!   password passed in `PGPASSWORD`, never on a command line. Before a
//!   forced restore the current database is dumped beside the backup
//!   (`FILE.before-restore-UNIX`).
//!
//! Nothing is overwritten without `force`: a backup refuses an existing
//! file, a restore refuses a database that holds messages.

use crate::StoreError;
use crate::store::{Backend, parse_url, redact};
use diesel::connection::SimpleConnection as _;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection as _, QueryableByName};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a backup or restore did, for the operator.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub file: PathBuf,
    /// Messages in the copy taken or put in place.
    pub messages: i64,
    /// Where the replaced data was kept (a forced restore).
    pub kept: Option<PathBuf>,
}

fn err(msg: impl Into<String>) -> StoreError {
    StoreError::Backup(msg.into())
}

fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Copies the database at `url` to `out`, which must not exist.
pub async fn backup(url: &str, out: &Path) -> Result<Report, StoreError> {
    if out.exists() {
        return Err(err(format!("--out: {} exists; a backup never overwrites a file", out.display())));
    }
    let (backend, out) = (parse_url(url)?, out.to_path_buf());
    blocking(move || match backend {
        Backend::Sqlite(path) => sqlite_backup(&path, &out),
        Backend::Pg(url) => pg_backup(&url, &out),
    })
    .await
}

/// Puts the backup `file` in place of the database at `url`.
pub async fn restore(url: &str, file: &Path, force: bool) -> Result<Report, StoreError> {
    if !file.is_file() {
        return Err(err(format!("{}: no such backup file", file.display())));
    }
    let (backend, file) = (parse_url(url)?, file.to_path_buf());
    blocking(move || match backend {
        Backend::Sqlite(path) => sqlite_restore(&path, &file, force),
        Backend::Pg(url) => pg_restore(&url, &file, force),
    })
    .await
}

async fn blocking(f: impl FnOnce() -> Result<Report, StoreError> + Send + 'static) -> Result<Report, StoreError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| err(e.to_string()))?
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

/// Opens a SQLite file that must be a sound Piyasa database; its message count.
fn sqlite_check(path: &Path) -> Result<i64, StoreError> {
    let shown = path.display();
    let mut c = SqliteConnection::establish(&format!("file:{}?mode=ro", path.display()))
        .map_err(|e| err(format!("{shown}: not a readable SQLite database ({e})")))?;
    use diesel::RunQueryDsl as _;
    let ok = diesel::sql_query("PRAGMA integrity_check")
        .load::<Check>(&mut c)
        .map_err(|e| err(format!("{shown}: not a SQLite database ({e})")))?;
    if ok.first().map(|r| r.integrity_check.as_str()) != Some("ok") {
        return Err(err(format!("{shown}: the SQLite integrity check failed")));
    }
    let n = diesel::sql_query("SELECT COUNT(*) AS n FROM messages")
        .get_result::<Count>(&mut c)
        .map_err(|_| err(format!("{shown}: not a Piyasa database (no messages table)")))?;
    Ok(n.n)
}

fn sqlite_backup(db: &str, out: &Path) -> Result<Report, StoreError> {
    if !Path::new(db).is_file() {
        return Err(err(format!("database.url: sqlite://{db} does not exist")));
    }
    use diesel::RunQueryDsl as _;
    let mut c = SqliteConnection::establish(db).map_err(|e| StoreError::Connect(format!("{db}: {e}")))?;
    c.batch_execute("PRAGMA busy_timeout = 5000;")?;
    let target = out.to_str().ok_or_else(|| err("--out: the path must be UTF-8"))?;
    if let Err(e) = diesel::sql_query("VACUUM INTO ?").bind::<diesel::sql_types::Text, _>(target).execute(&mut c) {
        let _ = std::fs::remove_file(out);
        return Err(err(format!("{}: the copy failed ({e})", out.display())));
    }
    let messages = sqlite_check(out)?;
    Ok(Report { file: out.to_path_buf(), messages, kept: None })
}

/// The database file and its WAL companions.
fn sqlite_files(db: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| PathBuf::from(format!("{}{suffix}", db.display()));
    [db.to_path_buf(), with("-wal"), with("-shm")]
}

fn sqlite_restore(db: &str, file: &Path, force: bool) -> Result<Report, StoreError> {
    let messages = sqlite_check(file)?;
    let target = Path::new(db);
    let mut kept = None;
    if target.exists() {
        let current = sqlite_check(target).unwrap_or(0);
        if !force {
            return Err(err(format!(
                "database.url: sqlite://{db} exists ({current} messages); a restore replaces it: add --force \
                 (the current file is kept beside it)"
            )));
        }
        let stamp = unix_now();
        for f in sqlite_files(target).iter().filter(|f| f.exists()) {
            let to = PathBuf::from(format!("{}.before-restore-{stamp}", f.display()));
            std::fs::rename(f, &to).map_err(|e| err(format!("{}: cannot be moved aside ({e})", f.display())))?;
        }
        kept = Some(PathBuf::from(format!("{db}.before-restore-{stamp}")));
    }
    // Copy then rename: a crash leaves the old name empty, never half a file.
    let partial = PathBuf::from(format!("{db}.restoring"));
    std::fs::copy(file, &partial).map_err(|e| err(format!("{db}: cannot be written ({e})")))?;
    std::fs::rename(&partial, target).map_err(|e| err(format!("{db}: cannot be written ({e})")))?;
    Ok(Report { file: file.to_path_buf(), messages, kept })
}

/// A PostgreSQL URL without its password, and the password.
fn split_password(url: &str) -> (String, Option<String>) {
    let shown = redact(url);
    if shown == url {
        return (url.to_string(), None);
    }
    // `redact` put `***` where the password was: the same span holds it in `url`.
    let start = shown.find(":***@").map_or(0, |i| i + 1);
    let at = url.rfind('@').unwrap_or(url.len());
    let password = url[start..at].to_string();
    (format!("{}{}", &url[..start - 1], &url[at..]), Some(password))
}

fn pg_tool(tool: &str, url: &str) -> Result<Command, StoreError> {
    let (url, password) = split_password(url);
    let probe = Command::new(tool).arg("--version").output();
    if !probe.is_ok_and(|o| o.status.success()) {
        return Err(err(format!(
            "{tool} not found: a PostgreSQL backup uses PostgreSQL's own tools (Debian: apt install postgresql-client)"
        )));
    }
    let mut cmd = Command::new(tool);
    cmd.arg("--dbname").arg(url);
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    Ok(cmd)
}

fn run(mut cmd: Command, what: &str) -> Result<(), StoreError> {
    let out = cmd.output().map_err(|e| err(format!("{what}: {e}")))?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    Err(err(format!("{what} failed: {}", redact(stderr.trim()))))
}

fn pg_messages(url: &str) -> Result<Option<i64>, StoreError> {
    use diesel_async::{AsyncConnection as _, AsyncPgConnection, RunQueryDsl as _};
    // A blocking thread of the runtime: it may wait on the async connection.
    tokio::runtime::Handle::current().block_on(async {
        let mut c = AsyncPgConnection::establish(url)
            .await
            .map_err(|e| StoreError::Connect(format!("{}: {e}", redact(url))))?;
        let n = diesel::sql_query("SELECT COUNT(*) AS n FROM messages").get_result::<Count>(&mut c).await;
        Ok(n.ok().map(|c| c.n))
    })
}

fn pg_backup(url: &str, out: &Path) -> Result<Report, StoreError> {
    let messages = pg_messages(url)?.unwrap_or(0);
    let mut cmd = pg_tool("pg_dump", url)?;
    cmd.args(["--format=custom", "--no-owner", "--file"]).arg(out);
    if let Err(e) = run(cmd, "pg_dump") {
        let _ = std::fs::remove_file(out);
        return Err(e);
    }
    Ok(Report { file: out.to_path_buf(), messages, kept: None })
}

fn pg_restore(url: &str, file: &Path, force: bool) -> Result<Report, StoreError> {
    let mut list = pg_tool("pg_restore", url)?;
    // `--list` reads the archive without touching the database: a wrong file fails here.
    list.args(["--list"]).arg(file);
    run(list, &format!("{}: not a pg_dump archive; pg_restore --list", file.display()))?;
    let mut kept = None;
    if let Some(current) = pg_messages(url)? {
        if !force {
            return Err(err(format!(
                "database.url: {} holds Piyasa's tables ({current} messages); a restore replaces them: add --force \
                 (the current database is dumped beside the backup first)",
                redact(url)
            )));
        }
        let aside = PathBuf::from(format!("{}.before-restore-{}", file.display(), unix_now()));
        pg_backup(url, &aside)?;
        kept = Some(aside);
    }
    let mut cmd = pg_tool("pg_restore", url)?;
    cmd.args(["--clean", "--if-exists", "--no-owner", "--single-transaction"]).arg(file);
    run(cmd, "pg_restore")?;
    let messages = pg_messages(url)?.unwrap_or(0);
    Ok(Report { file: file.to_path_buf(), messages, kept })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url_and_nothing_else_changes() {
        assert_eq!(
            split_password("postgres://u:s3cr:et@h:5432/d"),
            ("postgres://u@h:5432/d".to_string(), Some("s3cr:et".to_string()))
        );
        assert_eq!(split_password("postgres://u@h/d"), ("postgres://u@h/d".to_string(), None));
        assert_eq!(split_password("postgres://h/d"), ("postgres://h/d".to_string(), None));
    }
}
