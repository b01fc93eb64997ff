//! Workers (issue 14): several real `piyasa run` processes on one PostgreSQL
//! database and a Redis of the test's own (`redis-server` on a free port),
//! the rooms shared out by leases. One worker is SIGKILLed mid-turn, one is
//! stopped with SIGTERM, and Redis is killed for 30 s; each case checks who
//! runs which room (`/health`), that people's messages are all kept, and
//! from the fencing tokens stored with every message that no two workers
//! ever wrote for one room at once.

use crate::row;
use crate::stack::{COMMUNITY, ROOM, fast_rooms, piyasa, serial, spawn_live};
use fakes::FakeLlm;
use schema::{NewMessage, Store, StoreError};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const OPERATOR: &str = "nobetci";
const PASSWORD: &str = "workers-test-parola-2026";
/// Short leases, so a test waits seconds, not minutes.
const TTL_MS: u64 = 3_000;
/// The rooms the operator opens besides the community's (with their bots).
const ROOMS: [&str; 7] = ["oda-bist", "oda-doviz", "oda-kripto", "oda-emtia", "oda-faiz", "oda-banka", "oda-enerji"];
const BOTS: [&str; 3] = ["mehmet_bist", "ayse_makro", "can_scalp"];

/// One worker process.
struct Worker {
    name: String,
    child: Option<Child>,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Worker {
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn signal(&self, sig: &str) {
        let pid = self.child.as_ref().expect("running").id().to_string();
        assert!(Command::new("kill").args([sig, &pid]).status().unwrap().success());
    }
}

/// The workers, their store, Redis and the fake LLM.
struct Cluster {
    dir: tempfile::TempDir,
    db: String,
    store: Store,
    redis: fakes::RedisServer,
    llm: FakeLlm,
    workers: Vec<Worker>,
    http: reqwest::Client,
    /// People's messages acknowledged (room, id).
    acknowledged: Vec<(String, i64)>,
}

impl Cluster {
    /// A fresh PostgreSQL database with the community's personas and an operator.
    async fn new() -> Cluster {
        let db = fresh_pg().await;
        let dir = tempfile::tempdir().unwrap();
        let setup = |args: &[&str], env: &[(&str, String)]| {
            let out = piyasa(dir.path(), &db, env).args(args).output().unwrap();
            assert!(out.status.success(), "piyasa {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        };
        setup(&["personas", "import", COMMUNITY], &[]);
        setup(&["admin", "create", "--username", OPERATOR], &[("ADMIN_PASSWORD", PASSWORD.to_string())]);
        let store = Store::connect(&db).await.unwrap();
        Cluster {
            dir,
            db,
            store,
            redis: fakes::RedisServer::start().unwrap(),
            llm: FakeLlm::start(),
            workers: Vec::new(),
            // One person's browser: the cookie keeps the person's name theirs on every worker.
            http: reqwest::Client::builder().cookie_store(true).timeout(Duration::from_secs(10)).build().unwrap(),
            acknowledged: Vec::new(),
        }
    }

    fn start(&mut self, name: &str) {
        let env = [
            fast_rooms(&self.llm),
            vec![
                ("PIYASA_REDIS__URL", self.redis.url()),
                ("PIYASA_REDIS__WORKER_ID", name.to_string()),
                ("PIYASA_REDIS__LEASE_TTL_MS", TTL_MS.to_string()),
            ],
        ]
        .concat();
        let log = Arc::new(Mutex::new(String::new()));
        let (child, port) = spawn_live(piyasa(self.dir.path(), &self.db, &env), &log);
        self.workers.push(Worker { name: name.to_string(), child: Some(child), port, log });
    }

    fn worker(&self, name: &str) -> &Worker {
        self.workers.iter().find(|w| w.name == name).unwrap()
    }

    async fn health(&self, w: &Worker) -> Value {
        match self.http.get(w.url("/health")).send().await {
            Ok(r) => r.json().await.unwrap_or(Value::Null),
            Err(_) => Value::Null,
        }
    }

    /// Which running worker runs each room, by their own `/health`; a room
    /// run by two workers at once fails the test.
    async fn owners(&self) -> BTreeMap<String, String> {
        let mut owners = BTreeMap::new();
        for w in self.workers.iter().filter(|w| w.child.is_some()) {
            let h = self.health(w).await;
            for room in h["workers"]["rooms"].as_array().into_iter().flatten() {
                let room = room.as_str().unwrap().to_string();
                if let Some(other) = owners.insert(room.clone(), w.name.clone()) {
                    panic!("room {room} runs on {other} and on {} at once", w.name);
                }
            }
        }
        owners
    }

    async fn until<F, Fut>(&self, what: &str, limit: Duration, mut done: F) -> Duration
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let start = Instant::now();
        while !done().await {
            if start.elapsed() > limit {
                let logs: Vec<String> =
                    self.workers.iter().map(|w| format!("--- {}\n{}", w.name, tail(&w.log))).collect();
                panic!("not within {limit:?}: {what}; owners {:?}\n{}", self.owners().await, logs.join("\n"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        start.elapsed()
    }

    /// A person's message posted at the room's owner; kept when
    /// acknowledged. Whether it was, and what the server said.
    async fn post(&mut self, room: &str, text: &str) -> bool {
        let Some(owner) = self.owners().await.get(room).cloned() else {
            println!("post in {room}: no worker runs it");
            return false;
        };
        let body = json!({"author": "Defne", "text": text});
        let url = self.worker(&owner).url(&format!("/api/rooms/{room}/messages"));
        match self.http.post(url).json(&body).send().await {
            Ok(r) if r.status() == 201 => {
                let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
                self.acknowledged.push((room.to_string(), id));
                true
            }
            Ok(r) => {
                println!("post in {room} at {owner}: {} {}", r.status(), r.text().await.unwrap_or_default());
                false
            }
            Err(e) => {
                println!("post in {room} at {owner}: {e}");
                false
            }
        }
    }

    /// Bot messages stored in `room` after message `after`.
    async fn bot_messages_after(&self, room: &str, after: i64) -> usize {
        let rows = self.store.recent_messages(room, 200).await.unwrap();
        rows.iter().filter(|m| m.id > after && m.author_kind == engine::transcript::AuthorKind::Bot).count()
    }

    async fn last_id(&self) -> i64 {
        let mut last = 0;
        for room in all_rooms() {
            last = last.max(self.store.recent_messages(&room, 1).await.unwrap().last().map_or(0, |m| m.id));
        }
        last
    }

    /// Every acknowledged message is stored; in every room the fencing
    /// tokens never go down (no former owner wrote after a new one), and
    /// every message of a worker carries one.
    async fn check_kept_and_fenced(&self) {
        for (room, id) in &self.acknowledged {
            let m = self.store.message(*id).await.unwrap();
            assert!(m.is_some_and(|m| &m.room_id == room), "acknowledged message {id} in {room} was lost");
        }
        for room in all_rooms() {
            let fences = self.store.message_fences(&room).await.unwrap();
            let mut last = 0;
            for (id, fence) in fences {
                let fence = fence.unwrap_or_else(|| panic!("message {id} in {room} was stored without a fence"));
                assert!(fence >= last, "message {id} in {room} was written under token {fence} after token {last}");
                last = fence;
            }
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for w in &mut self.workers {
            if let Some(mut c) = w.child.take() {
                let _ = c.kill();
                let _ = c.wait();
            }
        }
    }
}

fn all_rooms() -> Vec<String> {
    std::iter::once(ROOM).chain(ROOMS).map(str::to_string).collect()
}

fn tail(log: &Arc<Mutex<String>>) -> String {
    let log = log.lock().unwrap();
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

async fn fresh_pg() -> String {
    use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
    let admin =
        std::env::var("PIYASA_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let name = format!("piyasa_workers_{}_{}", std::process::id(), nanos % 1_000_000_007);
    let mut c = AsyncPgConnection::establish(&admin).await.expect("PostgreSQL (set PIYASA_TEST_PG)");
    c.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
    format!("{}/{name}", admin.rsplit_once('/').unwrap().0)
}

/// The first worker alone runs every room; the operator opens the others there.
async fn one_worker_with_rooms() -> Cluster {
    let mut c = Cluster::new().await;
    c.start("w1");
    c.until("w1 runs the community's room", Duration::from_secs(15), || async { c.owners().await.contains_key(ROOM) })
        .await;
    let op = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let w1 = c.worker("w1");
    let r = op.post(w1.url("/api/auth/login")).json(&json!({"username": OPERATOR, "password": PASSWORD})).send();
    let r = r.await.unwrap();
    assert_eq!(r.status(), 200);
    let csrf = r.json::<Value>().await.unwrap()["csrf_token"].as_str().unwrap().to_string();
    for slug in ROOMS {
        let body = json!({"slug": slug, "name": slug, "topic": "workers"});
        let r = op.post(w1.url("/api/rooms")).header("X-CSRF-Token", &csrf).json(&body).send().await.unwrap();
        assert!(r.status().is_success(), "create {slug}: {}", r.text().await.unwrap());
        c.until(&format!("w1 runs {slug}"), Duration::from_secs(10), || async { c.owners().await.contains_key(slug) })
            .await;
        for bot in BOTS {
            let url = w1.url(&format!("/api/rooms/{slug}/members"));
            let r = op.post(url).header("X-CSRF-Token", &csrf).json(&json!({"bot": bot})).send().await.unwrap();
            assert!(r.status().is_success(), "{bot} joins {slug}: {}", r.text().await.unwrap());
        }
    }
    c
}

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
        assert!(c.post(&room, "@mehmet_bist bugün endeks ne olur sence?").await, "post in {room}");
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
    let victim = {
        let owners = c.owners().await;
        let mut count: BTreeMap<String, usize> = BTreeMap::new();
        for o in owners.values() {
            *count.entry(o.clone()).or_default() += 1;
        }
        count.into_iter().max_by_key(|(_, n)| *n).unwrap().0
    };
    let its_rooms: Vec<String> = c.owners().await.into_iter().filter(|(_, o)| *o == victim).map(|(r, _)| r).collect();
    for room in &its_rooms {
        c.post(room, "@ayse_makro faiz kararı ne olur?").await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let killed = Instant::now();
    {
        let w = c.workers.iter_mut().find(|w| w.name == victim).unwrap();
        let mut child = w.child.take().unwrap();
        child.kill().unwrap();
        child.wait().unwrap();
    }
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
        assert!(c.post(room, "@can_scalp hâlâ burada mısınız?").await, "post in {room} after the takeover");
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
    assert!(c.post(ROOM, "@mehmet_bist döndünüz mü?").await);
    c.until("the room answers again", Duration::from_secs(30), || async { c.bot_messages_after(ROOM, mark).await > 0 })
        .await;
    c.check_kept_and_fenced().await;
}
