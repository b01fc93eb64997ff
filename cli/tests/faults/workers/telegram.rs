//! Telegram on workers (issue 14): three rooms mapped to fake Telegram
//! groups, their bots' accounts added while the first worker runs, then
//! three workers. Each account is received by one worker (a lease) and a
//! group message for a room on another worker reaches it through the inbox;
//! the worker running a room sends its bots' messages. One worker is
//! SIGKILLed just after people spoke in its groups: its rooms and accounts
//! move on, every person's message is stored once and answered, and no
//! Telegram message is sent twice.

use super::cluster::*;
use crate::row;
use crate::stack::serial;
use fakes::FakeTelegram;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// The mapped rooms: the first three of the harness's rooms.
const MAPPED: usize = 3;

fn username(bot: &str) -> String {
    format!("{}_bot", bot.replace('_', ""))
}

fn token(i: usize) -> String {
    format!("{}23456:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp_w", i + 1)
}

/// A group, its room and the bot people ask there.
struct Group {
    room: &'static str,
    chat: i64,
    asked: String,
}

/// What people said in the groups: (chat, Telegram message id, text).
type Said = Vec<(i64, i32, String)>;

fn say(tg: &FakeTelegram, g: &Group, said: &mut Said, text: &str) {
    let text = format!("@{} {text} ({})", g.asked, said.len());
    let id = tg.human_says(g.chat, 7_000 + said.len() as i64, "Defne", &text, None);
    said.push((g.chat, id, text));
}

