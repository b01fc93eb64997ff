//! What a bot wants to say when it gets the floor, with the real numbers it
//! may use. The model only phrases an intent; it never invents the facts.

use crate::book::{Book, Held};
use crate::floor::Grant;
use crate::guard::advice::{AdviceKind, is_advice_request};
use crate::guard::honesty;
use crate::market::{Headline, Quote};
use crate::mood::Mood;
use crate::persona::Persona;
use crate::text::fold;
use crate::transcript::{AuthorKind, Line, Transcript};
use rand::Rng;
use serde::{Deserialize, Serialize};

/// A recent event the room knows about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    Move { symbol: String, change_pct: f64 },
    Headline(Headline),
}

/// What to say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Goal {
    /// Answer a person; the text is theirs.
    AnswerHuman { author: String, text: String },
    /// Reply to another bot.
    ReplyBot { author: String, text: String },
    /// React to a price move.
    ReactMove,
    /// React to a headline.
    ReactHeadline { text: String },
    /// Say something about a symbol the persona follows.
    Chat,
    /// Ask the room a question (newcomers).
    Ask,
    /// Tell the truth: this is an AI persona. Answered without the model.
    DiscloseAi { english: bool },
}

/// The intent handed to prompt assembly and post-processing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Intent {
    pub goal: Goal,
    /// The symbol the message is about (thread continuity), with its quote.
    pub quote: Option<Quote>,
    pub mood: String,
    /// Numbers the message may contain, as written ("312,40", "%1,25").
    pub allowed_numbers: Vec<f64>,
    pub reply_to: Option<i64>,
    pub to_human: bool,
    /// A person's request for personal advice or a guarantee in this turn's
    /// context: the reply declines it, or at least does not cheer it on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<Advice>,
    /// The bot's position in the quoted ticker, from its books.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Held>,
    /// What the bot recalls for this turn (what it said before on the
    /// subject; whether the person is back after days).
    #[serde(default)]
    pub memory: crate::memory::Recall,
}

impl Intent {
    /// The position in the quoted ticker as `book` has it at `now` (the
    /// persona file's holdings until then), and the numbers it allows.
    pub fn hold(&mut self, book: &Book, now: crate::ids::Millis) {
        let Some(q) = &self.quote else { return };
        self.position = book.held(&q.symbol, q.price, now);
        self.allowed_numbers = numbers(q, self.position.as_ref());
    }
}

/// A person's advice or guarantee request a turn must not cheer on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advice {
    pub kind: AdviceKind,
    /// This turn answers the request itself (and declines it); otherwise the
    /// request is in the recent window and another bot is talking near it.
    pub answering: bool,
}

/// How far back (in lines) a person's advice request keeps every bot's
/// replies free of hype.
pub const ADVICE_WINDOW_LINES: usize = 8;

impl Intent {
    /// The request this turn answers, when it answers one.
    pub fn answers_advice(&self) -> Option<AdviceKind> {
        self.advice.filter(|a| a.answering).map(|a| a.kind)
    }

    /// Whether this turn answers a person who says they are scared or
    /// hurting ([`crate::fallback::worried`]); asking for advice as well
    /// makes it an advice request.
    pub fn comforts(&self) -> bool {
        matches!(&self.goal, Goal::AnswerHuman { text, .. } if crate::fallback::worried(text))
            && self.answers_advice().is_none()
    }

    /// Whether the answer is the engine's own, not a model's: an advice
    /// request gets the decline, a scared person the comfort
    /// ([`crate::fallback::reaction`]). A small model's "answer" to either
    /// is too often a cheer, off the point or cold.
    pub fn answered_by_rule(&self) -> bool {
        matches!(self.goal, Goal::AnswerHuman { .. }) && (self.answers_advice().is_some() || self.comforts())
    }

