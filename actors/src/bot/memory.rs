//! A persona's memory in the runtime: one per persona, shared by its bots
//! in every room of this process, read back from the stored messages when
//! its first bot starts, added to as it speaks, and cleared of a person
//! when the rooms forget them (privacy, retention).

use super::BotActor;
use crate::room::ForgetHumans;
use actix::prelude::*;
use engine::guard::stance::tickers_in;
use engine::ids::Millis;
use engine::memory::{EPISODES_KEPT, Episode, Memory, Recall};
use engine::transcript::{AuthorKind, Line};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// A persona's memory, shared (cheap to clone).
#[derive(Clone, Debug, Default)]
pub struct SharedMemory(Arc<Mutex<Memory>>);

/// Every persona's memory in this process, by bot id.
pub type Memories = super::shared::PerPersona<SharedMemory>;

/// Who a turn answers: the person's line it replies to.
#[derive(Debug, Clone)]
pub(super) struct Heard {
    person: String,
    name: String,
    text: String,
    at: Millis,
}

impl Heard {
    /// The person's line a turn answers, if it answers a person.
    pub(super) fn of(line: Option<&Line>) -> Option<Heard> {
        line.filter(|l| l.kind == AuthorKind::Human).map(|l| Heard {
            person: l.author_id.clone(),
            name: l.author_name.clone(),
            text: l.text.clone(),
            at: l.at,
        })
    }
}

/// A person's text without its @mentions.
fn without_mentions(text: &str) -> String {
    text.split_whitespace().filter(|w| !w.starts_with('@')).collect::<Vec<_>>().join(" ")
}

impl SharedMemory {
    fn lock(&self) -> MutexGuard<'_, Memory> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Reads a bot's memory back from the store.
    pub async fn load(store: &schema::Store, bot: &str) -> Result<SharedMemory, schema::StoreError> {
        let mut m = Memory::default();
        let mut replies = Vec::new();
        for mut r in store.bot_memory(bot, EPISODES_KEPT as i64).await? {
            replies.append(&mut r.replies);
            let about = tickers_in(&r.text).first().map(|s| s.to_string());
            if let Some(a) = &r.asked {
                let asked_about = tickers_in(&without_mentions(&a.text)).first().copied();
                m.met(&a.author_id, &a.author_name, &a.text, asked_about, Millis(a.at_ms));
            }
            let to = r.asked.map(|a| a.author_id);
            m.said(Episode { at: Millis(r.at_ms), to, about, text: r.text, leaning: None });
        }
        // How people took what it said: their cards' agreed and argued
        // (once every card it answered is made).
        for (person, text) in replies {
            m.replied(&person, engine::mood::talk::read(&text));
        }
        Ok(SharedMemory(Arc::new(Mutex::new(m))))
    }

    /// The people's lines of the room the bot sees, except the one it
    /// answers: those it knows were around.
    pub(super) fn saw<'a>(&self, lines: impl Iterator<Item = &'a Line>, answered: Option<i64>) {
        let mut m = self.lock();
        for l in lines.filter(|l| l.kind == AuthorKind::Human && Some(l.id) != answered) {
            m.saw(&l.author_id, l.at);
        }
    }

    /// What to recall for a turn answering `heard` (or the room) about `about`.
    pub(super) fn recall(&self, heard: Option<&Heard>, about: Option<&str>, now: Millis) -> Recall {
        let text = heard.map_or("", |h| h.text.as_str());
        self.lock().recall(text, about, heard.map(|h| h.person.as_str()), now)
    }

    /// A person replied to the bot: their card notes how.
    pub(super) fn replied(&self, person: &str, r: engine::mood::talk::Reception) {
        self.lock().replied(person, r);
    }

    /// Remembers what the bot said (and to whom, about what, leaning which way).
    pub(super) fn said(
        &self,
        text: &str,
        heard: Option<&Heard>,
        about: Option<&str>,
        leaning: Option<i8>,
        now: Millis,
    ) {
        let mut m = self.lock();
        if let Some(h) = heard {
            // The ticker the intent found in their words first; a bot's
            // @name is not a ticker ("@mehmet_bist" is no BIST).
            let asked_about = about.or_else(|| tickers_in(&without_mentions(&h.text)).first().copied());
            m.met(&h.person, &h.name, &h.text, asked_about, h.at);
        }
        let to = heard.map(|h| h.person.clone());
        m.said(Episode { at: now, to, about: about.map(str::to_string), text: text.to_string(), leaning });
    }
}

impl Handler<ForgetHumans> for BotActor {
    type Result = usize;

    /// The room forgot people: so does the bot (its cards and what it said
    /// to them).
    fn handle(&mut self, msg: ForgetHumans, _: &mut Self::Context) -> usize {
        let mut m = self.memory.lock();
        if let Some(person) = &msg.author_id {
            m.forget(person);
        }
        if let Some(before) = msg.before_ms {
            m.forget_before(Millis(before));
        }
        0
    }
}

impl BotActor {
    /// A person back after days is greeted with what the bot remembers of
    /// them (before its answer); then the bot remembers what it said.
    pub(super) fn remember(
        &mut self,
        mut draft: super::Draft,
        intent: &engine::intent::Intent,
        heard: Option<Heard>,
        now: Millis,
    ) -> super::Draft {
        if let (Some(r), true) = (&intent.memory.returning, intent.to_human) {
            let formal = engine::fallback::advice::is_formal(&self.persona);
            let hello = engine::memory::welcome_back(r, formal);
            if !engine::text::fold(&draft.text).contains("hos geldin") {
                draft.text = format!("{hello} {}", draft.text);
            }
        }
        let about = intent.quote.as_ref().map(|q| q.symbol.as_str());
        let leaning = about.map(|s| self.mind.with_beliefs(now, |b| b.leaning(s)));
        self.memory.said(&draft.text, heard.as_ref(), about, leaning, now);
        draft
    }
}
