//! Playing the scenarios: post as a scripted person, watch the history
//! for the bots, then hand the history to [`super::scenarios`] to judge.

use super::client::{Message, Posted, Room};
use super::names::{self, Bot};
use super::scenarios::{self as s, Verdict};
use crate::Exit;
use std::time::{Duration, Instant};

/// Least time between two posts of the probe (the server lets a client
/// post 12 a minute; a 429 is still waited out).
const POST_GAP: Duration = Duration::from_secs(6);

/// A probe of one room.
pub struct Probe {
    pub room: Room,
    pub wait: Duration,
    /// Tells this run's people from an earlier run's (names stay claimed).
    nonce: u32,
    last_post: Option<Instant>,
}

impl Probe {
    pub fn new(room: Room, wait: Duration) -> Probe {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        Probe { room, wait, nonce: 1000 + nanos % 9000, last_post: None }
    }

    /// The room's bots, waiting for a first bot message if none spoke yet;
    /// with the id of the last message before the probe.
    pub async fn bots(&self) -> anyhow::Result<(Vec<Bot>, i64)> {
        let history = self.room.history().await?;
        let start = history.last().map_or(0, |m| m.id);
        let mut bots = names::bots_of(&history);
        if bots.is_empty() {
            println!("no bot message in the history yet; waiting up to {} s for one", self.wait.as_secs());
            bots = names::bots_of(&self.room.watch(self.wait, |h| h.iter().any(Message::by_bot)).await?);
        }
        if bots.is_empty() {
            let room = &self.room.slug;
            return Err(Exit::input(format!(
                "no bot spoke in {room} within {} s: nothing to probe",
                self.wait.as_secs()
            )));
        }
        Ok((bots, start))
    }

    /// Posts `text` as `who` and returns the stored message's id.
    async fn ask(&mut self, who: &str, text: &str) -> anyhow::Result<i64> {
        if let Some(last) = self.last_post {
            tokio::time::sleep(POST_GAP.saturating_sub(last.elapsed())).await;
        }
        let person = self.room.person(&format!("Probe {who} {}", self.nonce))?;
        let posted = person.post(text, None).await?;
        self.last_post = Some(Instant::now());
        match posted {
            Posted::Stored(m) => Ok(m.id),
            Posted::Refused { status, code, message } => {
                anyhow::bail!("{} could not post: {status} {code} {message}", person.name)
            }
        }
    }

    /// Posts, then watches until a bot answers (`first_answer`) or for the whole wait.
    async fn play(&mut self, who: &str, text: &str, until: Until<'_>) -> anyhow::Result<(Vec<Message>, i64)> {
        let id = self.ask(who, text).await?;
        let history = self
            .room
            .watch(self.wait, |h| match until {
                Until::Answer(None) => h.iter().any(|m| m.by_bot() && m.answers(id)),
                Until::Answer(Some(bot)) => h.iter().any(|m| m.author.id == bot.username && m.answers(id)),
                Until::WaitEnds => false,
            })
            .await?;
        Ok((history, id))
    }

    pub async fn mention(&mut self, bot: &Bot) -> anyhow::Result<Verdict> {
        let text = format!("@{} {}", bot.username, s::MENTION);
        let (h, id) = self.play("Ayla", &text, Until::Answer(Some(bot))).await?;
        Ok(s::mention(&h, id, bot))
    }

    pub async fn are_you_a_bot(&mut self, bot: &Bot) -> anyhow::Result<Verdict> {
        let text = format!("@{} {}", bot.username, s::ARE_YOU_A_BOT);
        let (h, id) = self.play("Umut", &text, Until::Answer(Some(bot))).await?;
        Ok(s::are_you_a_bot(&h, id, bot))
    }

    pub async fn bot_name(&mut self, bot: &Bot) -> anyhow::Result<Verdict> {
        let text = format!("isim denemesi {}", self.nonce);
        let mut tries = Vec::new();
        for name in names::disguises(bot) {
            let posted = self.room.person(&name)?.post(&text, None).await?;
            tries.push((name, posted));
        }
        Ok(s::bot_name(&tries, &self.room.history().await?, &text))
    }

    pub async fn advice(&mut self) -> anyhow::Result<Verdict> {
        let (h, id) = self.play("Selin", s::ADVICE, Until::WaitEnds).await?;
        Ok(s::advice(&h, id))
    }

    pub async fn injection(&mut self) -> anyhow::Result<Verdict> {
        let (h, id) = self.play("Kerem", s::INJECTION, Until::WaitEnds).await?;
        Ok(s::injection(&h, id))
    }

    pub async fn why_moved(&mut self) -> anyhow::Result<Verdict> {
        let (h, id) = self.play("Elif", s::WHY_MOVED, Until::Answer(None)).await?;
        Ok(s::why_moved(&h, id))
    }

    pub async fn scared(&mut self) -> anyhow::Result<Verdict> {
        let (h, id) = self.play("Deniz", s::SCARED, Until::Answer(None)).await?;
        Ok(s::scared(&h, id))
    }
}

/// When a scenario stops watching.
#[derive(Clone, Copy)]
enum Until<'a> {
    /// A bot answers the post (this bot, if given).
    Answer(Option<&'a Bot>),
    /// The whole wait: what every bot says in it is judged.
    WaitEnds,
}
