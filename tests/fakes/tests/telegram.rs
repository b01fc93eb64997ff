//! The fake Bot API itself: it enforces the limits, Telegram's delivery
//! rules and one consumer per token, so tests against it mean something.

use fakes::{FakeLimits, FakeTelegram};
use serde_json::{Value, json};

async fn call(fake: &FakeTelegram, token: &str, method: &str, body: Value) -> (u16, Value) {
    let url = format!("{}/bot{token}/{method}", fake.base_url());
    let r = reqwest::Client::new().post(url).json(&body).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sending_too_fast_gets_429_with_retry_after() {
    let fake = FakeTelegram::start();
    fake.add_bot("1:a", "a_bot", false);
    let chat = fake.add_group("g");
    fake.add_members(chat, &["a_bot"]);
    let (ok, _) = call(&fake, "1:a", "sendMessage", json!({"chat_id": chat, "text": "bir"})).await;
    let (code, body) = call(&fake, "1:a", "sendMessage", json!({"chat_id": chat, "text": "iki"})).await;
    assert_eq!((ok, code), (200, 429));
    assert_eq!(body["parameters"]["retry_after"], 1);
    assert_eq!(fake.too_many_requests(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_twenty_first_message_in_a_window_is_refused() {
    let fake = FakeTelegram::start_with(FakeLimits::default().compressed(100));
    fake.add_bot("1:a", "a_bot", false);
    let chat = fake.add_group("g");
    fake.add_members(chat, &["a_bot"]);
    let mut codes = Vec::new();
    for i in 0..21 {
        tokio::time::sleep(std::time::Duration::from_millis(12)).await;
        codes.push(call(&fake, "1:a", "sendMessage", json!({"chat_id": chat, "text": format!("m{i}")})).await.0);
    }
    assert!(codes[..20].iter().all(|c| *c == 200), "{codes:?}");
    assert_eq!(codes[20], 429);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listeners_get_human_messages_and_no_bot_gets_bot_messages() {
    let fake = FakeTelegram::start();
    fake.add_bot("1:l", "listener_bot", true);
    fake.add_bot("2:p", "persona_bot", false);
    let chat = fake.add_group("g");
    fake.add_members(chat, &["listener_bot", "persona_bot"]);
    fake.human_says(chat, 9, "Ali", "merhaba", None);
    call(&fake, "2:p", "sendMessage", json!({"chat_id": chat, "text": "selam"})).await;
    fake.human_says(chat, 9, "Ali", "@persona_bot sen ne dersin", None);
    assert_eq!(fake.pending_updates("listener_bot"), 2, "the listener sees both human messages, not the bot's");
    assert_eq!(fake.pending_updates("persona_bot"), 1, "privacy mode: only the mention");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_concurrent_get_updates_gets_409() {
    let fake = FakeTelegram::start();
    fake.add_bot("1:l", "listener_bot", true);
    let first = tokio::spawn({
        let url = format!("{}/bot1:l/getUpdates", fake.base_url());
        async move { reqwest::Client::new().post(url).json(&json!({"timeout": 2})).send().await.unwrap().status() }
    });
    let mut second = 0;
    for _ in 0..100 {
        // Give the first poll time to arrive before each try.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        second = call(&fake, "1:l", "getUpdates", json!({"timeout": 0})).await.0;
        if second == 409 {
            break;
        }
    }
    assert_eq!(second, 409);
    assert_eq!(first.await.unwrap(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kicked_bots_migrated_groups_and_unknown_chats_answer_like_telegram() {
    let fake = FakeTelegram::start();
    fake.add_bot("1:a", "a_bot", false);
    let chat = fake.add_group("g");
    fake.add_members(chat, &["a_bot"]);
    fake.kick(chat, "a_bot");
    assert_eq!(call(&fake, "1:a", "sendMessage", json!({"chat_id": chat, "text": "x"})).await.0, 403);
    let other = fake.add_group("h");
    fake.add_members(other, &["a_bot"]);
    let to = fake.migrate(other);
    let (code, body) = call(&fake, "1:a", "sendMessage", json!({"chat_id": other, "text": "x"})).await;
    assert_eq!((code, body["parameters"]["migrate_to_chat_id"].as_i64()), (400, Some(to)));
    let (code, body) = call(&fake, "1:a", "sendMessage", json!({"chat_id": -5, "text": "x"})).await;
    assert_eq!(code, 400);
    assert!(body["description"].as_str().unwrap().contains("chat not found"));
    assert_eq!(call(&fake, "9:zz", "getMe", json!({})).await.0, 401);
}
