//! The running Telegram channel: bots with their API handles, the sender,
//! one bridge per mapped room, and the pollers (or webhook secrets).
//! Start-up is staggered: each bot in turn checks `getMe`, sets its name
//! (with the AI marker) and descriptions from `engine::disclosure`, then
//! starts receiving. Bots and chats also come and go while it runs (see
//! `live`): the bots, the running rooms and the bridges are shared state.

use crate::api::{BotApi, webhook_secret};
use crate::crypto::TokenCipher;
use crate::sender::Sender;
use crate::settings::{Mode, TelegramSettings};
use actors::clock::Clock;
use actors::{RoomHandle, RoomRegistry};
use anyhow::Context as _;
use engine::telegram::updates::{UpdateDedup, map_mentions};
use schema::Store;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;
use tokio::task::JoinHandle;

/// Where a chat's room runs.
pub(crate) enum Mapped {
    /// In this process.
    Here(RoomHandle),
    /// Not here: on another worker, or not running (its id).
    Elsewhere(String),
}

/// What the channel knows about one bot account.
#[derive(Debug, Clone)]
pub struct BotInfo {
    pub bot_id: String,
    pub tg_user_id: i64,
    pub tg_username: String,
    pub listener: bool,
    /// The display name with the AI marker.
    pub display_name: String,
    pub(crate) secret: String,
    /// The stored token, encrypted (workers notice a replaced token by it).
    pub(crate) token_cipher: String,
}

/// The channel; cheap to clone.
#[derive(Clone)]
pub struct Channel {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    store: Store,
    settings: TelegramSettings,
    clock: Clock,
    sender: Sender,
    pub(crate) bots: RwLock<HashMap<String, BotInfo>>,
    rooms: RoomRegistry,
    marker: String,
    policy: String,
    /// Each bot's poller while it runs (stopped when the bot is removed).
    pub(crate) pollers: Mutex<HashMap<String, JoinHandle<()>>>,
    /// Each mapped room's bridge while it runs.
    pub(crate) bridges: Mutex<HashMap<String, JoinHandle<()>>>,
    /// Set by `stop`: no poller or bridge starts any more.
    pub(crate) stopping: std::sync::atomic::AtomicBool,
    claimed: Mutex<HashSet<(i64, i32)>>,
    dedup: Mutex<HashMap<String, UpdateDedup>>,
    /// Bots whose updates another consumer reads (a 409), with the report.
    pub(crate) conflicts: Mutex<std::collections::BTreeMap<String, String>>,
    /// Who reacted when (the per-bot gap of emoji reactions).
    reactor: Mutex<engine::telegram::reactions::Reactor>,
    /// Workers mode: the accounts' receiving is shared out by lease
    /// (`receivers`), and a room's sends run where the room runs.
    pub(crate) workers: Option<actors::workers::Workers>,
    /// Decrypts the accounts' tokens (workers follow the stored accounts).
    pub(crate) cipher: Arc<TokenCipher>,
    /// Workers mode: the accounts this worker receives for, each with until
    /// when its lease may be counted on (`receivers`).
    pub(crate) receiving: Mutex<std::collections::BTreeMap<String, tokio::time::Instant>>,
    /// Wakes the receivers' loop (a stop, an account added).
    pub(crate) wake: tokio::sync::Notify,
}

/// Messages claimed by a listener are remembered this long (in count).
const CLAIMS_KEPT: usize = 8192;

