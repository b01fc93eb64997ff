//! Starting the real application for a test, and one helper per endpoint.
//!
//! [`spawn_app`] builds `web::startup::Application` exactly as `piyasa run`
//! does, inside the test's actix system, on a free port, with a fresh SQLite
//! file, fast pacing, a fast market and the OpenAI provider pointed at a
//! [`FakeLlm`]. The server's time rules (sessions, lockouts, throttles) run
//! on a manual clock the test moves ([`TestApp::clock`]); the client keeps
//! cookies like a browser; [`TestApp::admin_key`] is an admin API key made
//! straight in the store.

use actix_web::dev::ServerHandle;
use actors::llm::ProviderKind;
use actors::market::MarketSettings;
use engine::pacing::PacingSettings;
use fakes::FakeLlm;
use futures::{Stream, StreamExt};
use serde_json::Value;
use std::pin::Pin;
use std::time::Duration;
use tokio::time::Instant;
use web::settings::Settings;
use web::startup::Application;

/// The bundled community's room.
pub const ROOM: &str = "piyasa-sohbet";
/// The seed project's persona file (6 bots, with Telegram tokens).
pub const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../engine/testdata/seed_demo_personas.json");
/// The bots' AI marker, with the space that follows it in display names.
pub const MARKER: &str = "🤖 ";

/// Longest a plain request may take.
const TIMEOUT: Duration = Duration::from_secs(10);

/// A running application and what a test needs to talk to it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub address: String,
    pub port: u16,
    pub db_url: String,
    pub fake_llm: FakeLlm,
    pub client: reqwest::Client,
    pub server: ServerHandle,
    /// Keeps the SQLite file alive; `None` when the database is not ours.
    pub _dir: Option<tempfile::TempDir>,
    /// The clock of the server's time rules; `advance` it instead of sleeping.
    pub clock: web::clock::Clock,
    /// An admin API key (`Authorization: Bearer`).
    pub admin_key: String,
    pub store: schema::Store,
}

/// Settings for a test: free port, fast room and market, the fake LLM.
pub fn test_settings(db_url: &str, llm_base_url: &str) -> Settings {
    let mut s = Settings::default();
    s.server.port = 0;
    s.database.url = db_url.to_owned();
    s.llm.provider = ProviderKind::Openai;
    s.llm.options.base_url = Some(llm_base_url.to_owned());
    s.llm.options.model = Some(fakes::FAKE_MODEL.to_owned());
    s.llm.options.timeout_ms = 5_000;
    // Wall-clock tests: every hour as busy as a trading hour, whatever the time now.
    s.room.pacing = PacingSettings { daily_curve: false, ..PacingSettings::default() }.scaled(0.02);
    s.room.turn_timeout_ms = 5_000;
    s.market = MarketSettings { step_ms: 100, headline_every_ms: 500, ..MarketSettings::default() };
    // Cheap password hashing (the real cost is a setting; the format is the same).
    s.auth.argon2_memory_kib = 256;
    s.auth.argon2_iterations = 1;
    // Room tests post quickly from one address; the throttle tests set their own limits.
    s.people.post_burst = 10_000;
    s.people.posts_per_minute = 100_000;
    s.validate().expect("test settings are valid");
    s
}

/// A fresh SQLite database in a temporary folder.
pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db_url = format!("sqlite://{}", dir.path().join("piyasa.db").display());
    let mut app = spawn_app_with(&db_url).await;
    app._dir = Some(dir);
    app
}

/// The application on an existing database (restarts, PostgreSQL).
pub async fn spawn_app_with(db_url: &str) -> TestApp {
    spawn_app_tuned(db_url, |_| {}).await
}

/// A persona bot's Telegram token the fake Bot API knows (`mehmet_piyasa_bot`).
pub const TG_TOKEN: &str = "123456:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp_x";
/// A Telegram token key (`telegram.token_key`).
pub const TG_KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

/// The application with Telegram on against a fake Bot API that knows
/// `mehmet_piyasa_bot` (a listener) as a member of one group: the app, the
/// fake and the group's chat id. No account is added and no room mapped yet.
pub async fn spawn_app_with_telegram() -> (TestApp, fakes::FakeTelegram, i64) {
    let fake = fakes::FakeTelegram::start();
    fake.add_bot(TG_TOKEN, "mehmet_piyasa_bot", true);
    let chat = fake.add_group("Piyasa");
    fake.add_members(chat, &["mehmet_piyasa_bot"]);
    let base = fake.base_url();
    let app = spawn_app_with_settings(|s| {
        s.telegram.enabled = true;
        s.telegram.api_base_url = base;
        s.telegram.token_key = Some(TG_KEY.to_string().into());
        s.telegram.startup_stagger_ms = 0;
        s.telegram.poll_timeout_s = 1;
        s.market.allow_simulated_telegram = true;
    })
    .await;
    (app, fake, chat)
}