/// Whether each group got a bot message sent (200) after `after`.
fn answered_since(tg: &FakeTelegram, groups: &[Group], after: Instant) -> bool {
    let calls = tg.calls_of("sendMessage");
    groups
        .iter()
        .all(|g| calls.iter().any(|c| c.status == 200 && c.at > after && c.params["chat_id"].as_i64() == Some(g.chat)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_groups_follow_their_rooms_across_workers() {
    let _one = serial().await;
    let tg = FakeTelegram::start();
    let v = |s: &str| s.to_string();
    let extra = vec![
        ("PIYASA_TELEGRAM__ENABLED", v("true")),
        ("PIYASA_TELEGRAM__API_BASE_URL", tg.base_url()),
        ("PIYASA_TELEGRAM__POLL_TIMEOUT_S", v("1")),
        ("PIYASA_TELEGRAM__STARTUP_STAGGER_MS", v("0")),
        ("PIYASA_TELEGRAM__RETRY_BASE_MS", v("100")),
        ("PIYASA_MARKET__ALLOW_SIMULATED_TELEGRAM", v("true")),
    ];
    let mut c = with_rooms(Cluster::with(extra).await).await;
    // Accounts and groups added while w1 runs: the workers follow the store.
    let mut groups = Vec::new();
    for (i, room) in ROOMS[..MAPPED].iter().enumerate() {
        let chat = tg.add_group(room);
        for (j, bot) in BOTS[i].iter().enumerate() {
            let name = username(bot);
            // The bot people ask hears every message; the other only what is meant for it.
            tg.add_bot(&token(2 * i + j), &name, j == 0);
            tg.add_members(chat, &[&name]);
            c.cli(&["bots", "add", bot], &[("BOT_TOKEN", token(2 * i + j))]);
        }
        c.cli(&["rooms", "add", room, "--chat", &chat.to_string()], &[]);
        groups.push(Group { room, chat, asked: username(BOTS[i][0]) });
    }
    c.start("w2");
    c.start("w3");
    c.until("the rooms spread over three workers", Duration::from_secs(15), || async {
        let owners = c.owners().await;
        owners.len() == all_rooms().len() && ["w1", "w2", "w3"].iter().all(|w| owners.values().any(|o| o == w))
    })
    .await;
    let mut said = Said::new();
    let start = Instant::now();
    for g in &groups {
        say(&tg, g, &mut said, "bugün endeks ne olur sence?");
    }
    c.until("every group is answered", Duration::from_secs(45), || async { answered_since(&tg, &groups, start) }).await;

    // SIGKILL mid-turn: people just spoke in the groups of the worker that
    // runs the most of them.
    let mapped: Vec<String> = groups.iter().map(|g| g.room.to_string()).collect();
    let victim = c.busiest(&mapped).await;
    let owners = c.owners().await;
    let its: Vec<&Group> = groups.iter().filter(|g| owners[g.room] == victim).collect();
    for g in &its {
        say(&tg, g, &mut said, "faiz kararı ne olur?");
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let killed = Instant::now();
    c.kill(&victim);
    c.until("the killed worker's rooms run on the others", Duration::from_secs(10), || async {
        let owners = c.owners().await;
        its.iter().all(|g| owners.get(g.room).is_some_and(|o| *o != victim))
    })
    .await;
    let moved = Instant::now();
    for g in &groups {
        say(&tg, g, &mut said, "hâlâ burada mısınız?");
    }
    c.until("every group is answered after the takeover", Duration::from_secs(45), || async {
        answered_since(&tg, &groups, moved)
    })
    .await;
    // Every person's message, whichever worker polled it, is stored once in its room.
    c.until("every group message is stored", Duration::from_secs(20), || async {
        let mut all = true;
        for (chat, id, _) in &said {
            all &= c.store.message_for_tg(*chat, *id).await.unwrap().is_some();
        }
        all
    })
    .await;
    row(
        &format!("Telegram on workers: worker SIGKILLed ({} groups, lease {TTL_MS} ms)", its.len()),
        killed.elapsed(),
        "its groups answered again by the others; nothing sent twice",
    );
    for g in &groups {
        let stored = c.store.recent_messages(g.room, 1_000).await.unwrap();
        for (_, _, text) in said.iter().filter(|s| s.0 == g.chat) {
            let copies = stored.iter().filter(|m| m.text.contains(&text[text.find(' ').unwrap()..])).count();
            assert_eq!(copies, 1, "a group message stored {copies} times in {}: {text}", g.room);
        }
        check_sent_once(&c, &tg, g).await;
    }
    // Some group messages were polled on a worker that did not run their room.
    let relayed: usize =
        c.workers.iter().map(|w| w.log.lock().unwrap().matches("left for the worker running its room").count()).sum();
    assert!(relayed > 0, "no update went through the inbox: the test does not cover it");
    println!("group messages taken in through the inbox: {relayed} of {}", said.len());
    let conflicts = tg.calls_of("getUpdates").iter().filter(|c| c.status == 409).count();
    println!("getUpdates answered 409 (two consumers of one token) {conflicts} times");
    c.check_kept_and_fenced().await;
}

/// No bot message reached the group more often than its outbox has rows
/// that were (or may have been) sent.
async fn check_sent_once(c: &Cluster, tg: &FakeTelegram, g: &Group) {
    use engine::telegram::outbox::OutboxStatus::{Sent, Unknown};
    let mut rows = BTreeMap::<(String, String), usize>::new();
    for r in c.store.outbox(g.room).await.unwrap().iter().filter(|r| matches!(r.status, Sent | Unknown)) {
        *rows.entry((username(&r.bot_id), r.text.clone())).or_default() += 1;
    }
    let mut sends = BTreeMap::<(String, String), usize>::new();
    for call in tg.calls_of("sendMessage") {
        if call.status == 200 && call.params["chat_id"].as_i64() == Some(g.chat) {
            let text = call.params["text"].as_str().unwrap_or_default().to_string();
            *sends.entry((call.bot, text)).or_default() += 1;
        }
    }
    assert!(!sends.is_empty(), "nothing reached the group of {}", g.room);
    for (what, n) in &sends {
        let planned = rows.get(what).copied().unwrap_or(0);
        assert!(*n <= planned.max(1), "sent to the group of {} {n} times, {planned} outbox rows: {what:?}", g.room);
    }
}
