//! One set of books per persona, shared by its bots in every room of this
//! process (like its limiter): a persona in two rooms trades once per
//! market step, not once per room. The first bot of a persona replays its
//! stored trades; each new trade is booked here and then stored.

use engine::belief::Beliefs;
use engine::book::style::{Step, Style, decide};
use engine::book::{Book, Trade};
use engine::ids::Millis;
use engine::persona::Persona;
use rand::Rng;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// A persona's books and when it last looked at the market.
#[derive(Debug)]
struct State {
    book: Arc<Book>,
    style: Style,
    /// When it last looked at the market (its start before the first step).
    asked_at: Millis,
    /// The last market step it traded on, so that its bot in another room
    /// does not trade on the same step again.
    last_step: Option<u64>,
}

/// A persona's books, shared (cheap to clone).
#[derive(Clone, Debug)]
pub struct SharedBook(Arc<Mutex<State>>);

impl SharedBook {
    /// The books of a persona whose bot starts at `now`.
    pub fn new(persona: &Persona, book: Book, now: Millis) -> Self {
        SharedBook(Arc::new(Mutex::new(State {
            book: Arc::new(book),
            style: Style::of(persona),
            asked_at: now,
            last_step: None,
        })))
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Poisoned books still hold booked trades only.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The books as they are now (a snapshot, cheap).
    pub fn snapshot(&self) -> Arc<Book> {
        self.lock().book.clone()
    }

    /// A persona's edited file changes its style from now on.
    pub fn restyle(&self, persona: &Persona) {
        self.lock().style = Style::of(persona);
    }

    /// Asks the persona's style for a trade on this market step and books
    /// it (`step.elapsed_ms` is filled in here). A step already seen (the
    /// persona's bot in another room got the same one, `id`) trades nothing.
    pub fn on_step(
        &self,
        persona: &Persona,
        beliefs: &Beliefs,
        id: u64,
        mut step: Step,
        rng: &mut impl Rng,
    ) -> Option<Trade> {
        let mut s = self.lock();
        if s.last_step.is_some_and(|seen| seen >= id) {
            return None;
        }
        step.elapsed_ms = step.now.since(s.asked_at);
        (s.asked_at, s.last_step) = (step.now, Some(id));
        let t = decide(persona, &s.style, &s.book, beliefs, &step, rng)?;
        match Arc::make_mut(&mut s.book).apply(t.clone()) {
            Ok(()) => Some(t),
            Err(e) => {
                tracing::error!(bot = %persona.username, error = %e, "a trade the books refused");
                None
            }
        }
    }
}

/// Every persona's books in this process, by bot id.
pub type Books = super::shared::PerPersona<SharedBook>;

#[cfg(test)]
mod tests {
    use super::*;
    use engine::market::{Move, Quote};
    use rand::SeedableRng;

    #[test]
    fn a_persona_in_two_rooms_trades_once_per_step() {
        let p = super::super::shared::bundled("can_scalp");
        let (books, beliefs) = (Books::default(), Beliefs::of(&p));
        let one = books.get_or("can_scalp", || SharedBook::new(&p, Book::open(&p), Millis(0)));
        let two = books.get_or("can_scalp", || unreachable!("the second room gets the same books"));
        let held = *one.snapshot().position("THYAO").unwrap();
        // THYAO 9 % under its cost: the scalper's stop fills.
        let quotes: Arc<[Quote]> = vec![Quote {
            symbol: "THYAO".into(),
            name: "THY".into(),
            price: held.avg_cost * 0.91,
            change_pct: -9.0,
            decimals: 2,
        }]
        .into();
        let moves = vec![Move { symbol: "THYAO".into(), change_pct: -9.0, step_pct: -9.0 }];
        let step = || Step { quotes: &quotes, moves: &moves, headline: None, elapsed_ms: 0, now: Millis(60_000) };
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let t = one.on_step(&p, &beliefs, 7, step(), &mut rng).expect("the stop fills");
        assert_eq!((t.side, t.qty), (engine::book::Side::Sell, held.qty));
        assert_eq!(two.on_step(&p, &beliefs, 7, step(), &mut rng), None, "the same step in the other room");
        assert!(two.snapshot().position("THYAO").is_none(), "one set of books");
        assert_eq!(two.snapshot().recent().len(), 1);
    }
}
