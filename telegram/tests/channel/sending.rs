//! Sending: limits, 429, kicked bots, migration, lost chats, network
//! errors, crashes.

use crate::helpers::*;
use engine::telegram::outbox::OutboxStatus::*;
use fakes::TgFault;
use schema::OutboxMove;
use std::collections::HashMap;
use std::time::Duration;

const SETTLE: Duration = Duration::from_secs(60);

/// 20 bots each send 21 messages at once into one group (one more than a
/// bot may send there per window). Time runs 20 times faster on both sides
/// (Telegram's windows divided by 20 in the fake and the channel).
#[actix::test]
async fn a_burst_from_twenty_bots_never_breaks_a_limit_and_loses_nothing() {
    let w = world(20, 20, false).await;
    let sender = w.sender();
    for i in 0..21 {
        for b in 0..20 {
            sender.enqueue(w.plan(b, &format!("bot {b} mesaj {i}")).await);
        }
    }
    let rows = w.settle(SETTLE).await;
    assert_eq!(w.fake.too_many_requests(), 0, "the fake answered 429");
    assert!(rows.iter().all(|r| r.status == Sent), "{:?}", statuses(&rows));
    let delivered = w.delivered(w.chat);
    assert_eq!(delivered.len(), 420);
    let mut seen = HashMap::new();
    for (_, text) in &delivered {
        *seen.entry(text.clone()).or_insert(0) += 1;
    }
    assert!(seen.values().all(|n| *n == 1), "a message was delivered twice");
    // Each bot's messages arrive in the order they were planned.
    let bot0: Vec<&String> = delivered.iter().filter(|(b, _)| b == "piyasa1_bot").map(|(_, t)| t).collect();
    assert_eq!(bot0.first().map(|s| s.as_str()), Some("bot 0 mesaj 0"));
    assert_eq!(bot0.last().map(|s| s.as_str()), Some("bot 0 mesaj 20"));
}

/// A bot fills its group window, the process restarts, and the new sender
/// has more to say at once: it waits for the window instead of meeting a 429.
#[actix::test]
async fn a_restart_remembers_the_last_window_of_sends() {
    let w = world(1, 20, false).await;
    let limit = engine::telegram::limits::SendLimits::default().group_per_window;
    let before = w.sender();
    for i in 0..limit {
        before.enqueue(w.plan(0, &format!("önce {i}")).await);
    }
    assert!(w.settle(SETTLE).await.iter().all(|r| r.status == Sent));
    drop(before);
    let after = w.sender();
    after.resume().await.unwrap();
    after.enqueue(w.plan(0, "yeniden başladıktan sonra").await);
    let rows = w.settle(SETTLE).await;
    assert!(rows.iter().all(|r| r.status == Sent), "{:?}", statuses(&rows));
    assert_eq!(w.fake.too_many_requests(), 0, "the restarted sender burst into a 429");
}

#[actix::test]
async fn a_429_is_waited_out_without_losing_or_duplicating_a_message() {
    let w = world(2, 20, false).await;
    w.fake.inject("sendMessage", TgFault::TooManyRequests { retry_after: 1 });
    let sender = w.sender();
    for i in 0..3 {
        for b in 0..2 {
            sender.enqueue(w.plan(b, &format!("b{b} m{i}")).await);
        }
    }
    let rows = w.settle(SETTLE).await;
    assert_eq!(w.fake.too_many_requests(), 1);
    assert!(rows.iter().all(|r| r.status == Sent), "{:?}", statuses(&rows));
    let mut texts: Vec<String> = w.delivered(w.chat).into_iter().map(|(_, t)| t).collect();
    texts.sort();
    assert_eq!(texts, ["b0 m0", "b0 m1", "b0 m2", "b1 m0", "b1 m1", "b1 m2"]);
    // The refused attempt was not counted as sent: it went out again.
    assert_eq!(rows.iter().map(|r| r.attempts).sum::<i32>(), 7);
}

#[actix::test]
async fn a_kicked_bot_stops_writing_and_its_membership_becomes_inactive() {
    let w = world(2, 20, false).await;
    w.fake.kick(w.chat, "piyasa1_bot");
    let sender = w.sender();
    for i in 0..3 {
        sender.enqueue(w.plan(0, &format!("atılan {i}")).await);
        sender.enqueue(w.plan(1, &format!("kalan {i}")).await);
    }
    let rows = w.settle(SETTLE).await;
    let kicked: Vec<_> = rows.iter().filter(|r| r.bot_id == w.bots[0].0).collect();
    assert_eq!(kicked.iter().map(|r| r.status.as_str()).collect::<Vec<_>>(), ["failed", "dropped", "dropped"]);
    assert!(kicked[0].reason.as_deref().unwrap_or_default().contains("kicked"), "{:?}", kicked[0].reason);
    let calls = w.fake.calls_of("sendMessage");
    assert_eq!(calls.iter().filter(|c| c.bot == "piyasa1_bot").count(), 1, "a kicked bot must stop trying");
    let member = w.store.members(ROOM).await.unwrap().into_iter().find(|m| m.bot_id == w.bots[0].0).unwrap();
    assert!(!member.active);
    assert!(member.reason.unwrap().contains("403"));
    assert_eq!(w.delivered(w.chat).len(), 3, "the other bot goes on");
}

