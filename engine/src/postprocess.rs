//! Cleaning a model's draft into one short chat message, or refusing it with
//! a reason: role labels and assistant phrases stripped, echoes, English and
//! broken endings refused, every number checked against the feed, and the
//! compliance guard applied. Near a person's advice or guarantee request
//! (see [`crate::intent::Advice`]) a draft that cheers them on is refused.
//!
//! # Layout
//! - `numbers`: [`numbers_in`] and [`unknown_number`], the numbers a text
//!   writes and whether the feed gave them.
//! - `repeat`: [`is_repeat`], a draft that says what a recent line said.

use crate::guard::compliance::{self, Violation};
use crate::guard::leak::Leak;
use crate::guard::stance::Overweight;
use crate::intent::Intent;
use crate::persona::Persona;
use crate::text::fold;

mod numbers;
mod repeat;
use numbers::check_numbers;
pub use numbers::{numbers_in, unknown_number};
pub use repeat::{REPEAT_SIMILARITY, REPEAT_STEM, is_repeat};

/// Longest message a bot sends, in characters.
pub const MAX_CHARS: usize = 280;
/// Shortest acceptable message, in characters.
pub const MIN_CHARS: usize = 6;

/// Why a draft was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Reject {
    #[error("empty or too short")]
    Empty,
    #[error("sounds like an assistant, not a chat member")]
    Assistant,
    #[error("not Turkish")]
    NotTurkish,
    #[error("echoes the instructions")]
    Echo,
    #[error("number {0} is not in the feed")]
    UnknownNumber(String),
    #[error("blocked by the compliance guard: {}", .0.code())]
    Guard(Violation),
    #[error("repeats a recent message")]
    Repeat,
    #[error("says one of its voice examples as it stands")]
    Example,
    #[error("over the room's stance cap: {0}")]
    Stance(Overweight),
    #[error("leaks {}", .0.code())]
    Leak(Leak),
    #[error("defective: {0}")]
    Defect(crate::quality::Defect),
    #[error("cheers on a person's advice or guarantee request")]
    AdviceHype,
    #[error("contradicts its books: {0}")]
    Books(crate::book::claims::Contradiction),
}

impl Reject {
    /// The guard's reason code when the guard refused the draft (compliance,
    /// stance cap, leak); none for a merely badly written draft.
    pub fn guard_code(&self) -> Option<&'static str> {
        match self {
            Reject::Guard(v) => Some(v.code()),
            Reject::Stance(_) => Some("stance_cap"),
            Reject::Leak(l) => Some(l.code()),
            Reject::AdviceHype => Some("advice_hype"),
            _ => None,
        }
    }
}

