//! A real `piyasa run` process between fake servers: the fake
//! OpenAI-compatible LLM and the fake Telegram Bot API (both `fakes`), a
//! store of its own (SQLite in a temporary folder, or a PostgreSQL URL), one
//! room mapped to a Telegram group where three bots have accounts. People
//! post over HTTP; the test kills, restarts and breaks things around it and
//! then checks what was kept against what was acknowledged.

use fakes::{FakeLlm, FakeTelegram};
use serde_json::{Value, json};
use std::io::{BufRead as _, BufReader, Read as _};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const ROOM: &str = "piyasa-sohbet";
pub const COMMUNITY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/community.yaml");
const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
/// The bots with Telegram accounts: (persona, Telegram username, token).
pub const BOTS: [(&str, &str, &str); 3] = [
    ("mehmet_bist", "mehmet_piyasa_bot", "123456:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp_x"),
    ("ayse_makro", "ayse_piyasa_bot", "223456:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp_y"),
    ("can_scalp", "can_piyasa_bot", "323456:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp_z"),
];

/// One serial fault case at a time: each runs a whole process and measures time.
pub async fn serial() -> tokio::sync::MutexGuard<'static, ()> {
    static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    LOCK.lock().await
}

pub struct Stack {
    pub dir: tempfile::TempDir,
    pub db: String,
    pub llm: FakeLlm,
    pub tg: FakeTelegram,
    pub chat: i64,
    pub port: u16,
    child: Option<Child>,
    log: Arc<Mutex<String>>,
    http: reqwest::Client,
    /// People's messages the server acknowledged (201).
    pub acknowledged: Vec<Acked>,
    /// Settings of the process over the stack's own (`PIYASA_*`, applied at start).
    pub settings: Vec<(&'static str, String)>,
}

/// A person's message the server acknowledged (201).
pub struct Acked {
    pub room: String,
    pub id: i64,
    pub text: String,
}

/// `piyasa` in `dir` on the store `db`, with none of this environment's
/// `PIYASA_*` settings and `extra` on top.
pub fn piyasa(dir: &std::path::Path, db: &str, extra: &[(&str, String)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_piyasa"));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("PIYASA_") {
            cmd.env_remove(key);
        }
    }
    cmd.env_remove("RUST_LOG").env("PIYASA_DATABASE__URL", db).env("PIYASA_TELEGRAM__TOKEN_KEY", KEY).current_dir(dir);
    cmd.envs(extra.iter().map(|(k, v)| (*k, v.as_str())));
    cmd
}

impl Stack {
    /// A fresh SQLite store.
    pub async fn sqlite() -> Stack {
        let mut s = Self::sqlite_unstarted();
        s.start();
        s
    }

    /// A fresh SQLite store, set up but not started.
    pub fn sqlite_unstarted() -> Stack {
        Self::sqlite_unstarted_from(COMMUNITY)
    }

    /// The same with another community file (its room must be [`ROOM`]
    /// and hold the [`BOTS`]).
    pub fn sqlite_unstarted_from(community: &str) -> Stack {
        let dir = tempfile::tempdir().unwrap();
        let db = format!("sqlite://{}", dir.path().join("piyasa.db").display());
        Self::prepare_from(dir, db, community)
    }

    /// The community imported, three bots with accounts in the group, and
    /// the process started.
    pub async fn on(dir: tempfile::TempDir, db: String) -> Stack {
        let mut s = Self::prepare(dir, db);
        s.start();
        s
    }

    /// The community imported and three bots with accounts in the group;
    /// not started yet.
    pub fn prepare(dir: tempfile::TempDir, db: String) -> Stack {
        Self::prepare_from(dir, db, COMMUNITY)
    }

