//! A store, a fake Telegram and bots with accounts, for each test.

use actors::clock::Clock;
use engine::community::Community as CommunityFile;
use engine::ids::BotId;
use engine::telegram::limits::SendLimits;
use engine::telegram::outbox::OutboxStatus;
use fakes::{FakeLimits, FakeTelegram};
use schema::{NewOutbox, OutboxRow, Store, TelegramChatRow};
use secrecy::SecretString;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use telegram::TelegramSettings;
use telegram::api::BotApi;
use telegram::sender::Sender;

pub const ROOM: &str = "piyasa-sohbet";

/// Everything a test needs; the temp dir lives as long as the store.
pub struct TestWorld {
    pub fake: FakeTelegram,
    pub store: Store,
    pub settings: TelegramSettings,
    /// (persona username, Telegram username, token)
    pub bots: Vec<(String, String, String)>,
    pub chat: i64,
    _dir: tempfile::TempDir,
}

pub fn token(i: usize) -> String {
    format!("{}:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp_{i:02}", 700_000 + i)
}

/// The bundled personas cloned into `n` bots with unique usernames.
pub fn personas(n: usize) -> CommunityFile {
    let mut c = CommunityFile::from_yaml(include_str!("../../../data/community.yaml")).unwrap();
    let base = c.personas.clone();
    c.personas = (0..n)
        .map(|i| {
            let mut p = base[i % base.len()].clone();
            let suffix = format!("_{}", i + 1);
            let stem: String = p.username.as_str().chars().take(32 - suffix.len()).collect();
            p.username = BotId::parse(&format!("{stem}{suffix}")).unwrap();
            p.name = format!("{} {}", p.name, i + 1);
            p
        })
        .collect();
    c.room.slug = engine::ids::RoomId::parse(ROOM).unwrap();
    c
}

/// Channel settings for the fake: its URL, a fresh key, Telegram's limits
/// with every window divided by `factor`, short timeouts.
pub fn settings(fake: &FakeTelegram, factor: u32) -> TelegramSettings {
    TelegramSettings {
        enabled: true,
        api_base_url: fake.base_url(),
        token_key: Some(telegram::crypto::TokenCipher::new_key().unwrap()),
        limits: SendLimits::default().compressed(i64::from(factor)),
        safety_margin_ms: 100 / i64::from(factor),
        typing_refresh_ms: 4_000 / i64::from(factor),
        startup_stagger_ms: 0,
        poll_timeout_s: 1,
        request_timeout_ms: 1_500,
        retry_base_ms: 20,
        retry_max_ms: 200,
        conflict_retry_ms: 100,
        // Off unless a test is about them (they would add Bot API calls).
        reaction_chance: 0.0,
        ..TelegramSettings::default()
    }
}

/// A fake group with `n` persona bots (one listener if `listener`), each
/// added through `admin::add_bot` (getMe against the fake), and the room
/// mapped to the group. Time runs `factor` times faster on both sides.
pub async fn world(n: usize, factor: u32, listener: bool) -> TestWorld {
    let w = bare_world(n, factor, listener).await;
    for (i, (persona, _, token)) in w.bots.iter().enumerate() {
        let t = SecretString::from(token.clone());
        telegram::admin::add_bot(&w.store, &w.settings, persona, &t, listener && i == 0, 1).await.unwrap();
    }
    let row =
        TelegramChatRow { room_id: ROOM.into(), chat_id: w.chat, thread_id: None, paused_reason: None, updated_at: 1 };
    w.store.upsert_telegram_chat(&row).await.unwrap();
    w
}

/// The same world with nothing on the Piyasa side yet: the personas are
/// stored and the fake knows the bots and the group, but no account is
/// added and the room is not mapped.
pub async fn bare_world(n: usize, factor: u32, listener: bool) -> TestWorld {
    let fake = FakeTelegram::start_with(FakeLimits::default().compressed(factor));
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
    let settings = settings(&fake, factor);
    let community = personas(n);
    actors::Community::import(&store, &community, "🤖", 1).await.unwrap();
    let chat = fake.add_group("Piyasa Sohbet");
    let mut bots = Vec::new();
    for (i, p) in community.personas.iter().enumerate() {
        let tg = format!("piyasa{}_bot", i + 1);
        fake.add_bot(&token(i), &tg, listener && i == 0);
        fake.add_members(chat, &[tg.as_str()]);
        bots.push((p.username.to_string(), tg, token(i)));
    }
    TestWorld { fake, store, settings, bots, chat, _dir: dir }
}

