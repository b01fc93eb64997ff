//! What is said stays said: across a restart, and on PostgreSQL too.

use crate::helpers::{ROOM, TestApp, assert_error, spawn_app_with, test_settings};
use actix_web::rt::System;
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use fakes::FakeLlm;
use serde_json::{Value, json};
use std::time::Duration;
use web::startup::Application;

const PATIENCE: Duration = Duration::from_secs(15);

/// An application in its own actix system on its own thread, so that stopping
/// it stops everything, actors and store pool included, as a process exit would.
struct Detached {
    app: TestApp,
    system: System,
    thread: std::thread::JoinHandle<()>,
}

impl Detached {
    fn start(db_url: &str) -> Detached {
        let fake_llm = FakeLlm::start();
        let settings = test_settings(db_url, &fake_llm.base_url());
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let runner = System::new();
            let built = runner.block_on(async move {
                let app = Application::build(&settings).await?;
                let store = app.state.auth.store.clone();
                let (key, prefix, hash) = web::auth::keys::new_key();
                let new = schema::NewApiKey {
                    name: "t",
                    prefix: &prefix,
                    key_hash: &hash,
                    role: engine::role::Role::Admin,
                    created_by: "t",
                    created_at: 0,
                };
                store.insert_api_key(&new).await?;
                let started = (app.port, app.server_handle(), store, key);
                actix_web::rt::spawn(app.run_until_stopped());
                anyhow::Ok(started)
            });
            let ok = built.is_ok();
            tx.send((built, System::current())).expect("the test waits");
            if ok {
                runner.run().expect("the system runs");
            }
        });
        let (built, system) = rx.recv().expect("the application thread reports");
        let (port, server, store, key) = built.expect("the application builds");
        let mut app = TestApp::new(port, db_url, fake_llm, server, store);
        app.admin_key = key;
        Detached { app, system, thread }
    }

    /// Stops the server gracefully, then the whole system; the database is left as is.
    async fn shut_down(self) -> TestApp {
        self.app.stop().await;
        self.system.stop();
        self.thread.join().expect("the application thread ends cleanly");
        self.app
    }
}

#[actix_web::test]
async fn restarting_the_app_on_the_same_database_keeps_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let db_url = format!("sqlite://{}", dir.path().join("piyasa.db").display());

    let first = Detached::start(&db_url);
    let mut stream = first.app.open_stream().await;
    let asked = first.app.say("Defne", "Altın için bu hafta ne bekliyorsunuz?").await;
    let asked_id = asked["id"].as_i64().unwrap();
    let (_, reply) = stream
        .wait_for(PATIENCE, |n, d| n == "message" && d["author"]["kind"] == "bot" && d["reply_to"]["id"] == asked_id)
        .await;
    drop(stream);
    let before = first.app.messages().await;
    assert!(before.len() >= 2, "{before:?}");
    assert!(before.contains(&asked) && before.iter().any(|m| m["id"] == reply["id"]));

    let stopped = first.shut_down().await;
    assert!(stopped.client.get(stopped.url("/health")).send().await.is_err(), "the first server is gone");

    let second = spawn_app_with(&stopped.db_url).await;
    let after = second.messages().await;
    for m in &before {
        let again = after.iter().find(|a| a["id"] == m["id"]).unwrap_or_else(|| panic!("{m} survives the restart"));
        assert_eq!(again, m, "unchanged by the restart");
    }
    // Defne's name outlives the restart: another browser cannot take it.
    let taken = json!({"author": "Defne", "text": "Ben de Defne'yim.", "reply_to": asked_id});
    crate::helpers::assert_error(second.post_message(&taken).await, 409, "name_taken").await;
    // The new room knows the old messages: a person can reply to one.
    let body = json!({"author": "Derya", "text": "Geçen sefer sorulan soru.", "reply_to": asked_id});
    let r = second.post_message(&body).await;
    assert_eq!(r.status(), 201);
    let posted: Value = r.json().await.unwrap();
    assert_eq!(posted["reply_to"]["id"], asked_id);
    assert!(posted["id"].as_i64().unwrap() > before.last().unwrap()["id"].as_i64().unwrap(), "ids keep growing");
    // Starting again on the same database does not duplicate the community.
    let bots: Vec<Value> = second.get_bots().await.json().await.unwrap();
    assert_eq!(bots.len(), 15);
    let rooms: Vec<Value> = second.get_rooms().await.json().await.unwrap();
    assert_eq!(rooms.len(), 1);
}