    /// Whether this is the first answer to a person's question on a common
    /// topic ([`crate::fallback::topic`]: a newcomer's first steps, rates,
    /// inflation, dividends, results, crypto): no bot in `transcript` has
    /// answered it yet. Where the room puts topic answers first (a weak
    /// model), that answer is the engine's and the model writes the rest.
    pub fn first_topic_answer(&self, transcript: &Transcript) -> bool {
        let (Goal::AnswerHuman { text, .. }, Some(asked)) = (&self.goal, self.reply_to) else { return false };
        crate::fallback::topic::of(text).is_some()
            && !transcript.iter().any(|l| l.kind == AuthorKind::Bot && l.reply_to == Some(asked))
    }
}

/// The advice a turn must not cheer on: the person answered, or the newest
/// request a person made in the last [`ADVICE_WINDOW_LINES`] lines.
fn advice_context(goal: &Goal, transcript: &Transcript) -> Option<Advice> {
    let answering = match goal {
        Goal::AnswerHuman { text, .. } => is_advice_request(text),
        _ => None,
    };
    answering.map(|kind| Advice { kind, answering: true }).or_else(|| {
        let lines: Vec<&Line> = transcript.recent(ADVICE_WINDOW_LINES).collect();
        lines
            .into_iter()
            .rev()
            .filter(|l| l.kind == AuthorKind::Human)
            .find_map(|l| is_advice_request(&l.text))
            .map(|kind| Advice { kind, answering: false })
    })
}

/// Finds the first known symbol mentioned in a text.
pub fn symbol_in(text: &str, quotes: &[Quote]) -> Option<Quote> {
    let folded = format!(" {} ", fold(&crate::text::without_mentions(text)));
    let alias = |q: &Quote| -> Vec<String> {
        let mut v = vec![fold(&q.symbol), fold(&q.name)];
        match q.symbol.as_str() {
            "USDTRY" => v.extend(["dolar".into(), "usd".into()]),
            "EURTRY" => v.extend(["euro".into(), "avro".into()]),
            "GRAMALTIN" => v.extend(["altin".into(), "gram altin".into()]),
            "BTCUSD" => v.extend(["bitcoin".into(), "btc".into(), "kripto".into()]),
            "XU100" => v.extend(["borsa".into(), "bist".into(), "endeks".into()]),
            _ => {}
        }
        v
    };
    // A ticker's short form as people write it: "THY" for THYAO, "ereğli"
    // is not, but a word of 3+ letters that starts the ticker and misses at
    // most two of its letters is.
    let short = |q: &Quote| {
        let symbol = fold(&q.symbol);
        folded.split(' ').any(|w| {
            let n = w.chars().count();
            n >= 3 && symbol.starts_with(w) && n + 2 >= symbol.chars().count()
        })
    };
    quotes
        .iter()
        .find(|q| alias(q).iter().any(|a| folded.contains(&format!(" {a}"))))
        .or_else(|| quotes.iter().find(|q| short(q)))
        .cloned()
        // "bankalar neden düştü?" names no ticker but is about GARAN & co.
        .or_else(|| crate::market::sector::quote_for(&folded, quotes))
}

/// The numbers a message about `q` may contain: its price and move, and the
/// bot's position in it.
fn numbers(q: &Quote, position: Option<&Held>) -> Vec<f64> {
    let mut v = vec![q.price, q.change_pct, q.change_pct.abs()];
    v.extend(position.iter().flat_map(|h| h.numbers()));
    v
}