impl Channel {
    /// Loads the bot accounts (decrypting their tokens), resumes the outbox,
    /// bridges every mapped room and starts the staggered start-up. With
    /// `workers`, each account receives on the worker holding its lease
    /// and each room's outbox is resumed by the worker that takes the room.
    /// Must run inside an actix system.
    #[expect(clippy::too_many_arguments, reason = "the channel's parts, each from the application")]
    pub async fn start(
        store: Store,
        rooms: &RoomRegistry,
        settings: &TelegramSettings,
        marker: &str,
        policy: &str,
        clock: Clock,
        metrics: actors::metrics::Metrics,
        workers: Option<actors::workers::Workers>,
    ) -> anyhow::Result<Channel> {
        let key = settings.token_key.as_ref().context("telegram.token_key: required when telegram.enabled")?;
        let cipher = TokenCipher::from_hex(key)?;
        let (mut apis, mut bots) = (HashMap::new(), HashMap::new());
        for row in store.telegram_bots().await.context("loading Telegram bots")? {
            let token = cipher.decrypt(&row.bot_id, &row.token_cipher)?;
            let (info, api) = bot_of(&store, settings, marker, &row, &token).await?;
            apis.insert(row.bot_id.clone(), api);
            bots.insert(row.bot_id, info);
        }
        let sender = Sender::new(store.clone(), apis, rooms.clone(), settings.clone(), clock, metrics);
        if workers.is_some() {
            sender.on_workers();
        }
        let ch = Channel {
            inner: Arc::new(Inner {
                store: store.clone(),
                settings: settings.clone(),
                clock,
                sender,
                bots: RwLock::new(bots),
                rooms: rooms.clone(),
                marker: marker.to_string(),
                policy: policy.to_string(),
                pollers: Mutex::default(),
                bridges: Mutex::default(),
                stopping: Default::default(),
                claimed: Mutex::default(),
                dedup: Mutex::default(),
                conflicts: Mutex::default(),
                reactor: Mutex::new(engine::telegram::reactions::Reactor::new(settings.reaction_rules())),
                workers,
                cipher: Arc::new(cipher),
                receiving: Mutex::default(),
                wake: tokio::sync::Notify::new(),
            }),
        };
        let n = ch.inner.bots.read().unwrap_or_else(PoisonError::into_inner).len();
        if let Some(workers) = ch.inner.workers.clone() {
            ch.inner.sender.remember_recent_sends().await?;
            ch.bridge_mapped_rooms().await?;
            actix::spawn(ch.clone().follow_rooms());
            tracing::info!(bots = n, "Telegram channel started on a worker; accounts receive by lease");
            actix::spawn(crate::receivers::run(ch.clone(), workers));
            actix::spawn(crate::receivers::drain_inbox(ch.clone()));
            return Ok(ch);
        }
        let (unknown, resumed) = ch.inner.sender.resume().await?;
        ch.bridge_mapped_rooms().await?;
        actix::spawn(ch.clone().follow_rooms());
        tracing::info!(bots = n, unknown, resumed, "Telegram channel started");
        actix::spawn(ch.clone().stagger());
        Ok(ch)
    }

    /// Starts a bridge for every mapped running room that has none running.
    pub(crate) async fn bridge_mapped_rooms(&self) -> anyhow::Result<()> {
        for chat in self.inner.store.telegram_chats().await? {
            if let Some(room) = self.inner.rooms.get(&chat.room_id) {
                self.start_bridge(room);
            }
        }
        Ok(())
    }

    /// Rooms created, restored or archived while running: bridges follow.
    async fn follow_rooms(self) {
        let mut changes = self.inner.rooms.watch();
        while changes.changed().await.is_ok() {
            if let Err(e) = self.bridge_mapped_rooms().await {
                tracing::warn!(error = %format!("{e:#}"), "bridges could not follow the rooms");
            }
        }
    }