/// Folded phrases that sound like an assistant, not a chat member (also
/// [`crate::quality`]'s `assistant_tone`).
pub(crate) const ASSISTANT: &[&str] = &[
    "elbette",
    "uzgunum ancak",
    "tabii ki",
    "tabiki",
    "size nasil yardimci",
    "yardimci olabilirim",
    "bir yapay zeka olarak",
    "yapay zeka olarak",
    "dil modeli",
    "as an ai",
    "i m sorry",
    "i cannot",
    "sure here",
    "here is",
    "iste mesaj",
    "iste cevap",
    "mesajim",
    "cevabim",
    "lutfen",
    "onerilir",
    "oneririm",
    "en iyi yaklasim",
    "unutmayin",
    "yatirim yapmadan once",
    "uzmanlar tavsiye",
    "inceleyin",
    "aciklama yap",
    "aciklama yapmaya",
    "kisa bir aciklama",
    // A task or a service talking (seen on the embedded model, 2026-12-06:
    // "Görevinizi tamamladığınız için teşekkür ederim.").
    "gorevinizi",
    "gorevimi",
    "sorunuz icin",
    "sorulariniz icin",
    "anlayisiniz icin",
    "baska bir sorunuz",
    "umarim yardimci",
    "yardimci olabildiysem",
    "size yardim",
    "memnuniyetle",
    // A service offering to look things up ("…anlamak için gerekli
    // bilgileri toplayabilirim", the embedded model, 2026-12-06).
    "bilgileri toplayabilirim",
    "bilgi toplayabilirim",
    "bilgi verebilirim",
    "sizin icin arastir",
    "daha detayli bilgi",
    "detayli bilgiye ihtiyac",
    // Showing the reader around ("BIST 100'un %0,19 artışını
    // görebilirsiniz", the embedded model, 2026-12-07).
    "gorebilirsiniz",
    "goreceginiz gibi",
    // Offering a service ("Sizin için piyasa hakkında bir önerme
    // yapabilirim.", the embedded model, 2026-12-07).
    "onerme yapabilirim",
    "oneri yapabilirim",
    "onerebilirim",
    "oneriyi paylasabilirim",
    "oneri paylasabilirim",
];
/// Pieces of the prompt that must not come back (matched on lower-cased text).
const ECHO: &[&str] = &[
    "görev:",
    "kurallar:",
    "son mesajlar:",
    "ruh halin:",
    "piyasa:",
    "senin pozisyonun:",
    "tek kısa mesaj",
    "örnek mesajlar",
    "olarak tek kısa",
];
/// Non-ASCII letters a Turkish message may contain.
pub(crate) const TURKISH_LETTERS: &str = "çğıöşüÇĞİÖŞÜâîûÂÎÛéÉ";
/// Sentences a message keeps.
const MAX_SENTENCES: usize = 2;
const ENGLISH: &[&str] = &["the", "and", "is", "are", "you", "this", "that", "with", "for", "market", "price", "will"];

/// Cleans `raw` for `persona` under `intent`.
pub fn clean(raw: &str, persona: &Persona, intent: &Intent) -> Result<String, Reject> {
    let mut text = first_block(raw);
    let raw_folded = fold(&text);
    if ASSISTANT.iter().any(|a| format!(" {raw_folded} ").contains(&format!(" {a} "))) {
        return Err(Reject::Assistant);
    }
    text = strip_labels(&text, persona);
    // U+FFFD: bytes a model cut off mid-character (an emoji at its token limit).
    text = text.replace(['*', '#', '`', '"', '“', '”', '\u{FFFD}'], "");
    text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    text = first_sentences(&text, MAX_SENTENCES);
    text = fix_ending(&text);
    if text.chars().count() < MIN_CHARS {
        return Err(Reject::Empty);
    }
    let folded = fold(&text);
    if ASSISTANT.iter().any(|a| format!(" {folded} ").contains(&format!(" {a} "))) {
        return Err(Reject::Assistant);
    }
    let lower = text.to_lowercase();
    if ECHO.iter().any(|e| lower.contains(e)) {
        return Err(Reject::Echo);
    }
    // Small multilingual models slip into other scripts (Chinese, Cyrillic).
    if text.chars().any(|c| c.is_alphabetic() && !c.is_ascii() && !TURKISH_LETTERS.contains(c)) {
        return Err(Reject::NotTurkish);
    }
    let words: Vec<&str> = folded.split(' ').collect();
    let english = words.iter().filter(|w| ENGLISH.contains(w)).count();
    if words.len() >= 3 && english * 4 >= words.len() {
        return Err(Reject::NotTurkish);
    }
    check_numbers(&text, &intent.allowed_numbers)?;
    check_template(&text, intent)?;
    Ok(text)
}

/// The guards a finished text passes for `intent`, a model's draft or a
/// template: compliance, then (near an advice request) no cheering on.
pub fn check_template(text: &str, intent: &Intent) -> Result<(), Reject> {
    if let compliance::Verdict::Blocked(v) = compliance::check_reply(text, intent.to_human) {
        return Err(Reject::Guard(v));
    }
    if intent.advice.is_some() && crate::guard::advice::cheers_on(text) {
        return Err(Reject::AdviceHype);
    }
    Ok(())
}