/// Forms the intent for a granted turn.
pub fn form(
    persona: &Persona,
    mood: Mood,
    grant: &Grant,
    transcript: &Transcript,
    quotes: &[Quote],
    events: &[Event],
    rng: &mut impl Rng,
) -> Intent {
    let target: Option<&Line> = grant.reply_to.and_then(|id| transcript.get(id));
    let mut quote = target.and_then(|l| symbol_in(&l.text, quotes));
    let goal = match target {
        Some(l) if l.kind == AuthorKind::Human && honesty::is_bot_question(&l.text) => {
            Goal::DiscloseAi { english: honesty::looks_english(&l.text) }
        }
        Some(l) if l.kind == AuthorKind::Human => {
            Goal::AnswerHuman { author: l.author_name.clone(), text: l.text.clone() }
        }
        Some(l) => Goal::ReplyBot { author: l.author_name.clone(), text: l.text.clone() },
        None => {
            let (goal, q) = fresh_goal(persona, quotes, events, rng);
            quote = q;
            goal
        }
    };
    if quote.is_none() && !matches!(goal, Goal::DiscloseAi { .. }) {
        quote = topic_symbol(persona, transcript, quotes).or_else(|| watch_pick(persona, quotes, rng));
    }
    let advice = advice_context(&goal, transcript);
    // The persona file's holding: the books as they opened.
    let position = quote.as_ref().and_then(|q| {
        persona.holding_of(&q.symbol).map(|h| Held {
            qty: h.size,
            avg_cost: h.avg_price,
            pnl_pct: (q.price / h.avg_price - 1.0) * 100.0,
            last: None,
        })
    });
    let allowed = quote.as_ref().map_or_else(Vec::new, |q| numbers(q, position.as_ref()));
    Intent {
        goal,
        quote,
        mood: mood.describe().to_string(),
        allowed_numbers: allowed,
        // A message the bot cannot see (scrolled out of its lines in a busy
        // room) is not replied to: no threaded answer that ignores it.
        reply_to: target.map(|l| l.id),
        to_human: target.is_some_and(|l| l.kind == AuthorKind::Human),
        advice,
        position,
        memory: Default::default(),
    }
}

fn fresh_goal(persona: &Persona, quotes: &[Quote], events: &[Event], rng: &mut impl Rng) -> (Goal, Option<Quote>) {
    for e in events.iter().rev() {
        match e {
            Event::Headline(h) if persona.cares_about(&h.symbol) || h.symbol == "MACRO" => {
                let q = quotes.iter().find(|q| q.symbol == h.symbol).cloned();
                return (Goal::ReactHeadline { text: h.text.clone() }, q);
            }
            Event::Move { symbol, .. } if persona.cares_about(symbol) => {
                return (Goal::ReactMove, quotes.iter().find(|q| &q.symbol == symbol).cloned());
            }
            _ => {}
        }
    }
    let goal = if persona.asks_questions && rng.random_bool(0.6) { Goal::Ask } else { Goal::Chat };
    (goal, None)
}

fn topic_symbol(persona: &Persona, transcript: &Transcript, quotes: &[Quote]) -> Option<Quote> {
    transcript
        .recent(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .filter_map(|l| symbol_in(&l.text, quotes))
        .find(|q| persona.cares_about(&q.symbol))
}

fn watch_pick(persona: &Persona, quotes: &[Quote], rng: &mut impl Rng) -> Option<Quote> {
    let followed: Vec<&Quote> = quotes.iter().filter(|q| persona.cares_about(&q.symbol)).collect();
    let pool: Vec<&Quote> = if followed.is_empty() { quotes.iter().collect() } else { followed };
    if pool.is_empty() {
        return None;
    }
    Some(pool[rng.random_range(0..pool.len())].clone())
}

#[cfg(test)]
mod symbol_tests {
    use super::*;

    #[test]
    fn thy_is_thyao_and_a_plain_word_is_no_ticker() {
        let quotes = crate::market::MarketSim::new(1).snapshot();
        let thy = symbol_in("THY bugün neden hareket etti?", &quotes).map(|q| q.symbol);
        assert_eq!(thy.as_deref(), Some("THYAO"));
        assert_eq!(symbol_in("thy'ye ne oldu", &quotes).map(|q| q.symbol).as_deref(), Some("THYAO"));
        assert_eq!(symbol_in("bugün hava güzel", &quotes), None);
        let garan = symbol_in("@mehmet_bist GARAN hakkında ne düşünüyorsunuz?", &quotes).map(|q| q.symbol);
        assert_eq!(garan.as_deref(), Some("GARAN"), "a bot's @name is no ticker");
        let banks = symbol_in("Bugün bankalar neden bu kadar düştü, bilen var mı?", &quotes).map(|q| q.symbol);
        assert!(matches!(banks.as_deref(), Some("GARAN" | "AKBNK" | "YKBNK")), "a sector names its tickers: {banks:?}");
    }
}