    fn prepare_from(dir: tempfile::TempDir, db: String, community: &str) -> Stack {
        let tg = FakeTelegram::start();
        let chat = tg.add_group("Piyasa");
        let api = [("PIYASA_TELEGRAM__API_BASE_URL", tg.base_url())];
        let setup = |args: &[&str], env: &[(&str, String)]| {
            let out = piyasa(dir.path(), &db, &[&api[..], env].concat()).args(args).output().unwrap();
            let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            assert!(out.status.success(), "piyasa {args:?}: {text}");
        };
        setup(&["personas", "import", community], &[]);
        for (bot, username, token) in BOTS {
            tg.add_bot(token, username, bot == "mehmet_bist");
            tg.add_members(chat, &[username]);
            setup(&["bots", "add", bot], &[("BOT_TOKEN", token.to_string())]);
        }
        setup(&["rooms", "add", ROOM, "--chat", &chat.to_string()], &[]);
        for (bot, _, _) in BOTS {
            setup(&["rooms", "join", ROOM, bot], &[]);
        }
        Stack {
            dir,
            db,
            llm: FakeLlm::start(),
            tg,
            chat,
            port: 0,
            child: None,
            log: Arc::default(),
            http: reqwest::Client::builder().cookie_store(true).timeout(Duration::from_secs(10)).build().unwrap(),
            acknowledged: Vec::new(),
            settings: Vec::new(),
        }
    }