/// The draft's defects that keep it out of the room, judged by
/// [`crate::quality::defects`] against what the bot saw (`ctx`): an echo of
/// a line of the window, a speaker label, its instructions or prompt data,
/// English, another script, an assistant's tone, hype towards an advice
/// request, a number not in the feed. A bare price quote is a cheap
/// reaction: allowed only when the bot reacts to a price move.
pub fn check_defects(text: &str, intent: &Intent, ctx: &crate::quality::Context) -> Result<(), Reject> {
    use crate::intent::Goal;
    use crate::quality::Defect;
    let cheap_ok = matches!(intent.goal, Goal::ReactMove);
    match crate::quality::defects(text, ctx).into_iter().find(|d| *d != Defect::PriceOnly || !cheap_ok) {
        Some(d) => Err(Reject::Defect(d)),
        None => Ok(()),
    }
}

/// The first `n` sentences (a sentence ends at . ! ? or … followed by a space).
fn first_sentences(text: &str, n: usize) -> String {
    let mut ends = 0;
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let next_is_space = chars.get(i + 1).is_none_or(|c| c.is_whitespace());
        let prev_is_digit =
            i > 0 && chars[i - 1].is_ascii_digit() && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if matches!(c, '.' | '!' | '?' | '…') && next_is_space && !prev_is_digit {
            ends += 1;
            if ends == n {
                return chars[..=i].iter().collect();
            }
        }
    }
    text.to_string()
}

fn first_block(raw: &str) -> String {
    raw.split("\n\n")
        .map(str::trim)
        .find(|b| !b.is_empty())
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

fn strip_labels(text: &str, persona: &Persona) -> String {
    let mut t = text.trim().trim_start_matches(['-', '>', '"', ' ', '*', '•']).to_string();
    for _ in 0..3 {
        let Some((head, rest)) = t.split_once(':') else {
            break;
        };
        let h = fold(head);
        let is_label = head.chars().count() <= 30
            && (h.split(' ').count() <= 3)
            && (h.contains(&fold(persona.name.split_whitespace().next().unwrap_or("-")))
                || ["asistan", "assistant", "cevap", "yanit", "mesaj", "bot", "ai", "user", "kullanici"]
                    .iter()
                    .any(|w| h.contains(w))
                || head.contains(crate::DEFAULT_AI_MARKER));
        if !is_label {
            break;
        }
        t = rest.trim().to_string();
    }
    strip_self_address(&t, persona)
}

/// A bot calling itself by name at the start ("Mehmet Bey, altın ve dolar…",
/// the embedded model, 2026-12-06) reads as talking to itself: the name and
/// its comma go, the rest starts with a capital.
fn strip_self_address(text: &str, persona: &Persona) -> String {
    let name = persona.name.trim();
    let first = name.split_whitespace().next().unwrap_or(name);
    let rest = [name, first]
        .iter()
        .filter(|n| !n.is_empty())
        .find_map(|n| text.strip_prefix(n).and_then(|r| r.trim_start().strip_prefix([',', '!'])));
    let Some(rest) = rest.map(str::trim_start).filter(|r| !r.is_empty()) else { return text.to_string() };
    let mut chars = rest.chars();
    let head = match chars.next() {
        Some('i') => "İ".to_string(),
        Some(c) => c.to_uppercase().collect(),
        None => String::new(),
    };
    format!("{head}{}", chars.as_str())
}

fn fix_ending(text: &str) -> String {
    let mut t: String = text.chars().take(MAX_CHARS).collect();
    let ends = ['.', '!', '?', '…'];
    let last_char_ok =
        t.chars().last().is_some_and(|c| ends.contains(&c) || !c.is_alphanumeric() && !c.is_ascii_punctuation());
    if text.chars().count() > MAX_CHARS || !last_char_ok {
        if let Some(pos) = t.rfind(ends)
            && pos > MIN_CHARS
        {
            t.truncate(pos + 1);
            return t;
        }
        if text.chars().count() > MAX_CHARS {
            if let Some(pos) = t.rfind(' ') {
                t.truncate(pos);
            }
            t.push('…');
        }
    }
    t
}

#[cfg(test)]
mod tests;
