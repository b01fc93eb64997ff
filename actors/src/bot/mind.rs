//! A persona's mood and beliefs, one per persona, shared by its bots in
//! every room of this process (like its limiter, books and memory): news
//! and moves reach it once per market step, whatever the number of its
//! rooms, and how each room takes what it says moves the same mood.

use engine::belief::{Beliefs, Saved};
use engine::book::Book;
use engine::ids::Millis;
use engine::market::Headline;
use engine::mood::talk::Reception;
use engine::mood::{Mood, Temper};
use engine::persona::Persona;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// How often the mood and beliefs are written to the store, at most.
const MOOD_SAVE_EVERY_MS: i64 = 60_000;

#[derive(Debug)]
struct Mind {
    /// The persona as its bots speak it (its stances anchor the beliefs).
    persona: Arc<Persona>,
    mood: Mood,
    /// Where its mood rests and how fast it returns there.
    temper: Temper,
    mood_at: Millis,
    mood_saved_at: Millis,
    beliefs: Beliefs,
    beliefs_at: Millis,
    /// The last market step whose moves reached it, and whose headline.
    moves_step: Option<u64>,
    headline_step: Option<u64>,
}

/// A persona's mood and beliefs, shared (cheap to clone).
#[derive(Clone, Debug)]
pub struct SharedMind(Arc<Mutex<Mind>>);

/// Every persona's mind in this process, by bot id.
pub type Minds = super::shared::PerPersona<SharedMind>;

impl SharedMind {
    /// The mind of a persona whose first bot starts at `now` in `mood`.
    pub fn new(persona: &Arc<Persona>, mood: Mood, now: Millis) -> Self {
        SharedMind(Arc::new(Mutex::new(Mind {
            persona: persona.clone(),
            mood,
            temper: Temper::of(persona),
            mood_at: now,
            mood_saved_at: now,
            beliefs: Beliefs::of(persona),
            beliefs_at: now,
            moves_step: None,
            headline_step: None,
        })))
    }

    /// The beliefs saved at `at` instead of the stances: they drift on
    /// from then (the time the process was down included).
    pub fn with_saved_beliefs(self, saved: Option<(Beliefs, Millis)>) -> Self {
        if let Some((beliefs, at)) = saved {
            let mut m = self.lock();
            m.beliefs_at = at.min(m.beliefs_at);
            m.beliefs = beliefs;
        }
        self
    }

    fn lock(&self) -> MutexGuard<'_, Mind> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The mood now (it has drifted towards its rest since last asked).
    pub fn mood(&self, now: Millis) -> Mood {
        let mut m = self.lock();
        m.settle_mood(now);
        m.mood
    }

    /// `f` of the beliefs now (drifted back towards the persona's
    /// stances), read in place: a turn and a market step read them, and a
    /// copy would cost every bot at every step.
    pub fn with_beliefs<R>(&self, now: Millis, f: impl FnOnce(&Beliefs) -> R) -> R {
        let mut m = self.lock();
        m.settle_beliefs(now);
        f(&m.beliefs)
    }

    /// A persona's edited file: its temper from now on, its beliefs on
    /// its new stances.
    pub fn reshape(&self, persona: &Arc<Persona>) {
        let mut m = self.lock();
        m.persona = persona.clone();
        m.temper = Temper::of(persona);
        m.beliefs = Beliefs::of(persona);
    }

    /// Market step `step` reached one of the persona's rooms: its moves
    /// move the mood (by what the books hold) and the beliefs, once per
    /// step; its headline (a room shows only the news that concerns it)
    /// once per step too. The books' PnL shifts where beliefs settle.
    /// Answers the mood and beliefs to store, when it is time to.
    pub fn on_market(
        &self,
        book: &Book,
        step: u64,
        moves: &[engine::market::Move],
        quotes: &[engine::market::Quote],
        headline: Option<&Headline>,
        now: Millis,
    ) -> Option<(Mood, Saved)> {
        let mut m = self.lock();
        m.settle_mood(now);
        m.settle_beliefs(now);
        let persona = m.persona.clone();
        if m.moves_step.is_none_or(|s| s < step) {
            m.moves_step = Some(step);
            for mv in moves {
                m.mood = m.mood.on_move(&persona, book, quotes, &mv.symbol, mv.step_pct);
                m.beliefs.on_move(&persona, mv);
            }
            let pnl = book
                .positions()
                .iter()
                .filter_map(|(s, p)| engine::book::price_of(quotes, s).map(|price| (s.clone(), p.pnl_pct(price))));
            m.beliefs.mark(pnl.collect::<Vec<_>>());
        }
        if let Some(h) = headline
            && m.headline_step.is_none_or(|s| s < step)
        {
            m.headline_step = Some(step);
            m.beliefs.on_headline(&persona, h);
        }
        (now.since(m.mood_saved_at) >= MOOD_SAVE_EVERY_MS).then(|| {
            m.mood_saved_at = now;
            (m.mood, m.beliefs.saved(now))
        })
    }