impl TestWorld {
    /// A sender for every bot, without rooms (sending tests).
    pub fn sender(&self) -> Sender {
        let apis: HashMap<String, BotApi> = self
            .bots
            .iter()
            .map(|(id, _, t)| {
                let api = BotApi::new(
                    &self.settings.api_base_url,
                    &SecretString::from(t.clone()),
                    timeout(&self.settings),
                    1,
                );
                (id.clone(), api.unwrap())
            })
            .collect();
        let (rooms, clock) = (actors::RoomRegistry::default(), Clock::system());
        Sender::new(self.store.clone(), apis, rooms, self.settings.clone(), clock, Default::default())
    }

    /// A planned outbox row for `bot` (index) in the room's chat.
    pub async fn plan(&self, bot: usize, text: &str) -> OutboxRow {
        let mapped = self.store.telegram_chat(ROOM).await.unwrap().unwrap();
        let (chat, thread_id) = (mapped.chat_id, mapped.thread_id);
        self.store
            .insert_outbox(&NewOutbox {
                room_id: ROOM.into(),
                message_id: None,
                bot_id: self.bots[bot].0.clone(),
                chat_id: chat,
                thread_id,
                reply_to_tg: None,
                text: text.into(),
                status: OutboxStatus::Planned,
                reason: None,
                created_at: 1,
                updated_at: 1,
                traceparent: None,
            })
            .await
            .unwrap()
    }

    /// Waits until no outbox row is planned or sending (or gives up after
    /// `limit`, and the assertions that follow say what was left).
    pub async fn settle(&self, limit: Duration) -> Vec<OutboxRow> {
        let start = Instant::now();
        loop {
            let rows = self.store.outbox(ROOM).await.unwrap();
            let busy = rows.iter().any(|r| matches!(r.status, OutboxStatus::Planned | OutboxStatus::Sending));
            if !busy || start.elapsed() > limit {
                return rows;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Bot texts in the fake chat `chat`, with their sender.
    pub fn delivered(&self, chat: i64) -> Vec<(String, String)> {
        self.fake.messages(chat).into_iter().filter(|m| m.from_bot).map(|m| (m.from_name, m.text)).collect()
    }
}

fn timeout(s: &TelegramSettings) -> Duration {
    Duration::from_millis(s.request_timeout_ms)
}

/// Polls `cond` every 20 ms until it holds or `limit` passes; returns whether it held.
pub async fn eventually(limit: Duration, mut cond: impl AsyncFnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if cond().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    cond().await
}

pub fn statuses(rows: &[OutboxRow]) -> Vec<&str> {
    rows.iter().map(|r| r.status.as_str()).collect()
}

/// The room running for real (actors, fake LLM) with the Telegram channel
/// attached; room pacing divided by `factor`.
pub async fn live(w: &TestWorld, factor: u32) -> (actors::Community, telegram::Channel) {
    let community = rooms(w, factor).await;
    let ch = attach(w, &community).await;
    (community, ch)
}

/// The room running for real (actors, fake LLM), no channel yet.
pub async fn rooms(w: &TestWorld, factor: u32) -> actors::Community {
    use actors::llm::{ProviderConfig, ProviderKind};
    let f = 1.0 / f64::from(factor);
    let mut cs = actors::CommunitySettings::default();
    cs.room.pacing = cs.room.pacing.scaled(f);
    cs.room.pacing.daily_curve = false;
    cs.room.floor.human_wait_ms = (cs.room.floor.human_wait_ms as f64 * f) as i64;
    cs.room.turn_timeout_ms = (cs.room.turn_timeout_ms as f64 * f) as i64;
    let providers = vec![ProviderConfig::new("fake", ProviderKind::Fake)];
    actors::Community::start(w.store.clone(), &providers, cs, Clock::system()).await.unwrap()
}

/// The Telegram channel attached to running rooms.
pub async fn attach(w: &TestWorld, community: &actors::Community) -> telegram::Channel {
    let policy = engine::disclosure::DEFAULT_PRIVACY_POLICY;
    telegram::Channel::start(
        w.store.clone(),
        &community.registry(),
        &w.settings,
        "🤖",
        policy,
        Clock::system(),
        community.meter.metrics().clone(),
        None,
    )
    .await
    .unwrap()
}

/// A webhook call to `uri` carrying `secret` (the body is the caller's).
pub fn webhook_call(uri: &str, secret: &str) -> actix_web::test::TestRequest {
    actix_web::test::TestRequest::post().uri(uri).insert_header((telegram::webhook::SECRET_HEADER, secret))
}
