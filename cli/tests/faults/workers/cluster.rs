//! The workers' harness: worker processes around one PostgreSQL database,
//! a Redis of the test's own and the fake LLM; who runs which room, posts,
//! and the checks every case ends with.

use crate::stack::{COMMUNITY, ROOM, fast_rooms, piyasa, spawn_live};
use fakes::FakeLlm;
use schema::Store;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub(super) const OPERATOR: &str = "nobetci";
pub(super) const PASSWORD: &str = "workers-test-parola-2026";
/// Short leases, so a test waits seconds, not minutes.
pub(super) const TTL_MS: u64 = 3_000;
/// The rooms the operator opens besides the community's (with their bots).
pub(super) const ROOMS: [&str; 7] =
    ["oda-bist", "oda-doviz", "oda-kripto", "oda-emtia", "oda-faiz", "oda-banka", "oda-enerji"];
/// Each room's two bots, the first the one people ask: a persona keeps one
/// pace over all its rooms, so each is in the community's room and one
/// other, and the asked ones are the personas with the most messages an hour.
pub(super) const BOTS: [[&str; 2]; 7] = [
    ["can_scalp", "mehmet_bist"],
    ["doviz_kerem", "ihracatci_sermin"],
    ["kripto_emre", "yeni_deniz"],
    ["teknik_burak", "altinci_huseyin"],
    ["elif_ogrenci", "tahvilci_levent"],
    ["selim_karsi", "temettu_zeynep"],
    ["enerji_gokhan", "ayse_makro"],
];

/// The bot people ask in `room` (the community's room: its busiest persona).
pub(super) fn asked(room: &str) -> &'static str {
    ROOMS.iter().position(|r| *r == room).map_or("can_scalp", |i| BOTS[i][0])
}

/// One worker process.
pub(super) struct Worker {
    pub(super) name: String,
    pub(super) child: Option<Child>,
    pub(super) port: u16,
    pub(super) log: Arc<Mutex<String>>,
}

impl Worker {
    pub(super) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub(super) fn signal(&self, sig: &str) {
        let pid = self.child.as_ref().expect("running").id().to_string();
        assert!(Command::new("kill").args([sig, &pid]).status().unwrap().success());
    }
}

/// The workers, their store, Redis and the fake LLM.
pub(super) struct Cluster {
    pub(super) dir: tempfile::TempDir,
    pub(super) db: String,
    pub(super) store: Store,
    pub(super) redis: fakes::RedisServer,
    pub(super) llm: FakeLlm,
    pub(super) workers: Vec<Worker>,
    pub(super) http: reqwest::Client,
    /// People's messages acknowledged (room, id).
    pub(super) acknowledged: Vec<(String, i64)>,
    /// Settings every worker starts with besides the harness's own.
    pub(super) extra: Vec<(&'static str, String)>,
}

impl Cluster {
    /// A fresh PostgreSQL database with the community's personas and an operator.
    pub(super) async fn new() -> Cluster {
        Self::with(Vec::new()).await
    }

    /// The same, every worker (and command) with the settings `extra`.
    pub(super) async fn with(extra: Vec<(&'static str, String)>) -> Cluster {
        let db = fresh_pg().await;
        let dir = tempfile::tempdir().unwrap();
        let setup = |args: &[&str], env: &[(&str, String)]| {
            let out = piyasa(dir.path(), &db, &[&extra[..], env].concat()).args(args).output().unwrap();
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
            extra,
        }
    }

    /// Runs a `piyasa` command on the cluster's database (with `env` and the
    /// workers' extra settings); its output.
    pub(super) fn cli(&self, args: &[&str], env: &[(&str, String)]) -> String {
        let env = [&self.extra[..], env].concat();
        let out = piyasa(self.dir.path(), &self.db, &env).args(args).output().unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "piyasa {args:?}: {text}");
        text
    }

    pub(super) fn start(&mut self, name: &str) {
        let env = [
            fast_rooms(&self.llm),
            vec![
                ("PIYASA_REDIS__URL", self.redis.url()),
                ("PIYASA_REDIS__WORKER_ID", name.to_string()),
                ("PIYASA_REDIS__LEASE_TTL_MS", TTL_MS.to_string()),
            ],
            self.extra.clone(),
        ]
        .concat();
        let log = Arc::new(Mutex::new(String::new()));
        let (child, port) = spawn_live(piyasa(self.dir.path(), &self.db, &env), &log);
        self.workers.push(Worker { name: name.to_string(), child: Some(child), port, log });
    }

