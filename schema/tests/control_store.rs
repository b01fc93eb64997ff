//! The store side of run-time control (rooms' state, silenced bots,
//! memberships, stored settings, persona imports), each test against a fresh
//! SQLite file and a fresh PostgreSQL database.

mod support;

use engine::control::plan_import;
use engine::ids::RoomId;
use engine::persona::Persona;
use schema::{PersonaImport, RoomRow, StoreError};
use support::stores;

fn personas() -> Vec<Persona> {
    engine::community::Community::from_yaml(include_str!("../../data/community.yaml")).unwrap().personas
}

fn room(id: &str) -> RoomRow {
    RoomRow { id: id.into(), name: "Oda".into(), topic: String::new(), created_at: 1, prices: Default::default() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rooms_state_is_stored_and_archived_rooms_do_not_run() {
    for (store, _dir) in stores("ctl").await {
        assert!(store.create_room(&room("oda-bir")).await.unwrap());
        assert!(!store.create_room(&room("oda-bir")).await.unwrap(), "{}: created twice", store.backend());
        store.create_room(&room("oda-iki")).await.unwrap();
        let s = store.room_state("oda-bir").await.unwrap().unwrap();
        assert_eq!((s.paused, s.settings.as_str(), s.archived_at), (false, "{}", None));
        assert!(store.set_room_paused("oda-bir", true, 5).await.unwrap());
        assert!(store.set_room_settings("oda-bir", r#"{"pacing.mean_gap_ms":9000}"#, 6).await.unwrap());
        assert!(store.rename_room("oda-bir", "Yeni Ad", "BIST", 7).await.unwrap());
        let s = store.room_state("oda-bir").await.unwrap().unwrap();
        assert_eq!((s.paused, s.settings.as_str(), s.updated_at), (true, r#"{"pacing.mean_gap_ms":9000}"#, 7));
        assert_eq!(store.room("oda-bir").await.unwrap().unwrap().name, "Yeni Ad");
        assert!(store.set_room_archived("oda-iki", Some(8), 8).await.unwrap());
        let running: Vec<String> = store.rooms().await.unwrap().into_iter().map(|r| r.id).collect();
        assert_eq!(running, ["oda-bir"]);
        assert_eq!(store.archived_rooms().await.unwrap()[0].id, "oda-iki");
        assert!(!store.set_room_paused("yok-oda", true, 9).await.unwrap());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bots_are_created_once_edited_in_place_and_silenced() {
    for (store, _dir) in stores("ctl").await {
        let mut p = personas().remove(0);
        let id = p.username.to_string();
        assert!(store.create_bot(&p, "🤖 A", 1).await.unwrap());
        assert!(!store.create_bot(&p, "🤖 B", 2).await.unwrap());
        store.save_mood(&id, engine::mood::Mood { valence: 0.4, arousal: 0.9 }, 3).await.unwrap();
        assert!(store.set_bot_active(&id, false, 4).await.unwrap());
        p.talkativeness = 0.1;
        assert!(store.update_persona(&p, "🤖 C", 5).await.unwrap());
        let row = store.bot(&id).await.unwrap().unwrap();
        assert_eq!((row.display_name.as_str(), row.active), ("🤖 C", false), "{}", store.backend());
        assert_eq!(row.persona().unwrap().talkativeness, 0.1);
        assert_eq!(row.mood().arousal, 0.9, "the mood survives an edit");
        let mut other = personas().remove(1);
        other.name = "Yok".into();
        assert!(!store.update_persona(&other, "🤖 Yok", 6).await.unwrap());
        assert!(store.bot(other.username.as_str()).await.unwrap().is_none());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joining_if_absent_keeps_a_left_bot_out() {
    for (store, _dir) in stores("ctl").await {
        store.create_room(&room("oda-bir")).await.unwrap();
        let p = personas().remove(0);
        let id = p.username.as_str();
        store.create_bot(&p, "🤖 A", 1).await.unwrap();
        assert!(store.join_if_absent("oda-bir", id).await.unwrap());
        store.set_member_active("oda-bir", id, false, Some("kicked")).await.unwrap();
        assert!(!store.join_if_absent("oda-bir", id).await.unwrap());
        assert!(!store.members("oda-bir").await.unwrap()[0].active, "{}", store.backend());
        assert!(store.rooms_of(id).await.unwrap().is_empty());
        store.join("oda-bir", id).await.unwrap();
        assert_eq!(store.rooms_of(id).await.unwrap(), ["oda-bir"]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_change_all_at_once() {
    for (store, _dir) in stores("ctl").await {
        let set = |k: &str, v: &str| (k.to_string(), v.to_string());
        store.change_settings(&[], &[set("a.x", "1"), set("a.y", "2")], 1).await.unwrap();
        store.change_settings(&["a.x".into()], &[set("a.y", "3"), set("b", "\"z\"")], 2).await.unwrap();
        let all = store.settings_all().await.unwrap();
        assert_eq!(all, vec![set("a.y", "3"), set("b", "\"z\"")], "{}", store.backend());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_writes_its_preview_or_nothing_when_the_store_moved() {
    for (store, _dir) in stores("ctl").await {
        store.create_room(&room("oda-bir")).await.unwrap();
        let rid = RoomId::parse("oda-bir").unwrap();
        let all = personas();
        let (a, b) = (all[0].clone(), all[1].clone());
        store.create_bot(&a, "🤖 A", 1).await.unwrap();
        store.join("oda-bir", a.username.as_str()).await.unwrap();
        let mut a2 = a.clone();
        a2.tone = "sert".into();
        let plan =
            plan_import(&[a2.clone(), b.clone()], &[], &rid, &store.stored_bots("oda-bir").await.unwrap(), false);
        let write = PersonaImport {
            room: rid.clone(),
            create: vec![(b.clone(), "🤖 B".into())],
            update: vec![(a2.clone(), "🤖 A".into())],
            join: vec![b.username.to_string()],
            leave: vec![],
            fingerprint: plan.fingerprint.clone(),
        };
        // Someone edits the persona between preview and apply: nothing is written.
        let mut a3 = a.clone();
        a3.tone = "yumuşak".into();
        store.update_persona(&a3, "🤖 A", 2).await.unwrap();
        let e = store.apply_persona_import(&write, 3).await.unwrap_err();
        assert!(matches!(e, StoreError::Conflict(_)), "{}: {e}", store.backend());
        assert!(store.bot(b.username.as_str()).await.unwrap().is_none());
        assert_eq!(store.bot(a.username.as_str()).await.unwrap().unwrap().persona().unwrap().tone, "yumuşak");
        // Put it back as previewed: the same fingerprint, so the import goes through.
        store.update_persona(&a, "🤖 A", 4).await.unwrap();
        store.apply_persona_import(&write, 5).await.unwrap();
        assert_eq!(store.bot(a.username.as_str()).await.unwrap().unwrap().persona().unwrap().tone, "sert");
        let members: Vec<String> = store.members("oda-bir").await.unwrap().into_iter().map(|m| m.bot_id).collect();
        assert_eq!(members.len(), 2, "{}", store.backend());
        // Applying the same preview again is refused: the store has moved on.
        assert!(matches!(store.apply_persona_import(&write, 6).await, Err(StoreError::Conflict(_))));
    }
}

/// SQLite: the room keeps writing messages while an operator imports. A
/// write another connection commits between the import's read and its own
/// write must not fail the import (a deferred SQLite transaction that read
/// first cannot write after someone else's commit: "database is locked").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_goes_through_while_another_connection_writes() {
    use diesel::{Connection, connection::SimpleConnection};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let store = schema::Store::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    store.create_room(&room("oda-bir")).await.unwrap();
    let rid = RoomId::parse("oda-bir").unwrap();
    let a = personas()[0].clone();
    let plan = plan_import(std::slice::from_ref(&a), &[], &rid, &store.stored_bots("oda-bir").await.unwrap(), false);
    let write = PersonaImport {
        room: rid,
        create: vec![(a.clone(), "🤖 A".into())],
        update: vec![],
        join: vec![a.username.to_string()],
        leave: vec![],
        fingerprint: plan.fingerprint,
    };
    // Another connection holds the write lock for a moment, then commits a write.
    let (held, is_held) = std::sync::mpsc::channel();
    let other = std::thread::spawn(move || {
        let mut c = diesel::SqliteConnection::establish(path.to_str().unwrap()).unwrap();
        c.batch_execute(
            "PRAGMA busy_timeout = 5000; BEGIN IMMEDIATE; UPDATE rooms SET topic = 'BIST' WHERE id = 'oda-bir';",
        )
        .unwrap();
        held.send(()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
        c.batch_execute("COMMIT").unwrap();
    });
    is_held.recv().unwrap();
    store.apply_persona_import(&write, 5).await.expect("the import waits for the other writer, then writes");
    other.join().unwrap();
    let members: Vec<String> = store.members("oda-bir").await.unwrap().into_iter().map(|m| m.bot_id).collect();
    assert_eq!(members, [a.username.to_string()]);
    assert_eq!(store.room("oda-bir").await.unwrap().unwrap().topic, "BIST", "the other write stays");
}
