//! Accounts and chats added and removed while the channel runs, and a
//! paused room's Telegram side.

use crate::helpers::*;
use actors::ControlError;
use engine::transcript::AuthorKind;
use secrecy::SecretString;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);

fn from(w: &TestWorld, tg_bot: &str) -> usize {
    w.fake.messages(w.chat).iter().filter(|m| m.from_bot && m.from_name == tg_bot).count()
}

#[actix::test]
async fn accounts_and_a_chat_added_while_running_start_at_once_and_stop_when_removed() {
    let w = bare_world(2, 20, true).await;
    let (community, ch) = live(&w, 20).await;
    let (a, b) = (&w.bots[0], &w.bots[1]);
    // Bad input first: named, nothing stored.
    let field = |e: ControlError| match e {
        ControlError::Invalid { field, problem } => {
            assert!(!problem.contains("AAbbCC"), "a token in an error: {problem}");
            field
        }
        other => panic!("{other:?}"),
    };
    let bad = SecretString::from("not-a-token".to_string());
    assert_eq!(field(ch.add_bot(&a.0, &bad, true).await.unwrap_err()), "token");
    let refused = SecretString::from("999:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp_zz".to_string());
    assert_eq!(field(ch.add_bot(&a.0, &refused, true).await.unwrap_err()), "token");
    assert_eq!(field(ch.map_room(ROOM, 5, None).await.unwrap_err()), "chat_id");
    assert!(matches!(ch.map_room("yok-oda", -5, None).await, Err(ControlError::NotFound { .. })));
    assert!(w.store.telegram_bots().await.unwrap().is_empty() && w.store.telegram_chats().await.unwrap().is_empty());

    // Accounts and the chat, while running: bots speak in the group at once.
    for (i, (persona, _, token)) in [a, b].into_iter().enumerate() {
        let s = ch.add_bot(persona, &SecretString::from(token.clone()), i == 0).await.unwrap();
        assert_eq!(s.bot_id, *persona);
    }
    assert_eq!(ch.accounts().await.unwrap().len(), 2);
    // An edited persona's profile follows when asked.
    let rename = serde_json::json!({"name": "Yeni Ad"});
    community.edit_persona(&a.0, rename.as_object().unwrap()).await.unwrap();
    ch.refresh_bot(&a.0).await.unwrap();
    assert_eq!(w.fake.profile(&a.1).0.as_deref(), Some("🤖 Yeni Ad"));
    ch.map_room(ROOM, w.chat, None).await.unwrap();
    assert!(eventually(WAIT, async || from(&w, &a.1) + from(&w, &b.1) >= 2).await, "no bot spoke in the group");
    // The listener's poller runs: a person's message enters the room.
    w.fake.human_says(w.chat, 77, "Ece", "Selam, altın ne olur?", None);
    let came_in = eventually(WAIT, async || {
        let rows = w.store.recent_messages(ROOM, 100).await.unwrap();
        rows.iter().any(|r| r.author_kind == AuthorKind::Human && r.author_id == "tg:77")
    })
    .await;
    assert!(came_in, "a person's message did not reach the room");

    // The second account goes: its poller stops and it sends nothing more.
    ch.remove_bot(&b.0).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (sent, polls) = (from(&w, &b.1), w.fake.calls_of("getUpdates").iter().filter(|c| c.bot == b.1).count());
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(from(&w, &b.1), sent, "a removed account sent");
    let later = w.fake.calls_of("getUpdates").iter().filter(|c| c.bot == b.1).count();
    assert!(later <= polls + 1, "a removed account's poller goes on: {polls} → {later}");
    assert!(matches!(ch.remove_bot(&b.0).await, Err(ControlError::NotFound { .. })));

    // Unmapped: nothing more reaches the group.
    ch.unmap_room(ROOM).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let total = w.delivered(w.chat).len();
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(w.delivered(w.chat).len(), total, "an unmapped room still sends");
    assert!(community.room(ROOM).unwrap().is_running(), "the room goes on in the web");
}

#[actix::test]
async fn a_room_created_and_mapped_while_running_speaks_in_its_group() {
    let w = bare_world(2, 20, false).await;
    // The new room's bot speaks only there: a persona keeps one pace (its
    // minimum gap, minutes here) over all its rooms.
    w.store.set_member_active(ROOM, &w.bots[0].0, false, Some("test: only in the new room")).await.unwrap();
    let (community, ch) = live(&w, 20).await;
    for (persona, _, token) in &w.bots {
        ch.add_bot(persona, &SecretString::from(token.clone()), false).await.unwrap();
    }
    let new = actors::control::NewRoom {
        slug: "yeni-oda".into(),
        name: "Yeni Oda".into(),
        topic: String::new(),
        prices: Default::default(),
    };
    community.create_room(new).await.unwrap();
    community.join_room("yeni-oda", &w.bots[0].0).await.unwrap();
    let group = w.fake.add_group("Yeni Oda");
    w.fake.add_members(group, &[w.bots[0].1.as_str()]);
    ch.map_room("yeni-oda", group, None).await.unwrap();
    let spoke = eventually(WAIT, async || w.fake.messages(group).iter().any(|m| m.from_bot)).await;
    assert!(spoke, "the new room's bot never spoke in its group");
}

#[actix::test]
async fn a_paused_room_sends_nothing_to_telegram_until_resumed() {
    let w = world(3, 20, false).await;
    let (community, _ch) = live(&w, 20).await;
    assert!(eventually(WAIT, async || !w.delivered(w.chat).is_empty()).await, "no bot spoke before the pause");
    community.pause_room(ROOM).await.unwrap();
    // What was already on the wire may land; then nothing.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = w.delivered(w.chat).len();
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(w.delivered(w.chat).len(), before, "a paused room sent to Telegram");
    let typing = w.fake.calls_of("sendChatAction").len();
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(w.fake.calls_of("sendChatAction").len(), typing, "a paused room's bots typed");
    community.resume_room(ROOM).await.unwrap();
    assert!(eventually(WAIT, async || w.delivered(w.chat).len() > before).await, "nothing after the resume");
}

#[actix::test]
async fn what_the_room_said_before_the_channel_attached_still_reaches_the_group() {
    let w = world(2, 20, false).await;
    let community = rooms(&w, 20).await;
    let said = async || {
        let rows = w.store.recent_messages(ROOM, 50).await.unwrap();
        rows.into_iter().filter(|r| r.author_kind == AuthorKind::Bot).map(|r| r.text).collect::<Vec<_>>()
    };
    assert!(eventually(WAIT, async || !said().await.is_empty()).await, "the room never spoke");
    let early = said().await;
    let _ch = attach(&w, &community).await;
    let reached = async || {
        let sent: Vec<String> = w.fake.messages(w.chat).into_iter().filter(|m| m.from_bot).map(|m| m.text).collect();
        early.iter().all(|t| sent.contains(t))
    };
    assert!(eventually(WAIT, reached).await, "early messages never reached the group: {early:?}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sent: Vec<String> = w.fake.messages(w.chat).into_iter().filter(|m| m.from_bot).map(|m| m.text).collect();
    for t in &early {
        assert_eq!(sent.iter().filter(|s| *s == t).count(), 1, "sent twice: {t}");
    }
}