#[actix::test]
async fn a_migrated_group_takes_the_room_along_and_the_message_goes_once_more() {
    let w = world(1, 20, false).await;
    let new_chat = w.fake.migrate(w.chat);
    let sender = w.sender();
    sender.enqueue(w.plan(0, "birinci").await);
    sender.enqueue(w.plan(0, "ikinci").await);
    let rows = w.settle(SETTLE).await;
    assert_eq!(statuses(&rows), ["sent", "sent"]);
    assert_eq!(w.store.telegram_chat(ROOM).await.unwrap().unwrap().chat_id, new_chat);
    let texts: Vec<String> = w.delivered(new_chat).into_iter().map(|(_, t)| t).collect();
    assert_eq!(texts, ["birinci", "ikinci"]);
    assert!(w.delivered(w.chat).is_empty());
}

#[actix::test]
async fn a_lost_chat_pauses_the_room_and_nothing_is_recorded_as_sent() {
    let w = world(1, 20, false).await;
    let row = schema::TelegramChatRow {
        room_id: ROOM.into(),
        chat_id: -999_999,
        thread_id: None,
        paused_reason: None,
        updated_at: 2,
    };
    w.store.upsert_telegram_chat(&row).await.unwrap();
    let sender = w.sender();
    sender.enqueue(w.plan(0, "kimse yok mu").await);
    sender.enqueue(w.plan(0, "hâlâ").await);
    let rows = w.settle(SETTLE).await;
    assert_eq!(statuses(&rows), ["failed", "dropped"]);
    assert!(rows[1].reason.as_deref().unwrap().starts_with("room paused"));
    let chat = w.store.telegram_chat(ROOM).await.unwrap().unwrap();
    assert!(chat.paused_reason.unwrap().contains("chat not found"));
}

#[actix::test]
async fn server_errors_are_retried_and_a_request_without_answer_is_never_repeated() {
    let w = world(1, 20, false).await;
    w.fake.inject("sendMessage", TgFault::Status(502));
    w.fake.inject("sendMessage", TgFault::Status(500));
    let sender = w.sender();
    sender.enqueue(w.plan(0, "sonunda").await);
    let rows = w.settle(SETTLE).await;
    assert_eq!(statuses(&rows), ["sent"]);
    assert_eq!(rows[0].attempts, 3);
    // No answer at all: it may have arrived, so it is not sent again.
    w.fake.inject("sendMessage", TgFault::Hang(Duration::from_secs(5)));
    sender.enqueue(w.plan(0, "belki").await);
    let rows = w.settle(SETTLE).await;
    assert_eq!(statuses(&rows), ["sent", "unknown"]);
    assert_eq!(w.fake.calls_of("sendMessage").len(), 4);
}

#[actix::test]
async fn a_crash_between_sending_and_sent_does_not_send_twice() {
    let w = world(1, 20, false).await;
    let in_flight = w.plan(0, "uçuşta").await;
    let mv = OutboxMove { from: Planned, to: Sending, reason: None, tg_message_id: None, chat_id: None, now_ms: 2 };
    assert!(w.store.move_outbox(in_flight.id, &mv).await.unwrap());
    w.plan(0, "sırada").await;
    // The process starts again.
    let sender = w.sender();
    assert_eq!(sender.resume().await.unwrap(), (1, 1));
    let rows = w.settle(SETTLE).await;
    assert_eq!(statuses(&rows), ["unknown", "sent"]);
    let texts: Vec<String> = w.delivered(w.chat).into_iter().map(|(_, t)| t).collect();
    assert_eq!(texts, ["sırada"]);
}

#[actix::test]
async fn a_room_in_a_forum_topic_writes_into_that_topic() {
    let w = world(1, 20, false).await;
    let forum = w.fake.add_supergroup("Forum", true);
    w.fake.add_members(forum, &["piyasa1_bot"]);
    let topic = w.fake.add_topic(forum);
    let row = schema::TelegramChatRow {
        room_id: ROOM.into(),
        chat_id: forum,
        thread_id: Some(topic),
        paused_reason: None,
        updated_at: 2,
    };
    w.store.upsert_telegram_chat(&row).await.unwrap();
    let sender = w.sender();
    sender.enqueue(w.plan(0, "konu içinde").await);
    let rows = w.settle(SETTLE).await;
    assert_eq!(statuses(&rows), ["sent"]);
    let m = w.fake.messages(forum).into_iter().find(|m| m.from_bot).unwrap();
    assert_eq!((m.thread_id, m.text.as_str()), (Some(topic), "konu içinde"));
}
