//! Sending: one worker per bot and room takes that pair's outbox rows in
//! order; every send first waits for a slot from the shared send-limit
//! scheduler (so no bot ever exceeds Telegram's limits), then moves the row
//! planned → sending, calls the API, and records the outcome. A 429 delays
//! only that bot and chat; a send counts from when its answer came, so
//! network delay cannot bunch sends up at Telegram; a migrated group takes the room along and the
//! message goes once more; a 403 makes the membership inactive; a lost chat
//! pauses the room's Telegram side; refused requests are retried with
//! backoff; a request without an answer is `unknown`, never sent again.
//!
//! - `failed`: what each kind of failed send does.
//! - `workers`: sending on one of several workers (a room's sends where it
//!   runs, under its fencing token).

use crate::api::{BotApi, CallError, Outgoing};
use crate::settings::TelegramSettings;
use actors::RoomRegistry;
use actors::clock::Clock;
use actors::metrics::Metrics;
use actors::trace::TraceContext;
use engine::ids::Millis;
use engine::telegram::failure::Failure;
use engine::telegram::limits::{Decision, SendScheduler};
use engine::telegram::outbox::OutboxStatus::{self, *};
use schema::{OutboxMove, OutboxRow, Store};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;
use tokio::sync::mpsc;
use tracing::Instrument;
use tracing::field::Empty;

mod failed;
mod workers;
use failed::outcome;

/// The sending half of the channel; cheap to clone.
#[derive(Clone)]
pub struct Sender {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    /// Bot accounts, added and removed while running.
    apis: RwLock<HashMap<String, BotApi>>,
    rooms: RoomRegistry,
    scheduler: Mutex<SendScheduler>,
    workers: Mutex<HashMap<(String, String), mpsc::UnboundedSender<OutboxRow>>>,
    /// (bot, room) pairs that may no longer write, with the reason.
    stopped: Mutex<HashMap<(String, String), String>>,
    /// 429s Telegram answered, per room, since start (the operators' dashboard).
    throttled: Mutex<HashMap<String, u64>>,
    settings: TelegramSettings,
    clock: Clock,
    /// Send outcomes for `/metrics`.
    metrics: Metrics,
    /// Shutting down: no new send starts (planned rows wait for the next start).
    holding: std::sync::atomic::AtomicBool,
    /// Workers mode: a row is sent only by the worker running its room,
    /// under the room's fencing token.
    on_workers: std::sync::atomic::AtomicBool,
}

fn ms(v: i64) -> Duration {
    Duration::from_millis(v.max(0) as u64)
}

impl Sender {
    pub fn new(
        store: Store,
        apis: HashMap<String, BotApi>,
        rooms: RoomRegistry,
        settings: TelegramSettings,
        clock: Clock,
        metrics: Metrics,
    ) -> Self {
        let scheduler = Mutex::new(SendScheduler::new(settings.scheduled_limits()));
        let inner = Inner {
            store,
            apis: RwLock::new(apis),
            rooms,
            scheduler,
            workers: Mutex::default(),
            stopped: Mutex::default(),
            throttled: Mutex::default(),
            settings,
            clock,
            metrics,
            holding: Default::default(),
            on_workers: Default::default(),
        };
        Sender { inner: Arc::new(inner) }
    }

