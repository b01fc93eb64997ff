//! Rooms at run time: created, configured, paused and resumed, archived.

use crate::support::*;
use actors::ControlError;
use actors::control::NewRoom;
use actors::events::RoomEvent;
use engine::input::{HumanName, HumanText};
use engine::transcript::AuthorKind;
use schema::MessageStatus;
use serde_json::json;
use std::time::Duration;

fn new_room(slug: &str) -> NewRoom {
    NewRoom {
        slug: slug.into(),
        name: "Altın Odası".into(),
        topic: "altın ve gümüş".into(),
        prices: Default::default(),
    }
}

#[actix::test]
async fn a_room_created_at_run_time_runs_its_bots_and_gets_the_market() {
    tokio::time::pause();
    let (c, _dir) = start(5).await;
    let status = c.create_room(new_room("altin-odasi")).await.unwrap();
    assert_eq!((status.name.as_str(), status.paused, status.members.len()), ("Altın Odası", false, 0));
    for p in personas(5).iter().skip(2) {
        c.join_room("altin-odasi", p.username.as_str()).await.unwrap();
    }
    let room = c.room("altin-odasi").expect("the new room runs");
    assert_eq!(c.rooms().len(), 2);
    let mut rx = room.subscribe().await.unwrap();
    let seen = run_for(&mut rx, 10).await;
    assert!(seen.iter().any(|e| matches!(e, RoomEvent::Market(_))), "the market reaches the new room");
    let spoke = bots_in(&seen);
    assert!(spoke.len() >= 3, "{} bot messages in 10 minutes", spoke.len());
    let members: Vec<String> = personas(5).iter().skip(2).map(|p| p.username.to_string()).collect();
    assert!(spoke.iter().all(|m| members.contains(&m.author.id) && m.room == "altin-odasi"));
    let stored = c.store.count_messages("altin-odasi", MessageStatus::Sent).await.unwrap();
    assert_eq!(stored as usize, spoke.len());
    let status = c.room_status("altin-odasi").await.unwrap();
    assert_eq!(status.members.len(), 3);
    assert!(status.members.iter().all(|m| m.alive && !m.silenced));
}

#[actix::test]
async fn bad_room_input_names_the_field_and_changes_nothing() {
    tokio::time::pause();
    let (c, _dir) = start(2).await;
    let field = |e: ControlError| match e {
        ControlError::Invalid { field, .. } => field,
        other => panic!("not a field error: {other:?}"),
    };
    assert_eq!(field(c.create_room(new_room("Altın!")).await.unwrap_err()), "slug");
    let nameless = NewRoom { name: "  ".into(), ..new_room("bos-oda") };
    assert_eq!(field(c.create_room(nameless).await.unwrap_err()), "name");
    let long_topic = NewRoom { topic: "x".repeat(281), ..new_room("uzun-oda") };
    assert_eq!(field(c.create_room(long_topic).await.unwrap_err()), "topic");
    assert!(matches!(c.create_room(new_room(ROOM)).await, Err(ControlError::Conflict(_))));
    assert_eq!(c.rooms().len(), 1);
    assert!(c.store.room("bos-oda").await.unwrap().is_none());

    let before = c.room_status(ROOM).await.unwrap();
    for (key, value, named) in [
        ("pacing.mean_gap", json!(1000), "pacing.mean_gap"),
        ("pacing.mean_gap_ms", json!("hızlı"), "pacing.mean_gap_ms"),
        ("pacing.min_gap_ms", json!(120_000), "pacing.min_gap_ms"),
        ("floor", json!({"max_replies_per_human": 0}), "floor.max_replies_per_human"),
        ("pacing", json!(5), "pacing"),
        ("compliance.stance_cap", json!(0.2), "compliance.stance_cap"),
    ] {
        assert_eq!(field(c.set_room_setting(ROOM, key, &value).await.unwrap_err()), named, "{key}");
    }
    assert_eq!(c.room_status(ROOM).await.unwrap(), before, "nothing changed");
    assert_eq!(c.store.room_state(ROOM).await.unwrap().unwrap().settings, "{}");
    assert!(matches!(c.pause_room("yok-oda").await, Err(ControlError::NotFound { what: "room", .. })));
    assert_eq!(field(c.rename_room(ROOM, "a\nb", "").await.unwrap_err()), "name");
}