/// A fresh SQLite database and settings changed by `tune` (limits, timeouts).
pub async fn spawn_app_with_settings(tune: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db_url = format!("sqlite://{}", dir.path().join("piyasa.db").display());
    let mut app = spawn_app_tuned(&db_url, tune).await;
    app._dir = Some(dir);
    app
}

async fn spawn_app_tuned(db_url: &str, tune: impl FnOnce(&mut Settings)) -> TestApp {
    let fake_llm = FakeLlm::start();
    let mut settings = test_settings(db_url, &fake_llm.base_url());
    tune(&mut settings);
    settings.validate().expect("tuned test settings are valid");
    let clock = web::clock::Clock::manual(web::clock::Clock::system().now_ms());
    let app = Application::build_with_clock(&settings, clock.clone()).await.expect("the application builds");
    let (port, server) = (app.port, app.server_handle());
    let store = app.state.auth.store.clone();
    actix_web::rt::spawn(app.run_until_stopped());
    let mut t = TestApp::new(port, db_url, fake_llm, server, store);
    t.clock = clock;
    t.admin_key = t.make_key("test admin", "admin").await;
    t
}

impl TestApp {
    pub fn new(port: u16, db_url: &str, fake_llm: FakeLlm, server: ServerHandle, store: schema::Store) -> TestApp {
        // No idle connections: a graceful stop need not wait for them to time out.
        let client = reqwest::Client::builder().pool_max_idle_per_host(0).cookie_store(true).build();
        TestApp {
            address: format!("http://127.0.0.1:{port}"),
            port,
            db_url: db_url.to_owned(),
            fake_llm,
            client: client.expect("an HTTP client"),
            server,
            _dir: None,
            clock: web::clock::Clock::system(),
            admin_key: String::new(),
            store,
        }
    }

    /// An API key of `role` made straight in the store (as an admin would through the API).
    pub async fn make_key(&self, name: &str, role: &str) -> String {
        let (key, prefix, hash) = web::auth::keys::new_key();
        let role = engine::role::Role::parse(role).expect("a role");
        let new = schema::NewApiKey { name, prefix: &prefix, key_hash: &hash, role, created_by: "test", created_at: 0 };
        self.store.insert_api_key(&new).await.expect("the key is stored");
        key
    }

    /// A GET with the admin API key.
    pub async fn admin_get(&self, path: &str) -> reqwest::Response {
        let r = self.client.get(self.url(path)).bearer_auth(&self.admin_key).timeout(TIMEOUT).send().await;
        r.expect("the request is sent")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).timeout(TIMEOUT).send().await.expect("the request is sent")
    }

    pub async fn get_rooms(&self) -> reqwest::Response {
        self.get("/api/rooms").await
    }

    pub async fn get_messages(&self, limit: usize) -> reqwest::Response {
        self.get(&format!("/api/rooms/{ROOM}/messages?limit={limit}")).await
    }

    /// The room's history (up to 500 messages), oldest first, as JSON.
    pub async fn messages(&self) -> Vec<Value> {
        let r = self.get_messages(500).await;
        assert_eq!(r.status(), 200, "history");
        r.json().await.expect("history is JSON")
    }

    pub async fn post_message(&self, body: &Value) -> reqwest::Response {
        self.post_message_to(ROOM, body).await
    }

    pub async fn post_message_to(&self, room: &str, body: &Value) -> reqwest::Response {
        let url = self.url(&format!("/api/rooms/{room}/messages"));
        self.client.post(url).timeout(TIMEOUT).json(body).send().await.expect("the request is sent")
    }

    /// Posts a raw body with a JSON content type.
    pub async fn post_raw(&self, body: &'static str) -> reqwest::Response {
        let url = self.url(&format!("/api/rooms/{ROOM}/messages"));
        let r =
            self.client.post(url).timeout(TIMEOUT).header("content-type", "application/json").body(body).send().await;
        r.expect("the request is sent")
    }

    /// Posts a person's message that must be accepted; the stored message.
    pub async fn say(&self, author: &str, text: &str) -> Value {
        let r = self.post_message(&serde_json::json!({"author": author, "text": text})).await;
        assert_eq!(r.status(), 201, "posting {text:?}");
        r.json().await.expect("the stored message")
    }

    pub async fn get_health(&self) -> reqwest::Response {
        self.get("/health").await
    }

    pub async fn get_market(&self) -> reqwest::Response {
        self.get("/api/market").await
    }

    pub async fn get_bots(&self) -> reqwest::Response {
        self.admin_get("/api/bots").await
    }

    pub async fn get_members(&self) -> reqwest::Response {
        self.admin_get(&format!("/api/rooms/{ROOM}/members")).await
    }

    /// Subscribes to the room's stream; events sent from now on are seen.
    pub async fn open_stream(&self) -> EventStream {
        self.open_stream_of(ROOM).await
    }

    pub async fn open_stream_of(&self, room: &str) -> EventStream {
        // No overall timeout: the body is read for as long as the test wants.
        let r = self.client.get(self.url(&format!("/api/rooms/{room}/stream"))).send().await.expect("subscribed");
        assert_eq!(r.status(), 200, "stream");
        let kind = r.headers()["content-type"].to_str().unwrap_or_default().to_owned();
        assert!(kind.starts_with("text/event-stream"), "stream content type {kind}");
        EventStream { body: Box::pin(r.bytes_stream()), buf: Vec::new() }
    }

    /// Every event the stream carries for `duration`.
    pub async fn stream_events(&self, duration: Duration) -> Vec<(String, Value)> {
        self.open_stream().await.collect_for(duration).await
    }

    /// Stops the HTTP server (gracefully) and waits until it has stopped.
    pub async fn stop(&self) {
        self.server.stop(true).await;
    }
}

