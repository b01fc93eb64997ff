//! [`FakeTelegram`]: a fake Telegram Bot API server for tests and benchmarks.
//!
//! Several bots by token; groups and supergroups with members; forum
//! topics; migration of a group to a supergroup; Telegram's delivery rules
//! (listener bots with privacy mode off get every human message, other bots
//! only commands, replies to them and mentions; bots never get bots'
//! messages); `getUpdates` long polling with one consumer per token (409 for
//! a second) and webhook delivery with `X-Telegram-Bot-Api-Secret-Token`;
//! the send limits enforced with 429 + `retry_after`; injected faults; and a
//! record of every call.
//!
//! - `world`: the data (bots, chats, messages, limits, faults, calls).
//! - `methods`: the Bot API methods as functions on the world.
//! - `server`: HTTP routes, long polling, the webhook pump.

mod methods;
mod server;
mod world;

pub use world::{Call, FakeLimits, FakeMessage, TgFault};

use actix_web::dev::ServerHandle;
use actix_web::web::Data;
use actix_web::{App, HttpServer};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Mutex, MutexGuard, PoisonError, mpsc};
use std::thread::JoinHandle;
use world::{Bot, Chat, World};

/// Worker threads: long polls of many bots wait side by side.
const WORKERS: usize = 4;

#[derive(Default)]
pub(crate) struct Shared {
    world: Mutex<World>,
}

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A fake Bot API on `127.0.0.1`, on its own thread; dropping it stops it.
pub struct FakeTelegram {
    shared: Data<Shared>,
    addr: SocketAddr,
    server: ServerHandle,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for FakeTelegram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeTelegram").field("addr", &self.addr).finish_non_exhaustive()
    }
}

impl FakeTelegram {
    /// Starts a server with Telegram's real limits.
    ///
    /// # Panics
    ///
    /// If the port cannot be bound or the server thread cannot start.
    pub fn start() -> FakeTelegram {
        Self::start_with(FakeLimits::default())
    }

