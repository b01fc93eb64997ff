//! Run-time settings: stored overrides over the file, applied live.

use crate::support::*;
use actors::ControlError;
use actors::events::RoomEvent;
use actors::privacy::PurgeNow;
use engine::input::{HumanName, HumanText};
use engine::transcript::AuthorKind;
use schema::{MessageStatus, NewMessage};
use serde_json::json;
use std::time::Duration;

#[actix::test]
async fn a_new_disclaimer_reaches_the_next_reply_to_a_person() {
    tokio::time::pause();
    let (c, _dir) = start(3).await;
    let view = c.set_setting("compliance.disclaimer_text", &json!("deneme uyarısı")).await.unwrap();
    assert_eq!(view.current.compliance.disclaimer_text, "deneme uyarısı");
    assert_eq!(view.base.compliance.disclaimer_text, "yatırım tavsiyesi değildir");
    let stored = c.store.setting("compliance.disclaimer_text").await.unwrap();
    assert_eq!(stored.as_deref(), Some("\"deneme uyarısı\""), "stored under its key");
    let room = c.room(ROOM).unwrap();
    let mut rx = room.subscribe().await.unwrap();
    let bot = personas(1)[0].username.to_string();
    let asked = room
        .post(
            HumanName::parse("Defne", MARKER).unwrap(),
            HumanText::parse(&format!("@{bot} altın ne olur?")).unwrap(),
            None,
        )
        .await
        .unwrap();
    let reply = tokio::time::timeout(
        Duration::from_secs(300),
        first(&mut rx, |e| match e {
            RoomEvent::Message(m) if m.reply_to.as_ref().is_some_and(|r| r.id == asked.id) => Some(m.clone()),
            _ => None,
        }),
    )
    .await
    .expect("a bot answers the person");
    assert!(reply.text.contains("deneme uyarısı"), "the reply carries the new disclaimer: {}", reply.text);
    assert!(!reply.text.contains("yatırım tavsiyesi değildir"), "{}", reply.text);
}

#[actix::test]
async fn a_budget_set_at_run_time_degrades_the_room_at_once() {
    tokio::time::pause();
    let (c, _dir) = start(4).await;
    let room = c.room(ROOM).unwrap();
    let mut rx = room.subscribe().await.unwrap();
    run_for(&mut rx, 5).await;
    // A budget already spent: the room goes on with reactions, no model.
    let view = c.set_setting("llm.budget", &json!({"room_daily_tokens": 1})).await.unwrap();
    assert_eq!(c.budget().room_daily_tokens, 1);
    assert_eq!(view.overrides.0.keys().collect::<Vec<_>>(), ["llm.budget.room_daily_tokens"]);
    let first_id = c.store.recent_messages(ROOM, 1).await.unwrap().last().map_or(0, |m| m.id);
    let spoke = bots_in(&run_for(&mut rx, 20).await).len();
    assert!(spoke >= 2, "the room keeps talking: {spoke}");
    let rows = c.store.recent_messages(ROOM, 200).await.unwrap();
    let after: Vec<_> = rows.iter().filter(|r| r.id > first_id && r.author_kind == AuthorKind::Bot).collect();
    assert!(!after.is_empty());
    // A turn granted before the change may still finish with the model.
    let model = after.iter().skip(1).filter(|r| r.provider.as_deref() == Some("fake")).count();
    assert_eq!(model, 0, "{:?}", after.iter().map(|r| &r.provider).collect::<Vec<_>>());
    // Reset: the file's (no limit) applies again.
    let view = c.reset_setting("llm.budget").await.unwrap();
    assert!(view.overrides.is_empty() && c.budget().room_daily_tokens == 0);
    assert_eq!(c.store.setting("llm.budget.room_daily_tokens").await.unwrap(), None, "the override is gone");
}