    pub(super) fn worker(&self, name: &str) -> &Worker {
        self.workers.iter().find(|w| w.name == name).unwrap()
    }

    pub(super) async fn health(&self, w: &Worker) -> Value {
        match self.http.get(w.url("/health")).send().await {
            Ok(r) => r.json().await.unwrap_or(Value::Null),
            Err(_) => Value::Null,
        }
    }

    /// Which running worker runs each room, by their own `/health`; a room
    /// run by two workers at once fails the test.
    pub(super) async fn owners(&self) -> BTreeMap<String, String> {
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

    pub(super) async fn until<F, Fut>(&self, what: &str, limit: Duration, mut done: F) -> Duration
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
    pub(super) async fn post(&mut self, room: &str, text: &str) -> bool {
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

    /// The worker running the most of `rooms`.
    pub(super) async fn busiest(&self, rooms: &[String]) -> String {
        let owners = self.owners().await;
        let mut count: BTreeMap<&String, usize> = BTreeMap::new();
        for owner in rooms.iter().filter_map(|r| owners.get(r)) {
            *count.entry(owner).or_default() += 1;
        }
        count.into_iter().max_by_key(|(_, n)| *n).map(|(w, _)| w.clone()).expect("a room runs")
    }

    /// SIGKILLs the worker `name` (no shutdown of any kind) and waits for it.
    pub(super) fn kill(&mut self, name: &str) {
        let w = self.workers.iter_mut().find(|w| w.name == name).unwrap();
        let mut child = w.child.take().unwrap();
        child.kill().unwrap();
        child.wait().unwrap();
    }

    /// Bot messages stored in `room` after message `after`.
    pub(super) async fn bot_messages_after(&self, room: &str, after: i64) -> usize {
        let rows = self.store.recent_messages(room, 200).await.unwrap();
        rows.iter().filter(|m| m.id > after && m.author_kind == engine::transcript::AuthorKind::Bot).count()
    }

    pub(super) async fn last_id(&self) -> i64 {
        let mut last = 0;
        for room in all_rooms() {
            last = last.max(self.store.recent_messages(&room, 1).await.unwrap().last().map_or(0, |m| m.id));
        }
        last
    }

    /// Every acknowledged message is stored; in every room the fencing
    /// tokens never go down (no former owner wrote after a new one), and
    /// every message of a worker carries one.
    pub(super) async fn check_kept_and_fenced(&self) {
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

pub(super) fn all_rooms() -> Vec<String> {
    std::iter::once(ROOM).chain(ROOMS).map(str::to_string).collect()
}

pub(super) fn tail(log: &Arc<Mutex<String>>) -> String {
    let log = log.lock().unwrap();
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

pub(super) async fn fresh_pg() -> String {
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
pub(super) async fn one_worker_with_rooms() -> Cluster {
    with_rooms(Cluster::new().await).await
}

/// `c`'s first worker alone runs every room; the operator opens the others there.
pub(super) async fn with_rooms(mut c: Cluster) -> Cluster {
    c.start("w1");
    c.until("w1 runs the community's room", Duration::from_secs(15), || async { c.owners().await.contains_key(ROOM) })
        .await;
    let op = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let w1 = c.worker("w1");
    let r = op.post(w1.url("/api/auth/login")).json(&json!({"username": OPERATOR, "password": PASSWORD})).send();
    let r = r.await.unwrap();
    assert_eq!(r.status(), 200);
    let csrf = r.json::<Value>().await.unwrap()["csrf_token"].as_str().unwrap().to_string();
    for (slug, bots) in ROOMS.into_iter().zip(BOTS) {
        let body = json!({"slug": slug, "name": slug, "topic": "workers"});
        let r = op.post(w1.url("/api/rooms")).header("X-CSRF-Token", &csrf).json(&body).send().await.unwrap();
        assert!(r.status().is_success(), "create {slug}: {}", r.text().await.unwrap());
        c.until(&format!("w1 runs {slug}"), Duration::from_secs(10), || async { c.owners().await.contains_key(slug) })
            .await;
        for bot in bots {
            let url = w1.url(&format!("/api/rooms/{slug}/members"));
            let r = op.post(url).header("X-CSRF-Token", &csrf).json(&json!({"bot": bot})).send().await.unwrap();
            assert!(r.status().is_success(), "{bot} joins {slug}: {}", r.text().await.unwrap());
        }
    }
    c
}