    /// Its own trade moves its mood.
    pub fn on_trade(&self, reason: engine::book::Reason, now: Millis) {
        let mut m = self.lock();
        m.settle_mood(now);
        m.mood = m.mood.on_trade(reason);
    }

    /// How a room took what it said moves its mood.
    pub fn on_talk(&self, heard: &[Reception], now: Millis) {
        if heard.is_empty() {
            return;
        }
        let mut m = self.lock();
        m.settle_mood(now);
        m.mood = heard.iter().fold(m.mood, |mood, r| mood.on_talk(*r));
    }
}

impl Mind {
    fn settle_mood(&mut self, now: Millis) {
        if now > self.mood_at {
            self.mood = self.mood.decay(&self.temper, now.since(self.mood_at));
            self.mood_at = now;
        }
    }

    fn settle_beliefs(&mut self, now: Millis) {
        if now > self.beliefs_at {
            self.beliefs.decay(&self.persona, now.since(self.beliefs_at));
            self.beliefs_at = now;
        }
    }
}

impl super::BotActor {
    /// Takes in how `room` answered the bot since its last turn there: its
    /// mood moves, and a person's card notes whether they agreed or argued.
    pub(super) fn hear(&mut self, room: &str, transcript: &engine::transcript::Transcript, now: Millis) {
        let lines: Vec<&engine::transcript::Line> = transcript.iter().collect();
        let started = self.started;
        let heed = self.heeds.entry(room.to_string()).or_insert_with(|| engine::mood::talk::Heed::since(started));
        let heard = heed.hear(self.persona.username.as_str(), &lines);
        for (r, person) in &heard {
            if let Some(p) = person {
                self.memory.replied(p, *r);
            }
        }
        let receptions: Vec<Reception> = heard.into_iter().map(|(r, _)| r).collect();
        if !receptions.is_empty() {
            tracing::debug!(bot = %self.persona.username, heard = ?receptions, "how the room took it");
        }
        self.mind.on_talk(&receptions, now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::market::{Move, Quote};

    #[test]
    fn a_persona_in_two_rooms_feels_a_step_once_and_takes_news_from_whichever_room_shows_it() {
        let p = Arc::new(super::super::shared::bundled("can_scalp"));
        let minds = Minds::default();
        let one = minds.get_or("can_scalp", || SharedMind::new(&p, Mood::default(), Millis(0)));
        let two = minds.get_or("can_scalp", || unreachable!("the second room gets the same mind"));
        let book = Book::open(&p);
        let quotes =
            [Quote { symbol: "THYAO".into(), name: "THY".into(), price: 280.0, change_pct: -6.0, decimals: 2 }];
        let moves = [Move { symbol: "THYAO".into(), change_pct: -6.0, step_pct: -6.0 }];
        let h = Headline { symbol: "THYAO".into(), direction: -1, text: "THY'ye ceza".into(), ..Headline::default() };
        let at = Millis(60_000);
        one.on_market(&book, 1, &moves, &quotes, None, at);
        let (mood, beliefs) = (one.mood(at), one.with_beliefs(at, Beliefs::clone));
        assert!(mood.valence < -0.15, "{mood:?}");
        // The other room: the same step does nothing again, but its headline
        // (the first room did not show it) is taken once.
        two.on_market(&book, 1, &moves, &quotes, Some(&h), at);
        assert_eq!(two.mood(at), mood, "one mood, moved once");
        let after = two.with_beliefs(at, Beliefs::clone);
        assert!(after.get("THYAO") < beliefs.get("THYAO"));
        one.on_market(&book, 1, &moves, &quotes, Some(&h), at);
        assert_eq!(one.with_beliefs(at, Beliefs::clone), after, "the headline once");
        // Talk in either room reaches the one mood.
        two.on_talk(&[Reception::Agreed, Reception::Agreed], at);
        assert!(one.mood(at).valence > mood.valence);
    }
}
