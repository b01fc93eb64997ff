//! Per-message defects of a bot's chat line, found by rules: an echo of a
//! line it saw, a speaker label, its own instructions or prompt data, a bare
//! price quote, English or another script, an assistant's tone, hype towards
//! a person asking for advice, numbers not in the feed, a move the feed did
//! not make, a line that says nothing. `piyasa eval` counts
//! them over a transcript ([`crate::eval`]); the live defence
//! ([`crate::postprocess`]) can ask the same questions of a draft. Cheap and
//! deterministic: folded words and small word lists, no model.
//!
//! # Layout
//! - [`echo`]: parroting a line of the window (containment of content words).
//! - [`label`]: a speaker label at the start ("Okan:", "🤖 Ece:", "Güncel:").
//! - [`leak`]: instruction lines and prompt data lines said out loud.
//! - [`price`]: a message that only quotes a price.
//! - [`language`]: English, other scripts, assistant tone.
//! - [`advice`]: a person asking for advice, and hype in the answer.
//! - [`direction`]: a rise or fall today that the feed does not show.
//! - [`empty`]: a line that says nothing (greeting, agreement, filler, a retry hint said back).

pub mod advice;
pub mod direction;
pub mod echo;
pub mod empty;
pub mod label;
pub mod language;
pub mod leak;
pub mod price;
#[cfg(test)]
mod tests;

use serde::Serialize;

/// What is wrong with a message. [`Defect::code`] is its stable name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Defect {
    /// Says again, lightly changed, what a line of the window said.
    Echo,
    /// Starts with a speaker label: a member's name, "🤖 Name:", "Cevap:".
    Label,
    /// Repeats the bot's instructions ("Kendi görüşünle kısa cevap ver.").
    InstructionLeak,
    /// Reads out prompt data ("Pozisyonun: 2.000 adet, maliyet 37,50.").
    PromptDataLeak,
    /// Only a price and a change, nothing said about it.
    PriceOnly,
    /// Written in English.
    English,
    /// Letters of another script (Cyrillic, Chinese, …).
    OtherScript,
    /// Sounds like an assistant ("Elbette, size yardımcı olabilirim").
    AssistantTone,
    /// Hype ("🚀", "kaçırmayın", "uçacak") answering a person who asked for advice.
    HypeToAdvice,
    /// A number that is neither in the feed nor a small count or a year.
    UnknownNumber,
    /// Says an instrument rose (or fell) today while the feed shows the other way.
    WrongMove,
    /// Says nothing: a greeting, agreement or filler alone, or a retry hint said back.
    Contentless,
}

impl Defect {
    /// Every defect, in a stable order (reports list them so).
    pub const ALL: [Defect; 12] = [
        Defect::Echo,
        Defect::Label,
        Defect::InstructionLeak,
        Defect::PromptDataLeak,
        Defect::PriceOnly,
        Defect::English,
        Defect::OtherScript,
        Defect::AssistantTone,
        Defect::HypeToAdvice,
        Defect::UnknownNumber,
        Defect::WrongMove,
        Defect::Contentless,
    ];

    /// Whether finding it needs the feed as the bot saw it (numbers, moves),
    /// which a stored transcript does not keep.
    pub fn needs_feed(self) -> bool {
        matches!(self, Defect::UnknownNumber | Defect::WrongMove)
    }

    /// Stable snake_case code (reports, thresholds, logs).
    pub fn code(self) -> &'static str {
        match self {
            Defect::Echo => "echo",
            Defect::Label => "label",
            Defect::InstructionLeak => "instruction_leak",
            Defect::PromptDataLeak => "prompt_data_leak",
            Defect::PriceOnly => "price_only",
            Defect::English => "english",
            Defect::OtherScript => "other_script",
            Defect::AssistantTone => "assistant_tone",
            Defect::HypeToAdvice => "hype_to_advice",
            Defect::UnknownNumber => "unknown_number",
            Defect::WrongMove => "wrong_move",
            Defect::Contentless => "contentless",
        }
    }
}

impl std::fmt::Display for Defect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A line the bot saw before writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    pub author: &'a str,
    pub text: &'a str,
}

/// What the bot knew when it wrote: checks that need a piece of it are
/// skipped when that piece is missing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The previous messages of the room, oldest first.
    pub window: &'a [Line<'a>],
    /// The room's members, bots and people, as ids or display names
    /// ("okan_usta_1", "web:Deniz", "🤖 Okan Usta").
    pub members: &'a [&'a str],
    /// The bot's prompt (system and user part), when known.
    pub prompt: Option<&'a str>,
    /// The numbers of the feed, when known (else numbers are not checked).
    pub allowed_numbers: Option<&'a [f64]>,
    /// Whether the message answers a person who asked for advice or a guarantee.
    pub answers_advice_request: Option<bool>,
    /// The feed's quotes when the bot wrote, and the one it was given
    /// (else moves are not checked).
    pub quotes: Option<(&'a [crate::market::Quote], Option<&'a crate::market::Quote>)>,
}

/// The defects of `text`, in [`Defect::ALL`] order; none for a good line.
pub fn defects(text: &str, ctx: &Context) -> Vec<Defect> {
    let mut out = Vec::new();
    let mut add = |d: Defect, yes: bool| {
        if yes {
            out.push(d);
        }
    };
    add(Defect::Echo, ctx.window.iter().any(|l| echo::is_echo(text, l.text)));
    add(Defect::Label, label::has_label(text, ctx.members));
    add(Defect::InstructionLeak, leak::leaks_instructions(text, ctx.prompt));
    add(Defect::PromptDataLeak, leak::leaks_data(text, ctx.prompt));
    add(Defect::PriceOnly, price::is_price_only(text));
    add(Defect::English, language::is_english(text));
    add(Defect::OtherScript, language::has_other_script(text));
    add(Defect::AssistantTone, language::sounds_like_assistant(text));
    add(Defect::HypeToAdvice, ctx.answers_advice_request == Some(true) && advice::is_hype(text));
    let unknown = ctx.allowed_numbers.is_some_and(|a| crate::postprocess::unknown_number(text, a).is_some());
    add(Defect::UnknownNumber, unknown);
    let wrong = ctx.quotes.is_some_and(|(quotes, topic)| direction::wrong_move(text, quotes, topic).is_some());
    add(Defect::WrongMove, wrong);
    add(Defect::Contentless, empty::is_contentless(text, ctx.members));
    out
}
