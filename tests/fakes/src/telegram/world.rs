//! The fake Telegram's world: bots, chats, messages, update queues, limits,
//! faults and the record of calls. Plain data behind one mutex.

use serde_json::{Value, json};
use std::collections::{HashMap, HashSet, VecDeque};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Telegram's send limits as the fake enforces them (breach: 429).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FakeLimits {
    /// Least time between two messages of one bot in one chat.
    pub chat_gap: Duration,
    /// Messages per bot per group within `group_window`.
    pub group_per_window: usize,
    pub group_window: Duration,
    /// Messages per bot anywhere within `bot_window`.
    pub bot_per_window: usize,
    pub bot_window: Duration,
    /// Arrival jitter forgiven (requests cross a socket; Telegram is not exact either).
    pub tolerance: Duration,
}

impl Default for FakeLimits {
    fn default() -> Self {
        FakeLimits {
            chat_gap: Duration::from_secs(1),
            group_per_window: 20,
            group_window: Duration::from_secs(60),
            bot_per_window: 30,
            bot_window: Duration::from_secs(1),
            tolerance: Duration::from_millis(20),
        }
    }
}

impl FakeLimits {
    /// Every window divided by `factor` (compressed-time runs).
    pub fn compressed(self, factor: u32) -> Self {
        let f = factor.max(1);
        FakeLimits {
            chat_gap: self.chat_gap / f,
            group_window: self.group_window / f,
            bot_window: self.bot_window / f,
            tolerance: self.tolerance / f.min(4),
            ..self
        }
    }
}

/// A failure injected into the next calls of a method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TgFault {
    /// This HTTP status with a Bot API error body (e.g. 500, 502).
    Status(u16),
    /// 429 with `parameters.retry_after` (seconds).
    TooManyRequests { retry_after: u64 },
    /// No answer for this long (the client should time out), then 504.
    Hang(Duration),
}

/// One Bot API call as the fake saw it.
#[derive(Debug, Clone)]
pub struct Call {
    /// The bot's username (`?` for an unknown token).
    pub bot: String,
    pub method: String,
    pub params: Value,
    /// HTTP status answered (0 while in flight).
    pub status: u16,
    pub at: Instant,
}

/// A message in a fake chat.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeMessage {
    pub chat_id: i64,
    pub message_id: i32,
    pub thread_id: Option<i32>,
    pub from_id: i64,
    pub from_bot: bool,
    /// Bot username, or the person's first name.
    pub from_name: String,
    pub text: String,
    pub reply_to: Option<i32>,
}

pub(crate) struct Bot {
    pub token: String,
    pub id: i64,
    pub username: String,
    pub listener: bool,
    pub name: Option<String>,
    pub description: Option<String>,
    pub short_description: Option<String>,
    pub updates: VecDeque<Value>,
    pub next_update_id: i64,
    pub polling: bool,
    pub occupied: bool,
    pub webhook: Option<(String, Option<String>)>,
    pub sends: VecDeque<(i64, Instant)>,
}

pub(crate) struct Chat {
    pub id: i64,
    pub supergroup: bool,
    pub title: String,
    pub forum: bool,
    pub topics: HashSet<i32>,
    pub members: HashSet<i64>,
    pub kicked: HashSet<i64>,
    pub migrated_to: Option<i64>,
    pub next_message: i32,
    pub messages: Vec<FakeMessage>,
    /// (bot id, message id) → emoji.
    pub reactions: HashMap<(i64, i32), String>,
}

#[derive(Default)]
pub(crate) struct World {
    pub bots: Vec<Bot>,
    pub chats: Vec<Chat>,
    pub calls: Vec<Call>,
    pub faults: VecDeque<(String, TgFault)>,
    pub limits: FakeLimits,
    pub next_chat: i64,
    pub webhook_results: Vec<(String, u16)>,
}

/// A Bot API error: code, description and optional parameters.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    pub code: u16,
    pub description: String,
    pub parameters: Option<Value>,
}

pub(crate) fn err(code: u16, description: &str) -> ApiError {
    ApiError { code, description: description.into(), parameters: None }
}

