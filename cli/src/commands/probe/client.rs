//! The public people's API as the probe uses it: the room's history, and
//! posts by scripted people, each with its own cookie jar (the server
//! claims a name for the `piyasa_person` cookie that first used it).

use crate::Exit;
use anyhow::Context as _;
use serde::Deserialize;
use std::time::{Duration, Instant};

/// Longest wait for one HTTP answer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Pause between two reads of the history while waiting for bots.
pub const POLL_EVERY: Duration = Duration::from_secs(2);
/// Messages read per history request (the server allows up to 500).
pub const HISTORY_LIMIT: u32 = 200;
/// Most times a post is tried again after a 429.
const MAX_RETRIES: u32 = 5;

/// A message of the room, as the history shows it.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Message {
    pub id: i64,
    pub text: String,
    pub author: Author,
    pub reply_to: Option<Reply>,
    #[serde(default)]
    pub sent_at_ms: i64,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Author {
    /// "bot" or "human".
    pub kind: String,
    /// A bot's username; a person's pseudonym.
    pub id: String,
    pub display_name: String,
}

/// The message a reply answers.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Reply {
    pub id: i64,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub text: String,
}

impl Message {
    pub fn by_bot(&self) -> bool {
        self.author.kind == "bot"
    }

    /// Whether this message answers message `id`.
    pub fn answers(&self, id: i64) -> bool {
        self.reply_to.as_ref().is_some_and(|r| r.id == id)
    }
}

/// What the server said to a post.
#[derive(Debug)]
pub enum Posted {
    /// 201: the stored message.
    Stored(Message),
    /// Refused with this status and error code (`name_taken`, …).
    Refused { status: u16, code: String, message: String },
}

/// One room of one server.
pub struct Room {
    base: String,
    pub slug: String,
    /// For reads; people post with their own clients.
    http: reqwest::Client,
}

impl Room {
    /// Checks that the server answers and has the room; status 2 if not.
    pub async fn open(url: &str, slug: &str) -> anyhow::Result<Room> {
        let base = url.trim_end_matches('/').to_string();
        let room = Room { base, slug: slug.to_string(), http: client()? };
        let list = room.http.get(format!("{}/api/rooms", room.base)).send().await;
        let list = list.map_err(|e| Exit::input(format!("cannot reach {}: {}", room.base, root_cause(&e))))?;
        if !list.status().is_success() {
            return Err(Exit::input(format!(
                "{}/api/rooms answered {}: is this a Piyasa server?",
                room.base,
                list.status()
            )));
        }
        let rooms: Vec<serde_json::Value> =
            list.json().await.map_err(|e| Exit::input(format!("{}/api/rooms: not a room list ({e})", room.base)))?;
        let slugs: Vec<&str> = rooms.iter().filter_map(|r| r["slug"].as_str()).collect();
        if !slugs.contains(&slug) {
            return Err(Exit::input(format!("no room {slug} at {}; its rooms: {}", room.base, slugs.join(", "))));
        }
        Ok(room)
    }

    /// The last [`HISTORY_LIMIT`] messages, oldest first.
    pub async fn history(&self) -> anyhow::Result<Vec<Message>> {
        self.history_of(HISTORY_LIMIT).await
    }

    /// The last `limit` messages, oldest first.
    pub async fn history_of(&self, limit: u32) -> anyhow::Result<Vec<Message>> {
        let url = format!("{}/api/rooms/{}/messages?limit={limit}", self.base, self.slug);
        let r = self.http.get(&url).send().await.with_context(|| format!("GET {url}"))?;
        let r = r.error_for_status().with_context(|| format!("GET {url}"))?;
        let mut out: Vec<Message> = r.json().await.with_context(|| format!("GET {url}: not a message list"))?;
        out.sort_by_key(|m| m.id);
        Ok(out)
    }

    /// Reads the history until `done` holds for it or `wait` passes;
    /// returns the last history read (oldest first).
    pub async fn watch(&self, wait: Duration, done: impl Fn(&[Message]) -> bool) -> anyhow::Result<Vec<Message>> {
        let until = Instant::now() + wait;
        loop {
            let history = self.history().await?;
            if done(&history) || Instant::now() >= until {
                return Ok(history);
            }
            tokio::time::sleep(POLL_EVERY.min(until.saturating_duration_since(Instant::now()))).await;
        }
    }

    /// A scripted person, with a cookie jar of its own.
    pub fn person(&self, name: &str) -> anyhow::Result<Person> {
        Ok(Person {
            name: name.to_string(),
            http: client()?,
            url: format!("{}/api/rooms/{}/messages", self.base, self.slug),
        })
    }
}

/// A scripted person of the room.
pub struct Person {
    pub name: String,
    http: reqwest::Client,
    url: String,
}

impl Person {
    /// Posts `text` (as an answer to `reply_to`); a 429 is waited out
    /// (its Retry-After) and tried again.
    pub async fn post(&self, text: &str, reply_to: Option<i64>) -> anyhow::Result<Posted> {
        let body = serde_json::json!({"author": self.name, "text": text, "reply_to": reply_to});
        for _ in 0..=MAX_RETRIES {
            let r = self.http.post(&self.url).json(&body).send().await.with_context(|| format!("POST {}", self.url))?;
            let status = r.status().as_u16();
            if status == 201 {
                return Ok(Posted::Stored(r.json().await.context("the posted message")?));
            }
            let retry = r.headers().get("retry-after").and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
            let err: serde_json::Value = r.json().await.unwrap_or_default();
            if status == 429 {
                tokio::time::sleep(Duration::from_secs(retry.unwrap_or(5).max(1))).await;
                continue;
            }
            let code = err["code"].as_str().unwrap_or_default().to_string();
            let message = err["message"].as_str().unwrap_or_default().to_string();
            return Ok(Posted::Refused { status, code, message });
        }
        anyhow::bail!("POST {}: still 429 after {MAX_RETRIES} tries", self.url)
    }
}

fn client() -> anyhow::Result<reqwest::Client> {
    reqwest::Client::builder().cookie_store(true).timeout(REQUEST_TIMEOUT).build().context("an HTTP client")
}

/// The innermost cause ("Connection refused"), which says more than reqwest's outer text.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    format!("{e} ({cause})")
}