#[actix::test]
async fn a_rooms_own_pacing_is_stored_and_used_from_its_next_tick() {
    tokio::time::pause();
    let (c, _dir) = start(5).await;
    let room = c.room(ROOM).unwrap();
    let mut rx = room.subscribe().await.unwrap();
    let busy = bots_in(&run_for(&mut rx, 10).await).len();
    assert!(busy >= 5, "{busy} messages in 10 minutes at the default pace");
    // Half an hour between turns at least: the room falls quiet.
    let slow = json!({"mean_gap_ms": 1_800_000, "min_gap_ms": 1_800_000});
    let status = c.set_room_setting(ROOM, "pacing", &slow).await.unwrap();
    assert_eq!((status.settings.pacing.mean_gap_ms, status.settings.pacing.min_gap_ms), (1_800_000, 1_800_000));
    assert_eq!(status.overrides.0.len(), 2);
    assert_eq!(room.config().await.unwrap(), status.settings);
    let stored = c.store.room_state(ROOM).await.unwrap().unwrap().settings;
    assert!(stored.contains("1800000"), "{stored}");
    events(&mut rx);
    let quiet = bots_in(&run_for(&mut rx, 20).await).len();
    assert!(quiet <= 1, "{quiet} messages in 20 minutes at a half-hour pace");
    // Reset: the community's pace applies again.
    let status = c.reset_room_setting(ROOM, "pacing").await.unwrap();
    assert!(status.overrides.is_empty());
    assert_eq!(status.settings.pacing, engine::pacing::PacingSettings::default());
    let again = bots_in(&run_for(&mut rx, 10).await).len();
    assert!(again >= 5, "{again} messages in 10 minutes after the reset");
}

#[actix::test]
async fn pausing_silences_every_bot_at_once_people_still_post_and_resume_restarts_the_clock() {
    tokio::time::pause();
    let (c, _dir) = start(5).await;
    let room = c.room(ROOM).unwrap();
    let mut rx = room.subscribe().await.unwrap();
    // Pause while a bot is typing: its message must never arrive.
    let typing = first(&mut rx, |e| match e {
        RoomEvent::Typing(t) => Some(t.bot.id.clone()),
        _ => None,
    })
    .await;
    let sent_before = c.store.count_messages(ROOM, MessageStatus::Sent).await.unwrap();
    let status = c.pause_room(ROOM).await.unwrap();
    assert!(status.paused && room.is_paused());
    assert!(c.store.room_state(ROOM).await.unwrap().unwrap().paused, "stored before it answered");

    let name = HumanName::parse("Defne", MARKER).unwrap();
    let text = HumanText::parse(&format!("@{typing} orada mısın?")).unwrap();
    let posted = room.post(name, text, None).await.unwrap();
    let during = run_for(&mut rx, 15).await;
    assert!(bots_in(&during).is_empty(), "a bot spoke in a paused room: {:?}", bots_in(&during));
    assert!(!during.iter().any(|e| matches!(e, RoomEvent::Typing(_))), "a bot typed in a paused room");
    assert!(
        during.iter().any(|e| matches!(e, RoomEvent::Message(m) if m.id == posted.id)),
        "people's posts are still shown"
    );
    let stored = c.store.message(posted.id).await.unwrap().unwrap();
    assert_eq!(stored.author_kind, AuthorKind::Human);
    assert_eq!(c.store.count_messages(ROOM, MessageStatus::Sent).await.unwrap(), sent_before + 1);

    let status = c.resume_room(ROOM).await.unwrap();
    assert!(!status.paused && !room.is_paused());
    let answer = tokio::time::timeout(
        Duration::from_secs(120),
        first(&mut rx, |e| match e {
            RoomEvent::Message(m) if m.author.kind == AuthorKind::Bot => Some(m.clone()),
            _ => None,
        }),
    )
    .await
    .expect("a bot speaks within two minutes of the resume");
    assert_eq!(answer.room, ROOM);
}

