//! Store tests, each against a fresh SQLite file and a fresh PostgreSQL
//! database (PostgreSQL at `PIYASA_TEST_PG`, default 127.0.0.1:5432, trust auth).

use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use engine::persona::Persona;
use engine::transcript::AuthorKind;
use schema::{MessageStatus, NewMessage, RoomRow, Store};

fn pg_admin_url() -> String {
    std::env::var("PIYASA_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh PostgreSQL database; its URL.
async fn fresh_pg() -> String {
    let admin = pg_admin_url();
    let name = format!("piyasa_test_{}_{}", std::process::id(), rand_suffix());
    let mut c = AsyncPgConnection::establish(&admin).await.expect("PostgreSQL must run for the store tests");
    c.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
    let base = admin.rsplit_once('/').unwrap().0;
    format!("{base}/{name}")
}

fn rand_suffix() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64 % 1_000_000_007
}

/// Both backends, fresh.
async fn stores() -> Vec<(Store, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let sqlite = Store::connect(&url).await.unwrap();
    let pg = Store::connect(&fresh_pg().await).await.unwrap();
    vec![(sqlite, Some(dir)), (pg, None)]
}

fn persona() -> Persona {
    let yaml = include_str!("../../data/community.yaml");
    engine::community::Community::from_yaml(yaml).unwrap().personas.remove(0)
}

fn msg(room: &str, text: &str, at: i64) -> NewMessage {
    NewMessage {
        room_id: room.into(),
        author_kind: AuthorKind::Bot,
        author_id: persona().username.to_string(),
        author_name: "🤖 X".into(),
        reply_to: None,
        bot_depth: 0,
        text: text.into(),
        status: MessageStatus::Sent,
        status_reason: None,
        created_at: at,
        sent_at: Some(at),
        provider: Some("fake".into()),
        model: Some("m".into()),
        tokens_in: Some(100),
        tokens_out: Some(12),
        latency_ms: Some(40),
    }
}

async fn seeded(store: &Store) -> String {
    let room = RoomRow {
        id: "oda-test".into(),
        name: "Oda".into(),
        topic: String::new(),
        created_at: 1,
        prices: Default::default(),
    };
    store.upsert_room(&room).await.unwrap();
    let p = persona();
    store.upsert_bot(&p, &p.display_name("🤖"), 1).await.unwrap();
    store.join("oda-test", p.username.as_str()).await.unwrap();
    room.id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_database_stores_and_returns_messages_in_order() {
    for (store, _dir) in stores().await {
        let room = seeded(&store).await;
        let a = store.insert_message(&msg(&room, "birinci", 10)).await.unwrap();
        let mut reply = msg(&room, "ikinci", 20);
        reply.reply_to = Some(a.id);
        let b = store.insert_message(&reply).await.unwrap();
        assert!(b.id > a.id, "{}", store.backend());
        let got = store.recent_messages(&room, 10).await.unwrap();
        assert_eq!(got.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["birinci", "ikinci"]);
        assert_eq!(got[1].reply_to, Some(a.id));
        assert_eq!(got[1].tokens_in, Some(100));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rooms_delivered_messages_are_listed_over_a_time_window() {
    for (store, _dir) in stores().await {
        let room = seeded(&store).await;
        for (text, at) in [("önce", 10), ("başta", 100), ("ortada", 150), ("sonda", 200)] {
            store.insert_message(&msg(&room, text, at)).await.unwrap();
        }
        let failed = store.insert_message(&msg(&room, "gitmedi", 120)).await.unwrap();
        store.set_status(failed.id, MessageStatus::Failed, Some("x"), None).await.unwrap();
        let got = store.room_messages_between(&room, 100, 200).await.unwrap();
        let texts: Vec<&str> = got.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["başta", "ortada"], "{}: since inclusive, until exclusive, sent only", store.backend());
        assert!(store.room_messages_between("yok", 0, i64::MAX).await.unwrap().is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_persona_round_trips_with_its_unknown_fields() {
    for (store, _dir) in stores().await {
        let mut p = persona();
        p.extra.insert("future_field".into(), serde_json::json!({"x": [1, 2]}));
        store.upsert_bot(&p, "🤖 Y", 5).await.unwrap();
        let back = store.bot(p.username.as_str()).await.unwrap().unwrap().persona().unwrap();
        assert_eq!(back, p, "{}", store.backend());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_sent_messages_are_history_and_statuses_move() {
    for (store, _dir) in stores().await {
        let room = seeded(&store).await;
        let mut planned = msg(&room, "planlandı", 30);
        planned.status = MessageStatus::Planned;
        let m = store.insert_message(&planned).await.unwrap();
        assert!(store.recent_messages(&room, 10).await.unwrap().is_empty());
        store.set_status(m.id, MessageStatus::Sent, None, Some(31)).await.unwrap();
        assert_eq!(store.count_messages(&room, MessageStatus::Sent).await.unwrap(), 1);
        let times = store.bot_message_times(persona().username.as_str(), 0).await.unwrap();
        assert_eq!(times, vec![30]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_reads_recent_messages_and_delivered_ones_per_hour() {
    const HOUR: i64 = 3_600_000;
    for (store, _dir) in stores().await {
        let room = seeded(&store).await;
        for at in [HOUR + 5, HOUR + 10, 3 * HOUR + 1] {
            store.insert_message(&msg(&room, "bir", at)).await.unwrap();
        }
        let mut dropped = msg(&room, "düştü", 3 * HOUR + 2);
        dropped.status = MessageStatus::Dropped;
        store.insert_message(&dropped).await.unwrap();
        let mut hours = store.sent_per_hour(0).await.unwrap();
        hours.sort_unstable();
        assert_eq!(hours, vec![(1, 2), (3, 1)], "{}: delivered ones, per hour", store.backend());
        assert_eq!(store.sent_per_hour(2 * HOUR).await.unwrap(), vec![(3, 1)], "{}", store.backend());
        let recent = store.messages_since(&room, 3 * HOUR).await.unwrap();
        assert_eq!(recent.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["bir", "düştü"], "any status");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_for_an_unknown_room_is_refused_and_changes_nothing() {
    for (store, _dir) in stores().await {
        let room = seeded(&store).await;
        assert!(store.insert_message(&msg("yok-boyle-oda", "x", 1)).await.is_err(), "{}", store.backend());
        assert_eq!(store.count_messages(&room, MessageStatus::Sent).await.unwrap(), 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_are_idempotent_and_history_survives_a_reconnect() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    for url in [url, fresh_pg().await] {
        let store = Store::connect(&url).await.unwrap();
        let room = seeded(&store).await;
        store.insert_message(&msg(&room, "kalıcı", 1)).await.unwrap();
        drop(store);
        let again = Store::connect(&url).await.unwrap();
        assert_eq!(again.recent_messages(&room, 5).await.unwrap()[0].text, "kalıcı");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sabotaged_database_url_fails_with_a_clear_error() {
    let err = Store::connect("postgres://postgres:pw@127.0.0.1:1/nope").await.unwrap_err().to_string();
    assert!(err.contains("could not connect") && err.contains("***") && !err.contains("pw@"), "{err}");
    let err = Store::connect("mysql://x").await.unwrap_err().to_string();
    assert!(err.contains("unsupported database URL"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_upsert() {
    for (store, _dir) in stores().await {
        store.set_setting("ai_marker", "\"🤖\"", 1).await.unwrap();
        store.set_setting("ai_marker", "\"[AI]\"", 2).await.unwrap();
        assert_eq!(store.setting("ai_marker").await.unwrap().as_deref(), Some("\"[AI]\""));
        assert_eq!(store.setting("none").await.unwrap(), None);
    }
}

fn human(room: &str, who: &str, text: &str, at: i64) -> NewMessage {
    NewMessage { author_kind: AuthorKind::Human, author_id: who.into(), author_name: who.into(), ..msg(room, text, at) }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgetting_a_person_deletes_their_messages_and_unlinks_replies_only() {
    for (store, _dir) in stores().await {
        let room = seeded(&store).await;
        let asked = store.insert_message(&human(&room, "web:Ayşe", "THYAO ne olur?", 10)).await.unwrap();
        store.insert_message(&human(&room, "web:Ayşe", "teşekkürler", 12)).await.unwrap();
        store.insert_message(&human(&room, "web:Ali", "ben de merak ettim", 13)).await.unwrap();
        let reply = store.insert_message(&NewMessage { reply_to: Some(asked.id), ..msg(&room, "bakalım", 11) }).await;
        let reply = reply.unwrap();
        // A bot's id is not a person: nothing of the bot goes.
        let bot = persona().username.to_string();
        assert_eq!(store.forget_human(&bot).await.unwrap(), schema::Forgotten::default());
        let done = store.forget_human("web:Ayşe").await.unwrap();
        assert_eq!((done.messages, done.replies_unlinked), (2, 1), "{}", store.backend());
        let left: Vec<_> = store.recent_messages(&room, 10).await.unwrap();
        assert!(left.iter().all(|m| m.author_id != "web:Ayşe"));
        assert_eq!(left.len(), 2);
        assert_eq!(store.message(reply.id).await.unwrap().unwrap().reply_to, None);
        assert_eq!(store.forget_human("web:Ayşe").await.unwrap(), schema::Forgotten::default());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_deletes_only_peoples_messages_older_than_the_cutoff() {
    for (store, _dir) in stores().await {
        let room = seeded(&store).await;
        store.insert_message(&human(&room, "web:Ece", "eski", 100)).await.unwrap();
        store.insert_message(&human(&room, "web:Ece", "yeni", 300)).await.unwrap();
        store.insert_message(&msg(&room, "eski bot mesajı", 50)).await.unwrap();
        let done = store.purge_human_messages(200).await.unwrap();
        assert_eq!(done.messages, 1, "{}", store.backend());
        let texts: Vec<String> = store.recent_messages(&room, 10).await.unwrap().into_iter().map(|m| m.text).collect();
        // In id order: the newer person's message and the (old) bot message stay.
        assert_eq!(texts, ["yeni", "eski bot mesajı"]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guard_blocks_are_counted_per_room_and_reason() {
    for (store, _dir) in stores().await {
        store.record_guard_block("a", "kaan", "stance_cap", 1).await.unwrap();
        store.record_guard_block("a", "kaan", "stance_cap", 2).await.unwrap();
        store.record_guard_block("a", "ece", "call_to_action", 3).await.unwrap();
        store.record_guard_block("b", "kaan", "stance_cap", 4).await.unwrap();
        let got: Vec<(String, String, i64)> =
            store.guard_counts().await.unwrap().into_iter().map(|g| (g.room_id, g.reason, g.count)).collect();
        let want = [("a", "call_to_action", 1), ("a", "stance_cap", 2), ("b", "stance_cap", 1)];
        assert_eq!(got, want.map(|(r, k, n)| (r.to_string(), k.to_string(), n)), "{}", store.backend());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_value_outside_its_fixed_set_is_a_clear_error_not_a_string() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}", dir.path().join("t.db").display());
    for url in [sqlite, fresh_pg().await] {
        let store = Store::connect(&url).await.unwrap();
        let room = seeded(&store).await;
        store.insert_message(&msg(&room, "doğru", 1)).await.unwrap();
        // The schema's CHECK constraints keep such values out; sabotage them first.
        let sabotage = "UPDATE messages SET author_kind = 'robot'";
        match url.strip_prefix("sqlite://") {
            Some(path) => {
                use diesel::Connection as _;
                use diesel::connection::SimpleConnection as _;
                let mut c = diesel::SqliteConnection::establish(path).unwrap();
                c.batch_execute(&format!("PRAGMA ignore_check_constraints = ON; {sabotage}")).unwrap();
            }
            None => {
                let drop = "ALTER TABLE messages DROP CONSTRAINT messages_author_kind_check";
                let mut c = AsyncPgConnection::establish(&url).await.unwrap();
                c.batch_execute(&format!("{drop}; {sabotage}")).await.unwrap();
            }
        }
        let err = store.recent_messages(&room, 10).await.unwrap_err();
        let mut e = err.to_string();
        let mut source = std::error::Error::source(&err);
        while let Some(s) = source {
            e = format!("{e}: {s}");
            source = s.source();
        }
        assert!(e.contains("author_kind") && e.contains("unknown author kind 'robot'"), "{}: {e}", store.backend());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_taken_by_a_new_owner_refuses_the_former_owners_writes() {
    for (store, _dir) in stores().await {
        let room = seeded(&store).await;
        let first = store.take_fence(&room, "w1", 10).await.unwrap();
        let kept = store.insert_message_fenced(&msg(&room, "ilk sahip", 11), first).await.unwrap();
        // Another worker takes the room: the token goes up and the first owner is refused.
        let second = store.take_fence(&room, "w2", 20).await.unwrap();
        assert_eq!(second, first + 1, "{}", store.backend());
        let late = store.insert_message_fenced(&msg(&room, "geç kalan", 21), first).await;
        assert!(
            matches!(&late, Err(schema::StoreError::Fenced { token, .. }) if *token == first),
            "{}: {late:?}",
            store.backend()
        );
        store.insert_message_fenced(&msg(&room, "yeni sahip", 22), second).await.unwrap();
        let texts: Vec<String> = store.recent_messages(&room, 10).await.unwrap().into_iter().map(|m| m.text).collect();
        assert_eq!(texts, ["ilk sahip", "yeni sahip"], "{}", store.backend());
        assert_eq!(
            store.message_fences(&room).await.unwrap(),
            vec![(kept.id, Some(first)), (kept.id + 1, Some(second))],
            "{}",
            store.backend()
        );
        assert_eq!(store.fence(&room).await.unwrap(), Some(schema::Fence { token: second, worker: "w2".into() }));
        // A room never taken refuses every token: nobody owns it.
        let other = store.insert_message_fenced(&msg("baska-oda", "sahipsiz", 30), 1).await;
        assert!(matches!(other, Err(schema::StoreError::Fenced { .. })), "{}", store.backend());
    }
}
