//! Fuzzing Telegram updates end to end: 10,000 generated webhook bodies
//! (`PIYASA_FUZZ_CASES` for longer runs) reach the real channel and room:
//! updates of every shape (commands, mentions, edits, replies, odd Unicode,
//! unknown chats, bots, missing fields) and byte-level mutations of a valid
//! one. Each gets 200 or 400, nothing panics, and afterwards a plain message
//! still reaches the room.

use crate::helpers::{ROOM, eventually, live, webhook_call, world};
use actix_web::{App, test as atest};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);

fn cases() -> usize {
    std::env::var("PIYASA_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000)
}

/// A well-formed update of a random shape.
fn update(chat: i64) -> impl Strategy<Value = Value> {
    let text = prop_oneof![
        ".{0,120}",
        Just("/start".to_string()),
        Just("/start@piyasa1_bot".to_string()),
        Just("/privacy@piyasa2_bot şimdi".to_string()),
        "@piyasa[0-9]_bot .{0,40}",
        Just("\u{202e}\u{0}ğüşıöç 🤖".to_string()),
    ];
    let chat = prop_oneof![4 => Just(chat), 1 => any::<i64>()];
    let from = (1u32..=u32::MAX, any::<bool>(), ".{0,20}");
    (1u32..=u32::MAX, chat, from, text, any::<bool>(), prop::option::of(1i32..1000), prop::option::of(any::<i32>()))
        .prop_map(|(id, chat, (user, is_bot, name), text, edited, reply, thread)| {
            let mut m = json!({"message_id": id % 100_000, "date": 1, "text": text,
                "chat": {"id": chat, "type": "supergroup", "title": "Piyasa Sohbet"},
                "from": {"id": user, "is_bot": is_bot, "first_name": name}});
            if let Some(r) = reply {
                m["reply_to_message"] = json!({"message_id": r, "date": 1, "chat": {"id": chat, "type": "group"}});
            }
            if let Some(t) = thread {
                m["message_thread_id"] = json!(t);
            }
            let key = if edited { "edited_message" } else { "message" };
            json!({"update_id": id, key: m})
        })
}

/// A body: a generated update, or a valid one cut, spliced or retyped.
fn body(chat: i64) -> impl Strategy<Value = Vec<u8>> {
    let valid = update(chat).prop_map(|u| serde_json::to_vec(&u).unwrap());
    let mutated = (update(chat), any::<usize>(), 0usize..16, prop::collection::vec(any::<u8>(), 0..8)).prop_map(
        |(u, at, cut, bytes)| {
            let mut b = serde_json::to_vec(&u).unwrap();
            let at = at % (b.len() + 1);
            let end = (at + cut).min(b.len());
            b.splice(at..end, bytes);
            b
        },
    );
    prop_oneof![valid, mutated, prop::collection::vec(any::<u8>(), 0..64)]
}

#[actix::test]
async fn every_generated_update_is_taken_or_refused_and_the_room_still_hears_people() {
    let w = world(2, 20, true).await;
    let (_community, ch) = live(&w, 20).await;
    let app = atest::init_service(App::new().configure(telegram::webhook::configure(ch.clone()))).await;
    let uri = format!("/telegram/webhook/{}", w.bots[0].0);
    let secret = telegram::api::webhook_secret(&secrecy::SecretString::from(w.bots[0].2.clone()));
    let mut runner = TestRunner::deterministic();
    let strategy = body(w.chat);
    let mut statuses = std::collections::BTreeMap::new();
    for _ in 0..cases() {
        let b = strategy.new_tree(&mut runner).expect("a generated body").current();
        let req = webhook_call(&uri, &secret)
            .insert_header(("content-type", "application/json"))
            .set_payload(b.clone())
            .to_request();
        let status = atest::call_service(&app, req).await.status().as_u16();
        assert!(status == 200 || status == 400, "{status} for {}", String::from_utf8_lossy(&b));
        *statuses.entry(status).or_insert(0) += 1;
    }
    assert!(statuses.get(&200).copied().unwrap_or(0) > cases() / 4, "most bodies were updates: {statuses:?}");
    assert!(statuses.get(&400).copied().unwrap_or(0) > 0, "broken bodies were refused: {statuses:?}");

    let update = json!({"update_id": u32::MAX, "message": {
        "message_id": 999_999, "date": 1, "chat": {"id": w.chat, "type": "supergroup", "title": "x"},
        "from": {"id": 4242, "is_bot": false, "first_name": "Defne"}, "text": "fuzz bitti, dolar kaç?"}});
    let req = webhook_call(&uri, &secret).set_json(&update).to_request();
    assert_eq!(atest::call_service(&app, req).await.status(), 200);
    let heard =
        async || w.store.recent_messages(ROOM, 20).await.unwrap().iter().any(|m| m.text == "fuzz bitti, dolar kaç?");
    assert!(eventually(WAIT, heard).await, "after the fuzz a person's message still reaches the room");
}
