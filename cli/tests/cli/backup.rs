//! `piyasa backup` and `piyasa restore` on both backends: a copy taken while
//! the store is in use, put back over later changes; nothing overwritten
//! without --force, and what a forced restore replaced is kept.

use crate::support::{piyasa, text};
use schema::{MessageStatus, NewMessage, Store};
use std::path::Path;
use std::process::Output;

const ROOM: &str = "piyasa-sohbet";

fn message(i: usize) -> NewMessage {
    NewMessage {
        room_id: ROOM.into(),
        author_kind: engine::transcript::AuthorKind::Human,
        author_id: "web:Defne".into(),
        author_name: "Defne".into(),
        reply_to: None,
        bot_depth: 0,
        text: format!("mesaj {i}"),
        status: MessageStatus::Sent,
        status_reason: None,
        created_at: 1_000 + i as i64,
        sent_at: Some(1_000 + i as i64),
        provider: None,
        model: None,
        tokens_in: None,
        tokens_out: None,
        latency_ms: None,
    }
}

/// The bundled community and `n` messages in a fresh store.
async fn seeded(url: &str, n: usize) -> Store {
    let store = Store::connect(url).await.unwrap();
    let community = engine::community::Community::from_yaml(web::settings::BUNDLED_COMMUNITY).unwrap();
    actors::Community::import(&store, &community, "🤖", 1).await.unwrap();
    for i in 0..n {
        store.insert_message(&message(i)).await.unwrap();
    }
    store
}

async fn texts(store: &Store) -> Vec<String> {
    store.recent_messages(ROOM, 500).await.unwrap().into_iter().map(|m| m.text).collect()
}

async fn run(dir: &Path, args: Vec<String>) -> Output {
    let mut cmd = piyasa(dir);
    cmd.args(args);
    actix_web::rt::task::spawn_blocking(move || cmd.output().unwrap()).await.unwrap()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(ToString::to_string).collect()
}

#[actix_web::test]
async fn a_sqlite_backup_taken_while_in_use_is_restored_over_later_changes() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("p.db").display());
    let store = seeded(&url, 3).await;
    let out = dir.path().join("yedek.db");
    let taken = run(dir.path(), args(&["backup", "--db", &url, "--out", out.to_str().unwrap()])).await;
    assert!(taken.status.success(), "{}", text(&taken.stderr));
    assert!(text(&taken.stdout).contains("(3 messages)"), "{}", text(&taken.stdout));
    store.insert_message(&message(3)).await.unwrap();
    assert_eq!(texts(&store).await.len(), 4);

    let again = run(dir.path(), args(&["backup", "--db", &url, "--out", out.to_str().unwrap()])).await;
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("exists; a backup never overwrites"), "{}", text(&again.stderr));
    let refused = run(dir.path(), args(&["restore", "--db", &url, out.to_str().unwrap()])).await;
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("(4 messages)") && text(&refused.stderr).contains("--force"));
    assert_eq!(texts(&store).await.len(), 4, "a refused restore changes nothing");
    drop(store);

    let restored = run(dir.path(), args(&["restore", "--force", "--db", &url, out.to_str().unwrap()])).await;
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    let said = text(&restored.stdout);
    assert!(said.contains("(3 messages)") && said.contains("kept in"), "{said}");
    let store = Store::connect(&url).await.unwrap();
    assert_eq!(texts(&store).await, ["mesaj 0", "mesaj 1", "mesaj 2"]);
    let kept = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.starts_with("p.db.before-restore-") && !n.contains("-wal") && !n.contains("-shm"))
        .expect("the replaced database is kept");
    let old = Store::connect(&format!("sqlite://{}", dir.path().join(kept).display())).await.unwrap();
    assert_eq!(texts(&old).await.len(), 4, "nothing lost: the replaced data is all there");
}

#[actix_web::test]
async fn a_bad_backup_file_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("p.db").display());
    let store = seeded(&url, 2).await;
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "bu bir veritabanı değil").unwrap();
    for (file, says) in [(junk.to_str().unwrap(), "not a"), ("yok.db", "no such backup file")] {
        let out = run(dir.path(), args(&["restore", "--force", "--db", &url, file])).await;
        assert_eq!(out.status.code(), Some(1), "{file}");
        assert!(text(&out.stderr).contains(says), "{file}: {}", text(&out.stderr));
    }
    assert_eq!(texts(&store).await.len(), 2);
}

fn pg_admin_url() -> String {
    std::env::var("PIYASA_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh PostgreSQL database; dropped by the caller.
async fn fresh_pg(tag: &str) -> (String, String) {
    use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
    let admin = pg_admin_url();
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let name = format!("piyasa_backup_{tag}_{}_{}", std::process::id(), nanos % 1_000_000_007);
    let mut c = AsyncPgConnection::establish(&admin).await.expect("PostgreSQL (set PIYASA_TEST_PG)");
    c.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
    let base = admin.rsplit_once('/').unwrap().0;
    (name.clone(), format!("{base}/{name}"))
}

async fn drop_pg(name: &str) {
    use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
    let mut c = AsyncPgConnection::establish(&pg_admin_url()).await.unwrap();
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.unwrap();
}

#[actix_web::test]
async fn a_postgresql_backup_round_trips_with_pg_dump_and_pg_restore() {
    let dir = tempfile::tempdir().unwrap();
    let (a, url_a) = fresh_pg("a").await;
    let (b, url_b) = fresh_pg("b").await;
    let store = seeded(&url_a, 3).await;
    let dump = dir.path().join("yedek.dump");
    let taken = run(dir.path(), args(&["backup", "--db", &url_a, "--out", dump.to_str().unwrap()])).await;
    assert!(taken.status.success(), "{}", text(&taken.stderr));
    store.insert_message(&message(3)).await.unwrap();

    // Into an empty database: no --force needed.
    let into_b = run(dir.path(), args(&["restore", "--db", &url_b, dump.to_str().unwrap()])).await;
    assert!(into_b.status.success(), "{}", text(&into_b.stderr));
    assert_eq!(texts(&Store::connect(&url_b).await.unwrap()).await, ["mesaj 0", "mesaj 1", "mesaj 2"]);
    // Over the live one: refused, then forced with the current data dumped first.
    let refused = run(dir.path(), args(&["restore", "--db", &url_a, dump.to_str().unwrap()])).await;
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused.stdout));
    assert!(text(&refused.stderr).contains("--force"));
    assert_eq!(texts(&store).await.len(), 4);
    drop(store);
    let forced = run(dir.path(), args(&["restore", "--force", "--db", &url_a, dump.to_str().unwrap()])).await;
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    assert!(text(&forced.stdout).contains("kept in"), "{}", text(&forced.stdout));
    assert_eq!(texts(&Store::connect(&url_a).await.unwrap()).await.len(), 3);
    drop_pg(&a).await;
    drop_pg(&b).await;
}