pub(crate) fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl World {
    pub fn bot_by_token(&mut self, token: &str) -> Option<&mut Bot> {
        self.bots.iter_mut().find(|b| b.token == token)
    }

    pub fn chat(&mut self, id: i64) -> Option<&mut Chat> {
        self.chats.iter_mut().find(|c| c.id == id)
    }

    pub fn chat_json(c: &Chat) -> Value {
        let kind = if c.supergroup { "supergroup" } else { "group" };
        let mut v = json!({"id": c.id, "type": kind, "title": c.title});
        if c.forum {
            v["is_forum"] = json!(true);
        }
        v
    }

    pub fn message_json(&self, m: &FakeMessage) -> Value {
        let chat = self.chats.iter().find(|c| c.id == m.chat_id);
        let mut v = json!({
            "message_id": m.message_id,
            "date": unix_now(),
            "chat": chat.map_or(json!({"id": m.chat_id, "type": "group"}), Self::chat_json),
            "from": self.user_json(m.from_id, m.from_bot, &m.from_name),
            "text": m.text,
        });
        if let Some(t) = m.thread_id {
            v["message_thread_id"] = json!(t);
            v["is_topic_message"] = json!(true);
        }
        if let Some(parent) = m.reply_to.and_then(|r| chat.and_then(|c| c.messages.iter().find(|p| p.message_id == r)))
        {
            v["reply_to_message"] = json!({
                "message_id": parent.message_id,
                "date": unix_now(),
                "chat": chat.map_or(json!({}), Self::chat_json),
                "from": self.user_json(parent.from_id, parent.from_bot, &parent.from_name),
                "text": parent.text,
            });
        }
        v
    }

    fn user_json(&self, id: i64, is_bot: bool, name: &str) -> Value {
        if is_bot {
            json!({"id": id, "is_bot": true, "first_name": name, "username": name})
        } else {
            json!({"id": id, "is_bot": false, "first_name": name})
        }
    }

    /// Queues `update` (built by `make`) for every bot Telegram would give
    /// this message to: bots never see bots; listener bots (privacy mode
    /// off) see every human message; other bots see commands, replies to
    /// their own messages and mentions of their username.
    pub fn deliver(&mut self, m: &FakeMessage, kind: &str) {
        if m.from_bot {
            return;
        }
        let Some(chat) = self.chats.iter().find(|c| c.id == m.chat_id) else { return };
        let parent_from = m.reply_to.and_then(|r| chat.messages.iter().find(|p| p.message_id == r)).map(|p| p.from_id);
        let members: Vec<i64> = chat.members.iter().copied().filter(|id| !chat.kicked.contains(id)).collect();
        let body = self.message_json(m);
        let lower = m.text.to_lowercase();
        for bot in self.bots.iter_mut().filter(|b| members.contains(&b.id)) {
            let sees = bot.listener
                || m.text.starts_with('/')
                || parent_from == Some(bot.id)
                || lower.contains(&format!("@{}", bot.username.to_lowercase()));
            if sees {
                bot.next_update_id += 1;
                bot.updates.push_back(json!({"update_id": bot.next_update_id, kind: body}));
            }
        }
    }

    /// A service message in `chat` (e.g. `migrate_to_chat_id`), from the
    /// person who upgraded the group, to every member bot: Telegram sends
    /// service messages to bots in privacy mode too.
    pub fn deliver_service(&mut self, chat: i64, field: &str, value: i64) {
        let Some(c) = self.chats.iter_mut().find(|c| c.id == chat) else { return };
        c.next_message += 1;
        let members: Vec<i64> = c.members.iter().copied().filter(|id| !c.kicked.contains(id)).collect();
        let c = self.chats.iter().find(|c| c.id == chat).expect("just found");
        let body = json!({
            "message_id": c.next_message,
            "date": unix_now(),
            "chat": Self::chat_json(c),
            "from": self.user_json(1, false, "Kurucu"),
            field: value,
        });
        for bot in self.bots.iter_mut().filter(|b| members.contains(&b.id)) {
            bot.next_update_id += 1;
            bot.updates.push_back(json!({"update_id": bot.next_update_id, "message": body}));
        }
    }

    /// Checks the send limits for `bot` in `chat` now; records the send when allowed.
    pub fn admit_send(&mut self, bot_id: i64, chat: i64, now: Instant) -> Result<(), ApiError> {
        let l = self.limits;
        let Some(bot) = self.bots.iter_mut().find(|b| b.id == bot_id) else { return Err(err(401, "Unauthorized")) };
        let keep = l.group_window.max(l.bot_window).max(l.chat_gap);
        while bot.sends.front().is_some_and(|(_, t)| now.duration_since(*t) > keep) {
            bot.sends.pop_front();
        }
        let within = |t: &Instant, w: Duration| now.duration_since(*t) + l.tolerance < w;
        let mut wait = Duration::ZERO;
        if let Some((_, last)) = bot.sends.iter().rev().find(|(c, _)| *c == chat)
            && within(last, l.chat_gap)
        {
            wait = wait.max(l.chat_gap - now.duration_since(*last));
        }
        let group: Vec<&Instant> =
            bot.sends.iter().filter(|(c, t)| *c == chat && within(t, l.group_window)).map(|(_, t)| t).collect();
        if group.len() >= l.group_per_window {
            wait = wait.max(l.group_window.saturating_sub(now.duration_since(*group[0])));
        }
        let all: Vec<&Instant> = bot.sends.iter().filter(|(_, t)| within(t, l.bot_window)).map(|(_, t)| t).collect();
        if all.len() >= l.bot_per_window {
            wait = wait.max(l.bot_window.saturating_sub(now.duration_since(*all[0])));
        }
        if wait > Duration::ZERO {
            let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
            return Err(ApiError {
                code: 429,
                description: format!("Too Many Requests: retry after {secs}"),
                parameters: Some(json!({"retry_after": secs})),
            });
        }
        bot.sends.push_back((chat, now));
        Ok(())
    }
}
