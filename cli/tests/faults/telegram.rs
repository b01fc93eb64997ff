//! The Bot API misbehaving. Recovery: from the last failed call (or the
//! change in the group) to the next message the group gets.

use crate::row;
use crate::stack::{BOTS, Stack, serial};
use fakes::TgFault;
use std::time::{Duration, Instant};

/// Asks the bots with accounts, one question each.
async fn ask_all(s: &mut Stack, tag: &str) {
    for (bot, _, _) in BOTS {
        s.post("Defne", &format!("@{bot} altın ne olur sence? ({tag})")).await.expect("stored");
    }
}

/// The time of the last `sendMessage` answered `status`, and of the first 200 after it.
fn last_failure_and_next_success(s: &Stack, failed: u16) -> Option<(Instant, Instant)> {
    let calls = s.tg.calls_of("sendMessage");
    let last = calls.iter().filter(|c| c.status == failed).map(|c| c.at).max()?;
    let next = calls.iter().filter(|c| c.status == 200 && c.at > last).map(|c| c.at).min()?;
    Some((last, next))
}

async fn storm(name: &str, fault: TgFault, status: u16, count: usize, note: &str) {
    let _one = serial().await;
    let mut s = Stack::sqlite().await;
    s.until("the group gets a message", Duration::from_secs(30), || async { !s.sent_to_group().is_empty() }).await;
    for _ in 0..count {
        s.tg.inject("sendMessage", fault.clone());
    }
    ask_all(&mut s, name).await;
    s.until("the storm passes", Duration::from_secs(90), || async {
        let failed = s.tg.calls_of("sendMessage").iter().filter(|c| c.status == status).count();
        failed >= count && last_failure_and_next_success(&s, status).is_some()
    })
    .await;
    let (last, next) = last_failure_and_next_success(&s, status).unwrap();
    row(name, next - last, note);
    s.check_nothing_lost_or_doubled().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_429_storm() {
    let note = "each 429 delays only its bot and chat by retry_after; nothing dropped";
    storm("Telegram 429 storm (10 × retry_after 1 s)", TgFault::TooManyRequests { retry_after: 1 }, 429, 10, note)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_5xx() {
    storm("Telegram 502s (6)", TgFault::Status(502), 502, 6, "refused requests retried with backoff").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_403_kicked_bot() {
    let _one = serial().await;
    let mut s = Stack::sqlite().await;
    s.until("the group gets a message", Duration::from_secs(30), || async { !s.sent_to_group().is_empty() }).await;
    let (kicked, kicked_user, _) = BOTS[0];
    s.tg.kick(s.chat, kicked_user);
    let at = Instant::now();
    s.post("Defne", &format!("@{kicked} bankalar ne olur?")).await.expect("stored");
    s.until("the kicked bot is refused once", Duration::from_secs(30), || async {
        s.tg.calls_of("sendMessage").iter().any(|c| c.bot == kicked_user && c.status == 403)
    })
    .await;
    // The others go on; the kicked one is never tried again.
    ask_all(&mut s, "403").await;
    let recovery = s
        .until("another bot reaches the group", Duration::from_secs(60), || async {
            s.tg.calls_of("sendMessage").iter().any(|c| c.bot != kicked_user && c.status == 200 && c.at > at)
        })
        .await;
    let tries = s.tg.calls_of("sendMessage").iter().filter(|c| c.bot == kicked_user && c.at > at).count();
    assert_eq!(tries, 1, "a kicked bot is not tried again");
    row("Telegram 403 (a bot kicked)", recovery, "the bot leaves the room; the others carry on");
    s.check_nothing_lost_or_doubled().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_group_migrated() {
    let _one = serial().await;
    let mut s = Stack::sqlite().await;
    s.until("the group gets a message", Duration::from_secs(30), || async { !s.sent_to_group().is_empty() }).await;
    let new = s.tg.migrate(s.chat);
    let at = Instant::now();
    ask_all(&mut s, "migrated").await;
    let recovery = s
        .until("a message reaches the supergroup", Duration::from_secs(60), || async {
            s.tg.calls_of("sendMessage").iter().any(|c| c.status == 200 && c.params["chat_id"].as_i64() == Some(new))
        })
        .await;
    assert!(at.elapsed() >= recovery);
    row("Telegram group → supergroup", recovery, "the room follows the new chat id; the message goes once more");
    s.check_nothing_lost_or_doubled().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_second_poller() {
    let _one = serial().await;
    let mut s = Stack::sqlite().await;
    let (listener_bot, listener, _) = BOTS[0];
    s.tg.occupy_polling(listener);
    s.until("the poller names the other consumer", Duration::from_secs(30), || async {
        s.log().contains("another consumer is reading this token's updates")
    })
    .await;
    let health = s.health().await;
    assert_eq!(health["status"], "degraded", "{health}");
    assert_eq!(health["telegram"]["not_receiving"], serde_json::json!([listener_bot]), "{health}");
    // The operator stops the other consumer; Piyasa finds out by itself.
    s.tg.release_polling(listener);
    let released = Instant::now();
    s.tg.human_says(s.chat, 77, "Yasemin", "dolar ne olur bu hafta", None);
    s.until("the group's message reaches the room", Duration::from_secs(60), || async {
        s.history().await.iter().any(|m| m["text"] == "dolar ne olur bu hafta")
    })
    .await;
    let recovery = released.elapsed();
    assert_eq!(s.health().await["telegram"]["not_receiving"], serde_json::json!([]));
    row(
        "Telegram 409 (a second poller)",
        recovery,
        "reported (log, console, /health degraded); polled again with backoff; heard again once the other stops",
    );
    s.check_nothing_lost_or_doubled().await;
}