    /// Runs a `piyasa` command against this stack's store; its output.
    pub fn cli(&self, args: &[&str], env: &[(&str, String)]) -> String {
        let out = piyasa(self.dir.path(), &self.db, env).args(args).output().unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "piyasa {args:?}: {text}");
        text
    }

    /// An operator's browser, logged in as `username` (made with `piyasa
    /// admin create` before the start), and its CSRF token.
    pub async fn operator(&self, username: &str, password: &str) -> (reqwest::Client, String) {
        let op = reqwest::Client::builder().cookie_store(true).timeout(Duration::from_secs(10)).build().unwrap();
        let login = json!({"username": username, "password": password});
        let r = op.post(self.url("/api/auth/login")).json(&login).send().await.unwrap();
        assert_eq!(r.status(), 200, "operator login");
        let csrf = r.json::<Value>().await.unwrap()["csrf_token"].as_str().unwrap().to_string();
        (op, csrf)
    }

    /// The running process's id.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        let v = |s: &str| s.to_string();
        let telegram = vec![
            ("PIYASA_TELEGRAM__ENABLED", v("true")),
            ("PIYASA_TELEGRAM__API_BASE_URL", self.tg.base_url()),
            ("PIYASA_TELEGRAM__POLL_TIMEOUT_S", v("1")),
            ("PIYASA_TELEGRAM__STARTUP_STAGGER_MS", v("0")),
            ("PIYASA_TELEGRAM__RETRY_BASE_MS", v("100")),
            ("PIYASA_MARKET__ALLOW_SIMULATED_TELEGRAM", v("true")),
        ];
        [fast_rooms(&self.llm), telegram].concat()
    }

    /// Starts `piyasa run` and waits until it says it is live.
    pub fn start(&mut self) {
        assert!(self.child.is_none(), "already running");
        let env = [self.env(), self.settings.clone()].concat();
        let (child, port) = spawn_live(piyasa(self.dir.path(), &self.db, &env), &self.log);
        self.port = port;
        self.child = Some(child);
    }

    /// SIGKILL: no shutdown of any kind.
    pub fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().unwrap();
            c.wait().unwrap();
        }
    }

    /// SIGTERM, and the exit waited for.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            Command::new("kill").args(["-TERM", &c.id().to_string()]).status().unwrap();
            let deadline = Instant::now() + Duration::from_secs(30);
            while c.try_wait().unwrap().is_none() {
                assert!(Instant::now() < deadline, "still running 30 s after SIGTERM");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// A person's message (one browser: the person's cookie is kept); kept
    /// in `acknowledged` when the server said 201.
    pub async fn post(&mut self, author: &str, text: &str) -> Option<i64> {
        let browser = self.http.clone();
        self.post_from(&browser, ROOM, author, text).await
    }

    /// A person's message from this browser (a client with its own cookie
    /// store) in `room`; kept in `acknowledged` when the server said 201.
    pub async fn post_from(&mut self, browser: &reqwest::Client, room: &str, author: &str, text: &str) -> Option<i64> {
        let body = json!({"author": author, "text": text});
        let r = browser.post(self.url(&format!("/api/rooms/{room}/messages"))).json(&body).send().await.ok()?;
        if r.status() != 201 {
            eprintln!("post refused: {} {}", r.status(), r.text().await.unwrap_or_default());
            return None;
        }
        let id = r.json::<Value>().await.ok()?["id"].as_i64()?;
        self.acknowledged.push(Acked { room: room.to_string(), id, text: text.to_string() });
        Some(id)
    }

    /// `/health`'s body (200 or 503).
    pub async fn health(&self) -> Value {
        self.http.get(self.url("/health")).send().await.unwrap().json().await.unwrap()
    }

    /// The room's history (the newest 500), oldest first.
    pub async fn history(&self) -> Vec<Value> {
        let r = self.http.get(self.url(&format!("/api/rooms/{ROOM}/messages?limit=500"))).send().await.unwrap();
        assert_eq!(r.status(), 200);
        r.json().await.unwrap()
    }

    /// Bot messages in the room with an id above `after`.
    pub async fn bot_messages_after(&self, after: i64) -> Vec<Value> {
        let all = self.history().await;
        all.into_iter().filter(|m| m["author"]["kind"] == "bot" && m["id"].as_i64().unwrap() > after).collect()
    }

    /// The newest message id in the room (0 when empty).
    pub async fn last_id(&self) -> i64 {
        self.history().await.last().map_or(0, |m| m["id"].as_i64().unwrap())
    }

    /// Waits until `done` holds; how long it took (panics after `limit`).
    pub async fn until<F, Fut>(&self, what: &str, limit: Duration, mut done: F) -> Duration
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let started = Instant::now();
        while !done().await {
            assert!(started.elapsed() < limit, "{what}: not within {limit:?}\n{}", self.log());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        started.elapsed()
    }

    /// Bot messages sent to the group (200-answered `sendMessage`s): (bot username, text).
    pub fn sent_to_group(&self) -> Vec<(String, String)> {
        self.tg
            .calls_of("sendMessage")
            .into_iter()
            .filter(|c| c.status == 200)
            .map(|c| (c.bot, c.params["text"].as_str().unwrap_or_default().to_string()))
            .collect()
    }

    /// What every fault case must end with, the process stopped: each
    /// acknowledged message stored once; every stored bot message at most
    /// once in the group; every outbox row the fake answered 200 marked sent,
    /// and none sent twice.
    pub async fn check_nothing_lost_or_doubled(&mut self) {
        self.stop();
        let store = schema::Store::connect(&self.db).await.unwrap();
        let mut rooms: Vec<&str> = self.acknowledged.iter().map(|a| a.room.as_str()).collect();
        rooms.sort_unstable();
        rooms.dedup();
        for room in rooms {
            let stored = store.recent_messages(room, 1_000_000).await.unwrap();
            let mut copies = std::collections::HashMap::<&str, usize>::new();
            for m in &stored {
                *copies.entry(m.text.as_str()).or_default() += 1;
            }
            let by_id: std::collections::HashMap<i64, &str> = stored.iter().map(|m| (m.id, m.text.as_str())).collect();
            for Acked { id, text, .. } in self.acknowledged.iter().filter(|a| a.room == room) {
                assert_eq!(by_id.get(id), Some(&text.as_str()), "acknowledged message {id} ({text}) lost in {room}");
                let n = copies[text.as_str()];
                assert_eq!(n, 1, "a person's message stored {n} times in {room}: {text}");
            }
        }
        let sent = self.sent_to_group();
        let outbox = store.outbox(ROOM).await.unwrap();
        // A bot may say the same words twice (two messages, two outbox rows);
        // a message sent twice shows as more sends of a text than its rows.
        let username = |persona: &str| BOTS.iter().find(|b| b.0 == persona).map_or(persona, |b| b.1).to_string();
        use engine::telegram::outbox::OutboxStatus::{Sending, Sent, Unknown};
        let mut rows = std::collections::HashMap::<(String, String), usize>::new();
        for r in outbox.iter().filter(|r| matches!(r.status, Sent | Unknown)) {
            *rows.entry((username(&r.bot_id), r.text.clone())).or_default() += 1;
        }
        let mut sends = std::collections::HashMap::<(String, String), usize>::new();
        for s in &sent {
            *sends.entry(s.clone()).or_default() += 1;
        }
        for (what, n) in &sends {
            let planned = rows.get(what).copied().unwrap_or(0);
            assert!(*n <= planned.max(1), "sent to the group {n} times, {planned} outbox rows: {what:?}");
        }
        // A graceful stop lets the sends in flight get their answers.
        if let Some(r) = outbox.iter().find(|r| r.status == Sending) {
            let log = self.log();
            let tail: String =
                log.lines().rev().take(60).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n");
            panic!("a send left in flight by a graceful stop: row {} ({} attempts)\n{tail}", r.id, r.attempts);
        }
        let marked = outbox.iter().filter(|r| r.status == Sent).count();
        // A row whose answer never came (killed mid-send) is `unknown`: maybe sent, never again.
        let unknown = outbox.iter().filter(|r| r.status == Unknown).count();
        assert!(
            marked <= sent.len() && sent.len() <= marked + unknown,
            "outbox rows marked sent {marked} (unknown {unknown}) vs sendMessage answered 200: {}",
            sent.len()
        );
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// The fake LLM and a room paced for tests: bots answer within a second.
pub fn fast_rooms(llm: &FakeLlm) -> Vec<(&'static str, String)> {
    let v = |s: &str| s.to_string();
    vec![
        ("PIYASA_LLM__PROVIDER", v("openai")),
        ("PIYASA_LLM__BASE_URL", llm.base_url()),
        ("PIYASA_LLM__MODEL", v(fakes::FAKE_MODEL)),
        ("PIYASA_LLM__TIMEOUT_MS", v("1000")),
        ("PIYASA_ROOM__PACING__DAILY_CURVE", v("false")),
        ("PIYASA_ROOM__PACING__MEAN_GAP_MS", v("1500")),
        ("PIYASA_ROOM__PACING__MIN_GAP_MS", v("150")),
        ("PIYASA_ROOM__PACING__HUMAN_RESPONSE_MS", v("100")),
        ("PIYASA_ROOM__PACING__MAX_TYPING_MS", v("400")),
        ("PIYASA_ROOM__PACING__MAX_READ_MS", v("200")),
        ("PIYASA_ROOM__TURN_TIMEOUT_MS", v("5000")),
        ("PIYASA_PEOPLE__POST_BURST", v("1000")),
        ("PIYASA_PEOPLE__POSTS_PER_MINUTE", v("100000")),
    ]
}

/// Spawns `cmd run --port 0`, copies its log into `log`, and waits until it
/// says it is live; the process and its port.
pub fn spawn_live(mut cmd: Command, log: &Arc<Mutex<String>>) -> (Child, u16) {
    let mut child = cmd.args(["run", "--port", "0"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut err = child.stderr.take().unwrap();
    let copy = log.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = err.read(&mut buf) {
            if n == 0 {
                break;
            }
            copy.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = loop {
        let Some(Ok(line)) = lines.next() else {
            panic!("piyasa run ended before it was live:\n{}", log.lock().unwrap())
        };
        if let Some(url) = line.trim().strip_prefix("Piyasa is live: open http://127.0.0.1:") {
            break url.trim_end_matches('/').parse().unwrap();
        }
    };
    // Keep draining stdout so the process never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, port)
}
