//! Personas and bots at run time: created, edited, joining and leaving
//! rooms, silenced.

use crate::support::*;
use actors::ControlError;
use actors::clock::Clock;
use actors::events::RoomEvent;
use actors::llm::{ProviderConfig, ProviderKind, ProviderOptions};
use actors::{Community, CommunitySettings};
use engine::pacing::PacingSettings;
use engine::transcript::AuthorKind;
use serde_json::{Map, Value, json};
use std::time::Duration;

fn fields(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

#[actix::test]
async fn a_silenced_bot_is_skipped_until_it_may_speak_again() {
    tokio::time::pause();
    let (c, _dir) = start(3).await;
    let room = c.room(ROOM).unwrap();
    let quiet = personas(3)[0].username.to_string();
    let rec = c.silence_bot(&quiet, true).await.unwrap();
    assert!(rec.silenced && !c.store.bot(&quiet).await.unwrap().unwrap().active, "stored");
    let status = c.room_status(ROOM).await.unwrap();
    assert!(status.members.iter().any(|m| m.id == quiet && m.silenced && m.alive));
    let mut rx = room.subscribe().await.unwrap();
    let seen = run_for(&mut rx, 20).await;
    let spoke = bots_in(&seen);
    assert!(spoke.len() >= 5, "the others go on: {}", spoke.len());
    assert!(spoke.iter().all(|m| m.author.id != quiet), "the silenced bot spoke");
    assert!(!seen.iter().any(|e| matches!(e, RoomEvent::Typing(t) if t.bot.id == quiet)), "the silenced bot typed");
    c.silence_bot(&quiet, false).await.unwrap();
    let spoke = bots_in(&run_for(&mut rx, 30).await).into_iter().filter(|m| m.author.id == quiet).count();
    assert!(spoke >= 1, "the bot speaks again after it is resumed");
    assert!(matches!(c.silence_bot("yok_boyle", true).await, Err(ControlError::NotFound { what: "bot", .. })));
}

#[actix::test]
async fn a_new_persona_joins_a_running_room_speaks_and_leaves() {
    tokio::time::pause();
    let (c, _dir) = start(2).await;
    let mut p = personas(6)[5].clone();
    p.name = "Yeni Gelen".into();
    let rec = c.create_persona(p.clone()).await.unwrap();
    assert_eq!((rec.display_name.as_str(), rec.rooms.len(), rec.silenced), ("🤖 Yeni Gelen", 0, false));
    assert!(matches!(c.create_persona(p.clone()).await, Err(ControlError::Conflict(_))));
    let id = p.username.to_string();
    let status = c.join_room(ROOM, &id).await.unwrap();
    assert!(status.members.iter().any(|m| m.id == id && m.alive));
    assert_eq!(c.persona_record(&id).await.unwrap().rooms, [ROOM]);
    let room = c.room(ROOM).unwrap();
    let mut rx = room.subscribe().await.unwrap();
    let spoke = bots_in(&run_for(&mut rx, 30).await).into_iter().filter(|m| m.author.id == id).count();
    assert!(spoke >= 1, "the new bot never spoke");

    let status = c.leave_room(ROOM, &id).await.unwrap();
    assert!(status.members.iter().all(|m| m.id != id));
    let gone = status.inactive.iter().find(|m| m.id == id).expect("listed as inactive");
    assert_eq!(gone.reason.as_deref(), Some(actors::control::REMOVED_BY_OPERATOR));
    events(&mut rx);
    let after = bots_in(&run_for(&mut rx, 20).await).into_iter().filter(|m| m.author.id == id).count();
    assert_eq!(after, 0, "a bot that left spoke");
    assert!(matches!(c.leave_room(ROOM, &id).await, Err(ControlError::NotFound { what: "member", .. })));
}

#[actix::test]
async fn bad_persona_input_names_the_field_and_changes_nothing() {
    tokio::time::pause();
    let (c, _dir) = start(2).await;
    let id = personas(1)[0].username.to_string();
    let before = c.persona_record(&id).await.unwrap();
    let field = |e: ControlError| match e {
        ControlError::Invalid { field, .. } => field,
        other => panic!("not a field error: {other:?}"),
    };
    for (change, named) in [
        (json!({"talkativeness": 1.5}), "talkativeness"),
        (json!({"per_hour": "sık"}), "per_hour"),
        (json!({"username": "baska_bot"}), "username"),
        (json!({"konusma": 1}), "konusma"),
        (json!({"examples": ["Bu hisse kesin uçacak, kaçırmayın!"]}), "examples[0]"),
        (json!({"name": "🤖 Sahte"}), "name"),
    ] {
        assert_eq!(field(c.edit_persona(&id, &fields(change.clone())).await.unwrap_err()), named, "{change}");
    }
    let mut other = personas(1)[0].clone();
    other.typing_cps = 99.0;
    assert_eq!(field(c.update_persona(&id, other.clone()).await.unwrap_err()), "typing_cps");
    assert_eq!(field(c.update_persona("baska_bot", personas(1)[0].clone()).await.unwrap_err()), "username");
    assert_eq!(field(c.create_persona(other).await.unwrap_err()), "typing_cps");
    assert_eq!(c.persona_record(&id).await.unwrap(), before, "nothing changed");
    assert!(matches!(c.edit_persona("yok_boyle", &Map::new()).await, Err(ControlError::NotFound { .. })));
}

/// On the wall clock with a fake OpenAI server: the prompts show which
/// persona a bot speaks with.
#[actix::test]
async fn an_edited_persona_speaks_with_its_new_settings_from_its_next_turn() {
    let llm = fakes::FakeLlm::start();
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path(), 1).await;
    let provider = ProviderConfig {
        options: ProviderOptions {
            base_url: Some(llm.base_url()),
            model: Some("fake-model".into()),
            timeout_ms: 2_000,
            ..ProviderOptions::default()
        },
        ..ProviderConfig::new("fake-server", ProviderKind::Openai)
    };
    let mut settings = CommunitySettings::default();
    settings.room.pacing = PacingSettings { daily_curve: false, ..PacingSettings::default() }.scaled(0.02);
    let c = Community::start(store, &[provider], settings, Clock::system()).await.unwrap();
    let id = personas(1)[0].username.to_string();
    let room = c.room(ROOM).unwrap();
    let mut rx = room.subscribe().await.unwrap();
    let old = tokio::time::timeout(
        Duration::from_secs(10),
        first(&mut rx, |e| match e {
            RoomEvent::Message(m) if m.author.kind == AuthorKind::Bot => Some(m.clone()),
            _ => None,
        }),
    )
    .await
    .expect("the bot speaks");
    assert!(!old.author.display_name.contains("Yepyeni"));
    // A shorter minimum gap too: the bot's own limiter lets it speak again
    // within seconds instead of the old 20.
    let change = fields(json!({"name": "Yepyeni Ad", "tone": "zzz-yeni-üslup", "min_gap_secs": 1}));
    let rec = c.edit_persona(&id, &change).await.unwrap();
    assert_eq!(rec.display_name, "🤖 Yepyeni Ad");
    let asked_before = llm.request_count();
    let new = tokio::time::timeout(
        Duration::from_secs(10),
        first(&mut rx, |e| match e {
            RoomEvent::Message(m) if m.author.kind == AuthorKind::Bot && m.id > old.id => Some(m.clone()),
            _ => None,
        }),
    )
    .await
    .expect("the bot speaks again");
    // A turn that was already drafting may finish with the old persona; the
    // next ones use the new one.
    let next = tokio::time::timeout(
        Duration::from_secs(10),
        first(&mut rx, |e| match e {
            RoomEvent::Message(m) if m.author.kind == AuthorKind::Bot && m.id > new.id => Some(m.clone()),
            _ => None,
        }),
    )
    .await
    .expect("and again");
    assert_eq!(next.author.display_name, "🤖 Yepyeni Ad", "the room's copy follows");
    let prompts = llm.requests();
    let last = prompts.last().expect("the bot asked the model");
    assert!(prompts.len() > asked_before);
    let system = &last.messages[0].1;
    assert!(system.contains("zzz-yeni-üslup") && system.contains("Yepyeni Ad"), "the bot's prompt: {system}");
    let members = room.members().await.unwrap();
    assert_eq!(members[0].display_name, "🤖 Yepyeni Ad");
}