    /// Whether `stop` was called (shutting down).
    pub(crate) fn is_stopping(&self) -> bool {
        self.inner.stopping.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Starts `room`'s bridge unless one is running.
    pub(crate) fn start_bridge(&self, room: RoomHandle) {
        let mut bridges = self.inner.bridges.lock().unwrap_or_else(PoisonError::into_inner);
        if self.is_stopping() || bridges.get(&room.id).is_some_and(|h| !h.is_finished()) {
            return;
        }
        let id = room.id.clone();
        let resume = self.inner.workers.is_some();
        bridges.insert(id, actix::spawn(crate::bridge::run(self.clone(), room, resume)));
    }

    /// One bot after another: identity, profile, then receiving.
    async fn stagger(self) {
        let s = &self.inner.settings;
        let mut bots: Vec<BotInfo> =
            self.inner.bots.read().unwrap_or_else(PoisonError::into_inner).values().cloned().collect();
        bots.sort_by(|a, b| a.bot_id.cmp(&b.bot_id));
        for (i, b) in bots.into_iter().enumerate() {
            if i > 0 {
                tokio::time::sleep(Duration::from_millis(s.startup_stagger_ms as u64)).await;
            }
            self.bring_up(b).await;
        }
    }

    /// A bot's start: its token still names it, its profile says it is an
    /// AI persona, then it receives (a poller, or the webhook).
    pub(crate) async fn bring_up(&self, b: BotInfo) {
        let s = &self.inner.settings;
        let Some(api) = self.inner.sender.api(&b.bot_id) else { return };
        match api.get_me().await {
            Ok(me) if me.id as i64 != b.tg_user_id => {
                tracing::warn!(bot = %b.bot_id, "the token now belongs to another Telegram bot; re-add it")
            }
            Ok(_) => {}
            Err(e) => tracing::error!(bot = %b.bot_id, error = %e, "getMe failed"),
        }
        let description = if self.in_simulated_room(&b.bot_id).await {
            engine::disclosure::profile_description_simulated(&b.display_name)
        } else {
            engine::disclosure::profile_description(&b.display_name)
        };
        let short = engine::disclosure::profile_short_description();
        if let Err(e) = api.set_profile(&b.display_name, &description, &short).await {
            tracing::warn!(bot = %b.bot_id, error = %e, "profile not set");
        }
        match s.mode {
            Mode::Polling => {
                if let Err(e) = api.delete_webhook().await {
                    tracing::warn!(bot = %b.bot_id, error = %e, "deleteWebhook failed");
                }
                let mut pollers = self.inner.pollers.lock().unwrap_or_else(PoisonError::into_inner);
                if self.is_stopping() {
                    return;
                }
                let poller = actix::spawn(crate::poller::run(self.clone(), b.bot_id.clone()));
                if let Some(old) = pollers.insert(b.bot_id.clone(), poller) {
                    old.abort();
                }
            }
            Mode::Webhook => {
                let base = s.webhook_base_url.clone().unwrap_or_default();
                let url = format!("{}/telegram/webhook/{}", base.trim_end_matches('/'), b.bot_id);
                if let Err(e) = api.set_webhook(&url, &b.secret).await {
                    tracing::error!(bot = %b.bot_id, error = %e, "setWebhook failed");
                }
            }
        }
    }

    /// Whether the bot speaks in a Telegram-linked room on simulated prices
    /// (its description then says the prices are simulated).
    async fn in_simulated_room(&self, bot: &str) -> bool {
        let store = &self.inner.store;
        for r in self.inner.rooms.all().into_iter().filter(|r| r.prices == engine::market::PriceMode::Simulated) {
            let linked = store.telegram_chat(&r.id).await.ok().flatten().is_some();
            let member = store.members(&r.id).await.is_ok_and(|m| m.iter().any(|m| m.bot_id == bot && m.active));
            if linked && member {
                return true;
            }
        }
        false
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }
    pub fn sender(&self) -> &Sender {
        &self.inner.sender
    }
    pub fn clock(&self) -> Clock {
        self.inner.clock
    }
    pub fn settings(&self) -> &TelegramSettings {
        &self.inner.settings
    }
    pub fn bot(&self, bot: &str) -> Option<BotInfo> {
        self.inner.bots.read().unwrap_or_else(PoisonError::into_inner).get(bot).cloned()
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    /// The running rooms the channel serves.
    pub(crate) fn rooms(&self) -> &RoomRegistry {
        &self.inner.rooms
    }

    pub(crate) fn put_bot(&self, info: BotInfo) {
        self.inner.bots.write().unwrap_or_else(PoisonError::into_inner).insert(info.bot_id.clone(), info);
    }

    pub(crate) fn take_bot(&self, bot: &str) -> Option<BotInfo> {
        self.inner.bots.write().unwrap_or_else(PoisonError::into_inner).remove(bot)
    }
    pub(crate) fn marker(&self) -> &str {
        &self.inner.marker
    }
    pub(crate) fn policy(&self) -> &str {
        &self.inner.policy
    }

    pub(crate) fn is_our_bot(&self, tg_user_id: i64) -> bool {
        self.inner.bots.read().unwrap_or_else(PoisonError::into_inner).values().any(|b| b.tg_user_id == tg_user_id)
    }

    pub(crate) fn map_mentions(&self, text: &str) -> String {
        let mentions: HashMap<String, String> = (self.inner.bots.read().unwrap_or_else(PoisonError::into_inner))
            .values()
            .map(|b| (b.tg_username.to_ascii_lowercase(), b.bot_id.clone()))
            .collect();
        map_mentions(text, &mentions)
    }

    /// True for the first caller per Telegram message (several listeners see it).
    pub(crate) fn claim(&self, chat: i64, message: i32) -> bool {
        let mut c = self.inner.claimed.lock().unwrap_or_else(PoisonError::into_inner);
        if c.len() > CLAIMS_KEPT {
            c.clear();
        }
        c.insert((chat, message))
    }

    pub(crate) fn first_time(&self, bot: &str, update_id: i64) -> bool {
        let mut d = self.inner.dedup.lock().unwrap_or_else(PoisonError::into_inner);
        d.entry(bot.to_string()).or_default().first_time(update_id)
    }

    /// Where the room a chat (and topic) is mapped to runs (one read of the
    /// mapped chats); `None` for unknown or paused chats.
    pub(crate) async fn room_for(&self, chat: i64, thread: Option<i32>) -> anyhow::Result<Option<Mapped>> {
        let chats = self.inner.store.telegram_chats().await?;
        let found = chats
            .iter()
            .find(|c| c.chat_id == chat && c.thread_id == thread)
            .or_else(|| chats.iter().find(|c| c.chat_id == chat && c.thread_id.is_none()));
        Ok(found.filter(|c| c.paused_reason.is_none()).map(|c| match self.inner.rooms.get(&c.room_id) {
            Some(room) => Mapped::Here(room),
            None => Mapped::Elsewhere(c.room_id.clone()),
        }))
    }

    /// Whether this process is one of several workers.
    pub(crate) fn on_workers(&self) -> bool {
        self.inner.workers.is_some()
    }

    /// Who reacted when (see `react`).
    pub(crate) fn reactor(&self) -> std::sync::MutexGuard<'_, engine::telegram::reactions::Reactor> {
        self.inner.reactor.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The webhook secret a bot's updates must carry.
    pub(crate) fn secret_of(&self, bot: &str) -> Option<String> {
        self.inner.bots.read().unwrap_or_else(PoisonError::into_inner).get(bot).map(|b| b.secret.clone())
    }
}

/// A stored account's channel record and API client.
pub(crate) async fn bot_of(
    store: &Store,
    settings: &TelegramSettings,
    marker: &str,
    row: &schema::TelegramBotRow,
    token: &secrecy::SecretString,
) -> anyhow::Result<(BotInfo, BotApi)> {
    let timeout = Duration::from_millis(settings.request_timeout_ms);
    let api = BotApi::new(&settings.api_base_url, token, timeout, settings.poll_timeout_s)?;
    let display_name = match store.bot(&row.bot_id).await? {
        Some(b) => b.display_name,
        None => format!("{marker} {}", row.tg_username),
    };
    let info = BotInfo {
        bot_id: row.bot_id.clone(),
        tg_user_id: row.tg_user_id,
        tg_username: row.tg_username.clone(),
        listener: row.listener,
        display_name,
        secret: webhook_secret(token),
        token_cipher: row.token_cipher.clone(),
    };
    Ok((info, api))
}