fn pg_admin_url() -> String {
    std::env::var("PIYASA_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh PostgreSQL database: its name and URL.
async fn fresh_pg() -> (String, String) {
    let admin = pg_admin_url();
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let name = format!("piyasa_api_{}_{}", std::process::id(), nanos % 1_000_000_007);
    let mut c = AsyncPgConnection::establish(&admin)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL must run at {admin} (set PIYASA_TEST_PG): {e}"));
    c.batch_execute(&format!("CREATE DATABASE {name}")).await.expect("CREATE DATABASE");
    let base = admin.rsplit_once('/').expect("a database in the URL").0;
    (name.clone(), format!("{base}/{name}"))
}

#[actix_web::test]
async fn the_store_works_on_postgresql() {
    let (name, url) = fresh_pg().await;
    let app = spawn_app_with(&url).await;

    let health: Value = app.get_health().await.json().await.unwrap();
    assert_eq!(health["database"], json!({"backend": "postgres", "ok": true}), "{health}");
    assert_eq!(health["status"], "ok", "{health}");

    let mut stream = app.open_stream().await;
    let posted = app.say("Defne", "PostgreSQL üzerinden merhaba, dolar ne olur?").await;
    let id = posted["id"].as_i64().unwrap();
    let history = app.messages().await;
    assert_eq!(history.iter().find(|m| m["id"] == id), Some(&posted), "read back");
    let (_, reply) = stream
        .wait_for(PATIENCE, |n, d| n == "message" && d["author"]["kind"] == "bot" && d["reply_to"]["id"] == id)
        .await;
    let history = app.messages().await;
    assert!(history.iter().any(|m| m["id"] == reply["id"]), "the bot's reply is stored too");
    let bots: Vec<Value> = app.get_bots().await.json().await.unwrap();
    assert_eq!(bots.len(), 15);
    let members: Vec<Value> = app.admin_get(&format!("/api/rooms/{ROOM}/members")).await.json().await.unwrap();
    assert_eq!(members.len(), 15);

    drop(stream);
    // Losing the database shows in health, as a 503 that names the database.
    let mut admin = AsyncPgConnection::establish(&pg_admin_url()).await.unwrap();
    admin.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)")).await.expect("DROP DATABASE");
    let r = app.get_health().await;
    assert_eq!(r.status(), 503);
    let health: Value = r.json().await.unwrap();
    assert_eq!(health["status"], "degraded", "{health}");
    assert_eq!(health["database"], json!({"backend": "postgres", "ok": false}), "{health}");
    // Requests that need it fail with a bare 500: the cause is logged, not shown.
    let err = assert_error(app.get_messages(10).await, 500, "internal_error").await;
    assert_eq!(err["message"], "internal error");
    let err = assert_error(
        app.post_message(&json!({"author": "Defne", "text": "Kimse var mı?"})).await,
        500,
        "internal_error",
    );
    assert_eq!(err.await["message"], "internal error");
    app.stop().await;
}

/// Library bug, reported rather than fixed here: on start a room reloads its
/// history but not which bots already answered each person
/// (`FloorState::human_replies`), so a question from the last five minutes
/// is answered again after a restart, beyond `max_replies_per_human`.
#[actix_web::test]
async fn a_restart_does_not_answer_the_same_question_again() {
    let dir = tempfile::tempdir().unwrap();
    let db_url = format!("sqlite://{}", dir.path().join("piyasa.db").display());
    let first = Detached::start(&db_url);
    let mut stream = first.app.open_stream().await;
    let asked_id = first.app.say("Defne", "Altın için bu hafta ne bekliyorsunuz?").await["id"].as_i64().unwrap();
    stream.wait_for(PATIENCE, |n, d| n == "message" && d["reply_to"]["id"] == asked_id).await;
    stream.collect_for(Duration::from_millis(1500)).await;
    drop(stream);
    let replies = |h: &[Value]| h.iter().filter(|m| m["reply_to"]["id"] == asked_id).count();
    let before = replies(&first.app.messages().await);
    let stopped = first.shut_down().await;

    let second = spawn_app_with(&stopped.db_url).await;
    second.stream_events(Duration::from_secs(2)).await;
    let after = replies(&second.messages().await);
    // The cap (2 bot replies per human message) holds across the restart.
    assert!(
        after >= before && after <= 2,
        "the restarted room answered the same question again ({before} replies, then {after})"
    );
}