#[actix::test]
async fn a_shorter_retention_set_at_run_time_applies_to_the_next_purge() {
    tokio::time::pause();
    let (c, _dir) = start(1).await;
    let old = NewMessage {
        room_id: ROOM.into(),
        author_kind: AuthorKind::Human,
        author_id: "web:Eski".into(),
        author_name: "Eski".into(),
        reply_to: None,
        bot_depth: 0,
        text: "beş gün önce yazdım".into(),
        status: MessageStatus::Sent,
        status_reason: None,
        created_at: TUESDAY_11.0 - 5 * 24 * 3_600_000,
        sent_at: None,
        provider: None,
        model: None,
        tokens_in: None,
        tokens_out: None,
        latency_ms: None,
    };
    let row = c.store.insert_message(&old).await.unwrap();
    assert_eq!(c.retention.send(PurgeNow).await.unwrap().unwrap().messages, 0, "kept 30 days");
    c.set_setting("privacy.retention_days", &json!(3)).await.unwrap();
    assert_eq!(c.retention.send(PurgeNow).await.unwrap().unwrap().messages, 1);
    assert!(c.store.message(row.id).await.unwrap().is_none());
}

#[actix::test]
async fn bad_settings_are_refused_by_key_and_change_nothing() {
    tokio::time::pause();
    let (c, _dir) = start(1).await;
    let before = c.live_settings();
    for (key, value, named) in [
        ("compliance.stance_cap", json!(0), "compliance.stance_cap"),
        ("compliance.disclaimer", json!("bazen"), "compliance.disclaimer"),
        ("compliance.disclaimer_text", json!("iki\nsatır"), "compliance.disclaimer_text"),
        ("llm.budget.global_hourly_usd", json!(-1.0), "llm.budget.global_hourly_usd"),
        ("privacy.retention_days", json!(0), "privacy.retention_days"),
        ("privacy.policy", json!("x"), "privacy.policy"),
        ("room.pacing.branching_ratio", json!(1.2), "room.pacing.branching_ratio"),
        ("database.url", json!("sqlite://x.db"), "database.url"),
        ("llm.budget", json!({"room_daily_tokens": -5}), "llm.budget.room_daily_tokens"),
    ] {
        match c.set_setting(key, &value).await {
            Err(ControlError::Invalid { field, .. }) => assert_eq!(field, named, "{key}"),
            other => panic!("{key} = {value}: {other:?}"),
        }
    }
    assert!(matches!(c.reset_setting("telegram.enabled").await, Err(ControlError::Invalid { .. })));
    assert_eq!(c.live_settings(), before, "nothing changed");
    assert!(c.store.settings_all().await.unwrap().is_empty(), "nothing stored");
}

#[actix::test]
async fn a_default_a_room_overrides_against_itself_is_refused_naming_the_room() {
    tokio::time::pause();
    let (c, _dir) = start(1).await;
    c.set_room_setting(ROOM, "pacing.min_gap_ms", &json!(20_000)).await.unwrap();
    match c.set_setting("room.pacing.mean_gap_ms", &json!(10_000)).await {
        Err(ControlError::Invalid { field, problem }) => {
            assert_eq!(field, "room.pacing.mean_gap_ms");
            assert!(problem.contains(ROOM) && problem.contains("pacing.min_gap_ms"), "{problem}");
        }
        other => panic!("{other:?}"),
    }
    let view = c.set_setting("room.pacing.mean_gap_ms", &json!(30_000)).await.unwrap();
    assert_eq!(view.current.room.pacing.mean_gap_ms, 30_000);
    let status = c.room_status(ROOM).await.unwrap();
    assert_eq!((status.settings.pacing.mean_gap_ms, status.settings.pacing.min_gap_ms), (30_000, 20_000));
}

#[test]
fn stored_settings_win_over_the_file_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let p = path.clone();
    in_system(move || async move {
        let c = start_at(seeded(&p, 2).await, Default::default(), TUESDAY_11).await;
        c.set_setting("compliance.stance_cap", &json!(0.25)).await.unwrap();
        c.set_setting("privacy.retention_days", &json!(7)).await.unwrap();
    });
    in_system(move || async move {
        let store = schema::Store::connect(&format!("sqlite://{}", path.join("room.db").display())).await.unwrap();
        let c = start_at(store, Default::default(), TUESDAY_11).await;
        let view = c.live_settings();
        assert_eq!(view.current.compliance.stance_cap, 0.25);
        assert_eq!(view.base.compliance.stance_cap, 0.5, "the file's value is kept as the base");
        assert_eq!(view.current.privacy.retention_days, 7);
    });
}