type Body = Pin<Box<dyn Stream<Item = reqwest::Result<actix_web::web::Bytes>>>>;

/// A subscriber on a room's Server-Sent Events stream.
pub struct EventStream {
    body: Body,
    buf: Vec<u8>,
}

impl EventStream {
    /// The next event, or `None` at `deadline` or when the stream ends.
    /// Comment frames (keep-alives) are skipped.
    pub async fn next_before(&mut self, deadline: Instant) -> Option<(String, Value)> {
        loop {
            if let Some(end) = self.buf.windows(2).position(|w| w == b"\n\n") {
                let frame: Vec<u8> = self.buf.drain(..end + 2).collect();
                let frame = String::from_utf8(frame).expect("frames are UTF-8");
                if let Some(event) = parse_frame(&frame) {
                    return Some(event);
                }
                continue;
            }
            match tokio::time::timeout_at(deadline, self.body.next()).await {
                Ok(Some(Ok(chunk))) => self.buf.extend_from_slice(&chunk),
                Ok(Some(Err(e))) => panic!("the stream broke: {e}"),
                Ok(None) | Err(_) => return None,
            }
        }
    }

    /// Every event for `duration`.
    pub async fn collect_for(&mut self, duration: Duration) -> Vec<(String, Value)> {
        let deadline = Instant::now() + duration;
        let mut out = Vec::new();
        while let Some(e) = self.next_before(deadline).await {
            out.push(e);
        }
        out
    }

    /// Reads until an event satisfies `pred` (returned) or `timeout` passes
    /// (panics, listing what was seen).
    pub async fn wait_for(&mut self, timeout: Duration, pred: impl Fn(&str, &Value) -> bool) -> (String, Value) {
        let deadline = Instant::now() + timeout;
        let mut seen = Vec::new();
        while let Some((name, data)) = self.next_before(deadline).await {
            if pred(&name, &data) {
                return (name, data);
            }
            seen.push(name);
        }
        panic!("no matching event within {timeout:?}; saw {} events: {seen:?}", seen.len());
    }
}

/// `event: NAME\ndata: JSON\n\n` into its name and payload.
fn parse_frame(frame: &str) -> Option<(String, Value)> {
    let mut name = None;
    let mut data = String::new();
    for line in frame.lines() {
        if let Some(v) = line.strip_prefix("event:") {
            name = Some(v.trim().to_owned());
        } else if let Some(v) = line.strip_prefix("data:") {
            data.push_str(v.trim_start());
        }
    }
    let name = name?;
    let value = serde_json::from_str(&data).unwrap_or_else(|e| panic!("event {name}: bad JSON {data:?}: {e}"));
    Some((name, value))
}

/// Asserts a JSON error response: its status and snake_case `code`.
pub async fn assert_error(r: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(r.status(), status, "status for expected code {code}");
    let kind = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(kind.starts_with("application/json"), "error content type {kind}");
    let body: Value = r.json().await.expect("the error is JSON");
    assert_eq!(body["code"], code, "{body}");
    let message = body["message"].as_str().expect("a message");
    assert!(!message.is_empty(), "{body}");
    body
}

/// Every log line of this test binary, down to DEBUG: one global subscriber
/// (a thread-local one misses what the store's blocking threads and other
/// runtimes log). Tests look for their own unique markers in it.
pub fn global_logs() -> fakes::LogCapture {
    static LOGS: std::sync::OnceLock<fakes::LogCapture> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = fakes::LogCapture::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::DEBUG)
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber in this binary");
        logs
    })
    .clone()
}