#[actix::test]
async fn an_archived_room_stops_and_a_restored_one_runs_again() {
    tokio::time::pause();
    let (c, _dir) = start(3).await;
    c.create_room(new_room("gecici-oda")).await.unwrap();
    c.join_room("gecici-oda", personas(1)[0].username.as_str()).await.unwrap();
    let room = c.room("gecici-oda").unwrap();
    let status = c.archive_room("gecici-oda").await.unwrap();
    assert!(status.archived && status.members.is_empty());
    assert!(c.room("gecici-oda").is_none() && c.rooms().len() == 1);
    tokio::time::sleep(Duration::from_millis(10)).await;
    assert!(!room.is_running(), "the archived room's actor stopped");
    assert!(matches!(
        c.set_room_setting("gecici-oda", "pacing.mean_gap_ms", &json!(9000)).await,
        Err(ControlError::NotFound { .. })
    ));
    assert!(matches!(c.create_room(new_room("gecici-oda")).await, Err(ControlError::Conflict(_))));
    assert_eq!(c.rooms_status().await.unwrap().iter().filter(|r| r.archived).count(), 1);

    let status = c.restore_room("gecici-oda").await.unwrap();
    assert!(!status.archived);
    assert_eq!(status.members.len(), 1, "its members came back with it");
    let mut rx = c.room("gecici-oda").unwrap().subscribe().await.unwrap();
    assert!(!bots_in(&run_for(&mut rx, 10).await).is_empty(), "the restored room talks");
    assert!(matches!(c.restore_room("gecici-oda").await, Err(ControlError::Conflict(_))));
}

#[test]
fn a_pause_and_a_rooms_own_settings_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let p = path.clone();
    in_system(move || async move {
        let c = start_at(seeded(&p, 4).await, Default::default(), TUESDAY_11).await;
        c.set_room_setting(ROOM, "floor.max_bot_depth", &json!(1)).await.unwrap();
        c.pause_room(ROOM).await.unwrap();
    });
    in_system(move || async move {
        let store = schema::Store::connect(&format!("sqlite://{}", path.join("room.db").display())).await.unwrap();
        let c = start_at(store, Default::default(), TUESDAY_11.plus_ms(3_600_000)).await;
        let room = c.room(ROOM).unwrap();
        assert!(room.is_paused(), "still paused after a restart");
        assert_eq!(room.config().await.unwrap().floor.max_bot_depth, 1);
        let mut rx = room.subscribe().await.unwrap();
        assert!(bots_in(&run_for(&mut rx, 10).await).is_empty(), "a bot spoke in a room paused before the restart");
        c.resume_room(ROOM).await.unwrap();
        assert!(!bots_in(&run_for(&mut rx, 10).await).is_empty(), "resumed after the restart, the room talks");
    });
}

#[actix::test]
async fn a_persona_in_two_rooms_keeps_one_hourly_limit() {
    tokio::time::pause();
    let (c, _dir) = start(3).await;
    c.create_room(new_room("ikinci-oda")).await.unwrap();
    for p in personas(3) {
        c.join_room("ikinci-oda", p.username.as_str()).await.unwrap();
    }
    let mut first = c.room(ROOM).unwrap().subscribe().await.unwrap();
    let mut second = c.room("ikinci-oda").unwrap().subscribe().await.unwrap();
    let mut seen = Vec::new();
    for _ in 0..60 {
        tokio::time::sleep(Duration::from_secs(60)).await;
        seen.extend(events(&mut first));
        seen.extend(events(&mut second));
    }
    let spoke = bots_in(&seen);
    for p in personas(3) {
        let mine: Vec<_> = spoke.iter().filter(|m| m.author.id == p.username.as_str()).collect();
        let rooms: std::collections::BTreeSet<&str> = mine.iter().map(|m| m.room.as_str()).collect();
        assert_eq!(rooms.len(), 2, "{} spoke in both rooms", p.username);
        assert!(
            mine.len() <= p.per_hour as usize,
            "{} sent {} messages in an hour over two rooms; its limit is {}",
            p.username,
            mine.len(),
            p.per_hour
        );
    }
}