    /// How many 429s Telegram answered per room since start.
    pub fn throttled(&self) -> HashMap<String, u64> {
        self.inner.throttled.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    pub fn has_bot(&self, bot: &str) -> bool {
        self.inner.apis.read().unwrap_or_else(PoisonError::into_inner).contains_key(bot)
    }

    pub(crate) fn api(&self, bot: &str) -> Option<BotApi> {
        self.inner.apis.read().unwrap_or_else(PoisonError::into_inner).get(bot).cloned()
    }

    /// A bot account added while running: its messages go out from now on.
    pub(crate) fn add_api(&self, bot: &str, api: BotApi) {
        self.inner.apis.write().unwrap_or_else(PoisonError::into_inner).insert(bot.to_string(), api);
    }

    /// A bot account removed while running: its queued messages are dropped.
    pub(crate) fn remove_api(&self, bot: &str) -> Option<BotApi> {
        self.inner.apis.write().unwrap_or_else(PoisonError::into_inner).remove(bot)
    }

    /// Workers mode (see `Inner::on_workers`).
    pub(crate) fn on_workers(&self) {
        self.inner.on_workers.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// The send limits start from the sends of the last window (a restart
    /// must not burst into a 429).
    pub(crate) async fn remember_recent_sends(&self) -> anyhow::Result<()> {
        let now = self.inner.clock.now();
        let l = self.inner.scheduler.lock().unwrap_or_else(PoisonError::into_inner).limits();
        let since = now.0 - l.group_window_ms.max(l.bot_window_ms).max(l.chat_gap_ms);
        let recent = self.inner.store.outbox_sent_since(since).await?;
        let mut scheduler = self.inner.scheduler.lock().unwrap_or_else(PoisonError::into_inner);
        for row in &recent {
            scheduler.record(&row.bot_id, row.chat_id, Millis(row.updated_at.min(now.0)));
        }
        Ok(())
    }

    /// Start-up: rows a crash left in "sending" become "unknown"; the send
    /// limits start from the sends of the last window (a restart must not
    /// burst into a 429); planned rows are sent. Returns (unknown, resumed).
    pub async fn resume(&self) -> anyhow::Result<(usize, usize)> {
        let s = &self.inner.store;
        let unknown = s.outbox_recover(self.inner.clock.now().0).await?;
        self.remember_recent_sends().await?;
        if unknown > 0 {
            tracing::warn!(
                messages = unknown,
                "Telegram messages were in flight at the last stop: marked unknown, not sent again"
            );
        }
        let planned = s.outbox_with_status(Planned).await?;
        let n = planned.len();
        for row in planned {
            self.enqueue(row);
        }
        Ok((unknown, n))
    }

    /// Queues a planned row behind the earlier ones of its bot and room.
    pub fn enqueue(&self, row: OutboxRow) {
        let key = (row.bot_id.clone(), row.room_id.clone());
        let mut workers = self.inner.workers.lock().unwrap_or_else(PoisonError::into_inner);
        let tx = workers.entry(key).or_insert_with(|| {
            let (tx, mut rx) = mpsc::unbounded_channel::<OutboxRow>();
            let me = self.clone();
            actix::spawn(async move {
                while let Some(row) = rx.recv().await {
                    me.deliver(row).await;
                }
            });
            tx
        });
        if let Err(e) = tx.send(row) {
            tracing::error!(outbox = e.0.id, "sender worker is gone; the message stays planned until restart");
        }
    }

    /// Waits until the scheduler gives `bot` a slot in `chat`, and takes it;
    /// when it was taken.
    async fn slot(&self, bot: &str, chat: i64) -> Millis {
        loop {
            let now = self.inner.clock.now();
            let d = self.inner.scheduler.lock().unwrap_or_else(PoisonError::into_inner).try_acquire(bot, chat, now);
            match d {
                Decision::Now => return now,
                Decision::WaitUntil(t) => tokio::time::sleep(ms(t.since(now))).await,
            }
        }
    }

    /// The request taken at `started` is answered: the send counts from now.
    fn answered(&self, bot: &str, chat: i64, started: Millis) {
        let now = self.inner.clock.now();
        self.inner.scheduler.lock().unwrap_or_else(PoisonError::into_inner).confirm(bot, chat, started, now);
    }

    async fn go(&self, row: &OutboxRow, from: OutboxStatus, to: OutboxStatus, reason: Option<&str>) -> bool {
        self.go_with(row.id, OutboxMove { from, to, reason, tg_message_id: None, chat_id: None, now_ms: 0 }).await
    }

    async fn go_with(&self, id: i64, mut mv: OutboxMove<'_>) -> bool {
        mv.now_ms = self.inner.clock.now().0;
        match self.inner.store.move_outbox(id, &mv).instrument(actors::trace::store_span("move_outbox")).await {
            Ok(moved) => moved,
            Err(e) => {
                tracing::error!(outbox = id, error = %e, "outbox status could not be stored");
                false
            }
        }
    }

    fn stopped_reason(&self, bot: &str, room: &str) -> Option<String> {
        let stopped = self.inner.stopped.lock().unwrap_or_else(PoisonError::into_inner);
        stopped.get(&(bot.to_string(), room.to_string())).cloned()
    }

    /// Sends one outbox row to the end, in the trace of its message.
    async fn deliver(&self, row: OutboxRow) {
        let span = tracing::info_span!(
            "telegram.send",
            room.id = %row.room_id,
            bot = %row.bot_id,
            outbox.id = row.id,
            outcome = Empty,
            trace_id = Empty,
        );
        TraceContext::from_traceparent(row.traceparent.as_deref()).adopt(&span);
        self.deliver_row(row).instrument(span).await
    }

    async fn deliver_row(&self, mut row: OutboxRow) {
        let (mut migrated, mut attempt) = (false, 0u32);
        loop {
            // Asked on every try: an account or a room may go while a row waits.
            let Some(api) = self.api(&row.bot_id) else {
                self.go(&row, Planned, Dropped, Some("no Telegram account for this bot")).await;
                return;
            };
            if self.inner.rooms.get(&row.room_id).is_some_and(|r| r.is_paused()) {
                self.go(&row, Planned, Dropped, Some("room paused by an operator")).await;
                return;
            }
            if let Some(reason) = self.stopped_reason(&row.bot_id, &row.room_id) {
                self.go(&row, Planned, Dropped, Some(&format!("bot can no longer write here: {reason}"))).await;
                return;
            }
            match self.inner.store.telegram_chat(&row.room_id).await {
                Ok(Some(chat)) if chat.paused_reason.is_some() => {
                    let reason = format!("room paused: {}", chat.paused_reason.unwrap_or_default());
                    self.go(&row, Planned, Dropped, Some(&reason)).await;
                    return;
                }
                Ok(None) => {
                    self.go(&row, Planned, Dropped, Some("room is no longer mapped to a Telegram chat")).await;
                    return;
                }
                _ => {}
            }
            let started = self.slot(&row.bot_id, row.chat_id).instrument(tracing::info_span!("telegram.slot")).await;
            if self.inner.holding.load(std::sync::atomic::Ordering::SeqCst) {
                return; // shutting down: it stays planned for the next start
            }
            if !self.start_send(&row).await {
                return; // already taken or settled elsewhere: never twice
            }
            attempt += 1;
            let out =
                Outgoing { chat_id: row.chat_id, thread_id: row.thread_id, text: &row.text, reply_to: row.reply_to_tg };
            let span = tracing::info_span!("telegram.attempt", attempt, outcome = Empty);
            let res = api.send(&out).instrument(span.clone()).await;
            self.answered(&row.bot_id, out.chat_id, started);
            let result = res.as_ref().map_or_else(outcome, |_| "sent");
            span.record("outcome", result);
            tracing::Span::current().record("outcome", result);
            self.inner.metrics.telegram_send(result);
            match res {
                Ok(tg) => return self.sent(&row, tg).await,
                Err(e) => {
                    if !self.failed(&mut row, e, attempt, &mut migrated).await {
                        return;
                    }
                }
            }
        }
    }

    async fn sent(&self, row: &OutboxRow, tg: i32) {
        let mv =
            OutboxMove { from: Sending, to: Sent, reason: None, tg_message_id: Some(tg), chat_id: None, now_ms: 0 };
        self.go_with(row.id, mv).await;
        if let Some(m) = row.message_id
            && let Err(e) = self.inner.store.map_tg_message(row.chat_id, tg, m).await
        {
            tracing::error!(error = %e, "Telegram id of a sent message could not be stored");
        }
    }

    /// For a shutdown: starts no new send and waits (up to `limit`) for the
    /// sends in flight to get their answers, so that each ends `sent` (or
    /// failed) rather than `unknown` after the restart. True when none is left.
    pub async fn finish_in_flight(&self, limit: Duration) -> bool {
        self.inner.holding.store(true, std::sync::atomic::Ordering::SeqCst);
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            // A worker waits for its own rooms' sends only.
            let mine = |rows: Vec<OutboxRow>| -> Vec<OutboxRow> {
                if !self.inner.on_workers.load(std::sync::atomic::Ordering::SeqCst) {
                    return rows;
                }
                rows.into_iter().filter(|r| self.inner.rooms.get(&r.room_id).is_some()).collect()
            };
            match self.inner.store.outbox_with_status(Sending).await.map(mine) {
                Ok(rows) if rows.is_empty() => return true,
                Ok(rows) if tokio::time::Instant::now() >= deadline => {
                    tracing::warn!(
                        sends = rows.len(),
                        "Telegram sends still without an answer at shutdown: unknown after the restart"
                    );
                    return false;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "could not check the sends in flight");
                    return false;
                }
                Ok(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    /// Bots that may no longer write in a room, with reasons.
    pub fn stopped(&self) -> HashSet<(String, String)> {
        self.inner.stopped.lock().unwrap_or_else(PoisonError::into_inner).keys().cloned().collect()
    }

    /// Sends a text outside the outbox (answers to /start and /privacy),
    /// within the same limits.
    pub async fn send_direct(&self, bot: &str, out: &Outgoing<'_>) -> Result<i32, CallError> {
        let Some(api) = self.api(bot) else {
            return Err(CallError { failure: Failure::Permanent { reason: "unknown bot".into() }, refused: true });
        };
        let started = self.slot(bot, out.chat_id).await;
        let res = api.send(out).await;
        self.answered(bot, out.chat_id, started);
        res
    }

    /// Shows `bot` typing in `chat` for `for_ms`, refreshing the action.
    pub fn typing(&self, bot: &str, chat: i64, thread: Option<i32>, for_ms: i64) {
        let Some(api) = self.api(bot) else { return };
        let (clock, refresh) = (self.inner.clock, self.inner.settings.typing_refresh_ms);
        let until = clock.now().plus_ms(for_ms);
        actix::spawn(async move {
            while clock.now() < until {
                if let Err(e) = api.typing(chat, thread).await {
                    tracing::debug!(error = %e, "typing action failed");
                    return;
                }
                tokio::time::sleep(ms(refresh.min(until.since(clock.now())))).await;
            }
        });
    }
}
