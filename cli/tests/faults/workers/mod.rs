//! Workers (issue 14): several real `piyasa run` processes on one PostgreSQL
//! database and a Redis of the test's own (`redis-server` on a free port),
//! the rooms shared out by leases. One worker is SIGKILLed mid-turn, one is
//! stopped with SIGTERM, and Redis is killed for 30 s; each case checks who
//! runs which room (`/health`), that people's messages are all kept, and
//! from the fencing tokens stored with every message that no two workers
//! ever wrote for one room at once.

mod cluster;
mod telegram;

use crate::row;
use crate::stack::{ROOM, serial};
use cluster::*;
use schema::{NewMessage, StoreError};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_workers_share_the_rooms_and_take_over_from_a_stopped_one() {
    let _one = serial().await;
    let mut c = one_worker_with_rooms().await;
    c.start("w2");
    c.start("w3");
    let spread = c
        .until("the rooms spread over three workers", Duration::from_secs(15), || async {
            let owners = c.owners().await;
            owners.len() == all_rooms().len() && ["w1", "w2", "w3"].iter().all(|w| owners.values().any(|o| o == w))
        })
        .await;
    println!("rooms spread over three workers in {:.1} s: {:?}", spread.as_secs_f64(), c.owners().await);
    // The console says whose figures it shows.
    let op = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let w2 = c.worker("w2");
    let login = json!({"username": OPERATOR, "password": PASSWORD});
    assert_eq!(op.post(w2.url("/api/auth/login")).json(&login).send().await.unwrap().status(), 200);
    let llm: Value = op.get(w2.url("/api/llm")).send().await.unwrap().json().await.unwrap();
    assert_eq!(llm["worker"], "w2", "{llm}");
    let page = op.get(w2.url("/console/llm")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("id=\"llm-worker\"") && page.contains("<code>w2</code>"), "{page}");
    // Any worker takes any room's requests: a stream opened at one worker
    // that does not run the room and a post at another are both forwarded
    // to the owner, and the post arrives on the stream.
    let owners = c.owners().await;
    let (room, owner) = owners.iter().next().map(|(r, o)| (r.clone(), o.clone())).unwrap();
    let others: Vec<&Worker> = c.workers.iter().filter(|w| w.name != owner).collect();
    let mut stream = c.http.get(others[0].url(&format!("/api/rooms/{room}/stream"))).send().await.unwrap();
    assert_eq!(stream.status(), 200, "a stream through {}", others[0].name);
    let said = "başka bir kapıdan merhaba";
    let r = c
        .http
        .post(others[1].url(&format!("/api/rooms/{room}/messages")))
        .json(&json!({"author": "Defne", "text": said}));
    let r = r.send().await.unwrap();
    assert_eq!(r.status(), 201, "a post through {}: {}", others[1].name, r.text().await.unwrap());
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    c.acknowledged.push((room.clone(), id));
    let mut seen = String::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !seen.contains(said) {
        assert!(Instant::now() < deadline, "the post did not reach the forwarded stream: {seen}");
        match tokio::time::timeout(Duration::from_secs(1), stream.chunk()).await {
            Ok(Ok(Some(chunk))) => seen.push_str(&String::from_utf8_lossy(&chunk)),
            Ok(other) => panic!("the forwarded stream ended: {other:?}"),
            Err(_) => {}
        }
    }
    drop(stream);
    // A request already forwarded once is not forwarded again: the owner is named.
    let url = c.workers.iter().find(|w| w.name != owner).unwrap().url(&format!("/api/rooms/{room}/messages"));
    let r = c.http.post(url).header("x-piyasa-forwarded-by", "w9").json(&json!({"author": "Defne", "text": "selam"}));
    let r = r.send().await.unwrap();
    assert_eq!(r.status(), 421);
    assert!(r.text().await.unwrap().contains(&format!("runs on worker {owner}")));

    // People talk everywhere; the room with the most company is the victim's.
    for room in all_rooms() {
        assert!(c.post(&room, &format!("@{} bugün endeks ne olur sence?", asked(&room))).await, "post in {room}");
    }
    c.until("every room answers", Duration::from_secs(30), || async {
        let mut all = true;
        for room in all_rooms() {
            all &= c.bot_messages_after(&room, 0).await > 0;
        }
        all
    })
    .await;

    // SIGKILL mid-turn: a person just asked in each of its rooms.
    let victim = c.busiest(&all_rooms()).await;
    let its_rooms: Vec<String> = c.owners().await.into_iter().filter(|(_, o)| *o == victim).map(|(r, _)| r).collect();
    for room in &its_rooms {
        c.post(room, &format!("@{} faiz kararı ne olur?", asked(room))).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let killed = Instant::now();
    c.kill(&victim);
    c.until("the killed worker's rooms run on the others", Duration::from_secs(10), || async {
        let owners = c.owners().await;
        its_rooms.iter().all(|r| owners.get(r).is_some_and(|o| *o != victim))
    })
    .await;
    let takeover = killed.elapsed();
    row(
        &format!("worker SIGKILLed mid-turn ({} rooms, lease {TTL_MS} ms)", its_rooms.len()),
        takeover,
        "rooms taken over by the other workers",
    );
    let mark = c.last_id().await;
    for room in &its_rooms {
        assert!(
            c.post(room, &format!("@{} hâlâ burada mısınız?", asked(room))).await,
            "post in {room} after the takeover"
        );
    }
    c.until("the taken rooms answer", Duration::from_secs(30), || async {
        let mut all = true;
        for room in &its_rooms {
            all &= c.bot_messages_after(room, mark).await > 0;
        }
        all
    })
    .await;

    // SIGTERM: the worker gives its leases back; the last one takes them at once.
    let alive: Vec<String> = c.workers.iter().filter(|w| w.child.is_some()).map(|w| w.name.clone()).collect();
    let (leaving, staying) = (alive[0].clone(), alive[1].clone());
    let stopped = Instant::now();
    {
        let w = c.workers.iter_mut().find(|w| w.name == leaving).unwrap();
        w.signal("-TERM");
        let mut child = w.child.take().unwrap();
        let status = child.wait().unwrap();
        assert!(status.success(), "SIGTERM exit: {status}");
    }
    let handover = c
        .until("the last worker runs every room", Duration::from_secs(10), || async {
            let owners = c.owners().await;
            owners.len() == all_rooms().len() && owners.values().all(|o| *o == staying)
        })
        .await;
    row(
        "worker stopped with SIGTERM (leases given back)",
        stopped.elapsed().max(handover),
        "the last worker runs every room",
    );

    // A write under a token from before the takeovers is refused by the store.
    let room = &its_rooms[0];
    let stale = c.store.fence(room).await.unwrap().unwrap().token - 1;
    let m = NewMessage {
        room_id: room.clone(),
        author_kind: engine::transcript::AuthorKind::Bot,
        author_id: "mehmet_bist".into(),
        author_name: "🤖 Mehmet".into(),
        reply_to: None,
        bot_depth: 0,
        text: "eski sahibin geç kalan mesajı".into(),
        status: schema::MessageStatus::Sent,
        status_reason: None,
        created_at: 0,
        sent_at: Some(0),
        provider: None,
        model: None,
        tokens_in: None,
        tokens_out: None,
        latency_ms: None,
    };
    let refused = c.store.insert_message_fenced(&m, stale).await;
    assert!(matches!(refused, Err(StoreError::Fenced { .. })), "{refused:?}");
    c.check_kept_and_fenced().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workers_cut_off_from_redis_fall_silent_then_recover() {
    let _one = serial().await;
    let mut c = one_worker_with_rooms().await;
    c.start("w2");
    c.until("the rooms spread over two workers", Duration::from_secs(15), || async {
        let owners = c.owners().await;
        owners.len() == all_rooms().len() && ["w1", "w2"].iter().all(|w| owners.values().any(|o| o == w))
    })
    .await;
    let killed = Instant::now();
    c.redis.kill();
    // Each worker keeps its rooms until its leases would lapse, then stops them.
    let silent = c
        .until("every room stops", Duration::from_millis(TTL_MS + 2_000), || async { c.owners().await.is_empty() })
        .await;
    assert!(silent < Duration::from_millis(TTL_MS), "rooms ran {silent:?} without a lease (TTL {TTL_MS} ms)");
    let health = c.health(c.worker("w1")).await;
    assert_eq!(health["status"], "degraded", "{health}");
    assert_eq!(health["workers"]["redis_ok"], false, "{health}");
    // Nobody speaks while Redis is gone (a moment for writes already under way).
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mark = c.last_id().await;
    tokio::time::sleep(Duration::from_secs(30).saturating_sub(killed.elapsed())).await;
    assert_eq!(c.last_id().await, mark, "a message was stored while no worker held a lease");
    c.redis.restart().unwrap();
    let back = c
        .until("every room runs again", Duration::from_secs(15), || async {
            c.owners().await.len() == all_rooms().len()
        })
        .await;
    row(
        "Redis killed for 30 s (2 workers)",
        back,
        &format!("rooms stopped {:.1} s after the kill; none spoke", silent.as_secs_f64()),
    );
    let mark = c.last_id().await;
    assert!(c.post(ROOM, &format!("@{} döndünüz mü?", asked(ROOM))).await);
    c.until("the room answers again", Duration::from_secs(30), || async { c.bot_messages_after(ROOM, mark).await > 0 })
        .await;
    c.check_kept_and_fenced().await;
}