    /// Starts a server enforcing `limits`.
    ///
    /// # Panics
    ///
    /// If the port cannot be bound or the server thread cannot start.
    pub fn start_with(limits: FakeLimits) -> FakeTelegram {
        let shared = Data::new(Shared::default());
        shared.lock().limits = limits;
        shared.lock().next_chat = 100;
        let (tx, rx) = mpsc::channel();
        let app_shared = shared.clone();
        let thread = std::thread::Builder::new()
            .name("fake-telegram".to_owned())
            .spawn(move || {
                actix_web::rt::System::new().block_on(async move {
                    let pump = app_shared.clone();
                    let bound = HttpServer::new(move || App::new().configure(server::configure(app_shared.clone())))
                        .workers(WORKERS)
                        .disable_signals()
                        .shutdown_timeout(0)
                        .bind(("127.0.0.1", 0));
                    let bound = match bound {
                        Ok(b) => b,
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            return;
                        }
                    };
                    let addr = bound.addrs()[0];
                    let running = bound.run();
                    let _ = tx.send(Ok((addr, running.handle())));
                    actix_web::rt::spawn(server::webhook_pump(pump));
                    let _ = running.await;
                });
            })
            // expect: without a thread there is no fake; tests cannot go on.
            .expect("spawn the fake Telegram thread");
        let (addr, server) = match rx.recv() {
            Ok(Ok(ready)) => ready,
            Ok(Err(e)) => panic!("fake Telegram could not bind 127.0.0.1:0: {e}"),
            Err(_) => panic!("fake Telegram thread died before it was ready"),
        };
        FakeTelegram { shared, addr, server, thread: Some(thread) }
    }

    /// The Bot API base URL (`http://127.0.0.1:PORT`); methods live at `/bot<token>/<method>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn world(&self) -> MutexGuard<'_, World> {
        self.shared.lock()
    }

    /// Registers a bot; `listener` means privacy mode off (it gets every human
    /// message). Returns its Telegram user id.
    pub fn add_bot(&self, token: &str, username: &str, listener: bool) -> i64 {
        let mut w = self.world();
        let id = 5_000_000 + w.bots.len() as i64 + 1;
        w.bots.push(Bot {
            token: token.into(),
            id,
            username: username.into(),
            listener,
            name: None,
            description: None,
            short_description: None,
            updates: Default::default(),
            next_update_id: 0,
            polling: false,
            occupied: false,
            webhook: None,
            sends: Default::default(),
        });
        id
    }

    fn new_chat(&self, title: &str, supergroup: bool, forum: bool) -> i64 {
        let mut w = self.world();
        w.next_chat += 1;
        let n = w.next_chat;
        let id = if supergroup { -1_000_000_000_000 - n } else { -n };
        w.chats.push(Chat {
            id,
            supergroup,
            title: title.into(),
            forum,
            topics: HashSet::new(),
            members: HashSet::new(),
            kicked: HashSet::new(),
            migrated_to: None,
            next_message: 0,
            messages: Vec::new(),
            reactions: HashMap::new(),
        });
        id
    }

    /// A basic group; returns its chat id.
    pub fn add_group(&self, title: &str) -> i64 {
        self.new_chat(title, false, false)
    }

    /// A supergroup, optionally a forum; returns its chat id.
    pub fn add_supergroup(&self, title: &str, forum: bool) -> i64 {
        self.new_chat(title, true, forum)
    }

    /// A forum topic in `chat`; returns its `message_thread_id`.
    pub fn add_topic(&self, chat: i64) -> i32 {
        let mut w = self.world();
        let c = w.chat(chat).expect("no such chat");
        c.next_message += 1;
        let id = c.next_message;
        c.topics.insert(id);
        id
    }

    /// Adds bots (by username) to a chat.
    pub fn add_members(&self, chat: i64, bots: &[&str]) {
        let mut w = self.world();
        let ids: Vec<i64> = w.bots.iter().filter(|b| bots.contains(&b.username.as_str())).map(|b| b.id).collect();
        let c = w.chat(chat).expect("no such chat");
        c.members.extend(ids);
    }

    /// Kicks a bot from a chat: its next write there gets 403.
    pub fn kick(&self, chat: i64, bot: &str) {
        let mut w = self.world();
        let id = w.bots.iter().find(|b| b.username == bot).expect("no such bot").id;
        w.chat(chat).expect("no such chat").kicked.insert(id);
    }

    /// Upgrades a group to a supergroup: writes to the old id get 400 with
    /// `migrate_to_chat_id`, and the member bots get the two service
    /// messages (`migrate_to_chat_id` in the old chat, `migrate_from_chat_id`
    /// in the new). Returns the new id.
    pub fn migrate(&self, chat: i64) -> i64 {
        let new = self.new_chat("migrated", true, false);
        let mut w = self.world();
        let (members, title) = {
            let old = w.chat(chat).expect("no such chat");
            old.migrated_to = Some(new);
            (old.members.clone(), old.title.clone())
        };
        let c = w.chat(new).expect("just made");
        c.members = members;
        c.title = title;
        w.deliver_service(chat, "migrate_to_chat_id", new);
        w.deliver_service(new, "migrate_from_chat_id", chat);
        new
    }

    /// A person writes in a chat; returns the message id. Bots get it per
    /// Telegram's delivery rules.
    pub fn human_says(&self, chat: i64, user: i64, name: &str, text: &str, reply_to: Option<i32>) -> i32 {
        self.human_in_topic(chat, None, user, name, text, reply_to)
    }

    /// A person writes in a forum topic.
    pub fn human_in_topic(
        &self,
        chat: i64,
        thread: Option<i32>,
        user: i64,
        name: &str,
        text: &str,
        reply_to: Option<i32>,
    ) -> i32 {
        let mut w = self.world();
        let c = w.chat(chat).expect("no such chat");
        c.next_message += 1;
        let m = FakeMessage {
            chat_id: chat,
            message_id: c.next_message,
            thread_id: thread,
            from_id: user,
            from_bot: false,
            from_name: name.into(),
            text: text.into(),
            reply_to,
        };
        c.messages.push(m.clone());
        w.deliver(&m, "message");
        m.message_id
    }

    /// A person edits their message.
    pub fn human_edits(&self, chat: i64, message_id: i32, text: &str) {
        let mut w = self.world();
        let c = w.chat(chat).expect("no such chat");
        let m = c.messages.iter_mut().find(|m| m.message_id == message_id).expect("no such message");
        m.text = text.into();
        let m = m.clone();
        w.deliver(&m, "edited_message");
    }

    /// Another process is long-polling this bot's token: our `getUpdates` gets 409.
    pub fn occupy_polling(&self, bot: &str) {
        if let Some(b) = self.world().bots.iter_mut().find(|b| b.username == bot) {
            b.occupied = true;
        }
    }

    /// The other consumer went away: `bot`'s `getUpdates` answers again.
    pub fn release_polling(&self, bot: &str) {
        if let Some(b) = self.world().bots.iter_mut().find(|b| b.username == bot) {
            b.occupied = false;
        }
    }

    /// The next call of `method` (`"*"`: of any method) fails with `fault`.
    pub fn inject(&self, method: &str, fault: TgFault) {
        self.world().faults.push_back((method.into(), fault));
    }

    /// Every call so far, in arrival order.
    pub fn calls(&self) -> Vec<Call> {
        self.world().calls.clone()
    }

    /// Calls of `method` so far.
    pub fn calls_of(&self, method: &str) -> Vec<Call> {
        self.world().calls.iter().filter(|c| c.method == method).cloned().collect()
    }

    /// How many calls were answered 429.
    pub fn too_many_requests(&self) -> usize {
        self.world().calls.iter().filter(|c| c.status == 429).count()
    }

    /// Messages in a chat, humans' and bots', in order.
    pub fn messages(&self, chat: i64) -> Vec<FakeMessage> {
        self.world().chats.iter().find(|c| c.id == chat).map(|c| c.messages.clone()).unwrap_or_default()
    }

    /// A bot's profile as set through the API: (name, description, short description).
    pub fn profile(&self, bot: &str) -> (Option<String>, Option<String>, Option<String>) {
        let w = self.world();
        let b = w.bots.iter().find(|b| b.username == bot).expect("no such bot");
        (b.name.clone(), b.description.clone(), b.short_description.clone())
    }

    /// The reaction `bot` set on a message, if any.
    pub fn reaction(&self, chat: i64, bot: &str, message_id: i32) -> Option<String> {
        let w = self.world();
        let id = w.bots.iter().find(|b| b.username == bot)?.id;
        w.chats.iter().find(|c| c.id == chat)?.reactions.get(&(id, message_id)).cloned()
    }

    /// Webhook deliveries so far: (bot, HTTP status answered; 0 = no answer).
    pub fn webhook_results(&self) -> Vec<(String, u16)> {
        self.world().webhook_results.clone()
    }

    /// Updates waiting for a bot (not yet confirmed or delivered).
    pub fn pending_updates(&self, bot: &str) -> usize {
        self.world().bots.iter().find(|b| b.username == bot).map_or(0, |b| b.updates.len())
    }

    /// A raw call body for tests that speak the API themselves.
    pub fn user_json(user: i64, name: &str) -> serde_json::Value {
        json!({"id": user, "is_bot": false, "first_name": name})
    }
}

impl Drop for FakeTelegram {
    fn drop(&mut self) {
        drop(self.server.stop(false));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
