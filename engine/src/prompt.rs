//! Prompt assembly. The stable part (rules, persona, voice) comes first and is
//! byte-identical between a bot's calls, so providers can cache it; the
//! dynamic part (market, transcript, intent) comes last.

use crate::intent::{Goal, Intent};
use crate::market::format_tr;
use crate::persona::{Direction, Persona};
use crate::transcript::{AuthorKind, Transcript};
use serde::{Deserialize, Serialize};

/// A chat prompt: a system message and one user message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prompt {
    pub system: String,
    pub user: String,
    /// Upper bound for the reply, in tokens.
    pub max_tokens: u32,
}

/// Upper bound for one reply: two short sentences.
pub const MAX_REPLY_TOKENS: u32 = 48;

/// Lines of transcript the model sees.
pub const PROMPT_LINES: usize = 4;

/// Examples of the persona's voice the model sees.
pub const PROMPT_EXAMPLES: usize = 3;

/// The stable part for a persona: who it is, how it writes, the rules.
/// Short on purpose: a small CPU model reads ~30–60 prompt tokens a second.
pub fn system_part(p: &Persona) -> String {
    let mut s = format!(
        "Sen {name}: {role}. Bir piyasa sohbet grubunda yazıyorsun. Üslubun: {tone}; {style}.\n",
        name = p.name.trim(),
        role = p.role,
        tone = p.tone,
        style = p.style,
    );
    if !p.examples.is_empty() {
        let ex: Vec<String> = p.examples.iter().take(PROMPT_EXAMPLES).map(|e| format!("\"{e}\"")).collect();
        s.push_str(&format!("Tarzına örnekler: {}\n", ex.join(" / ")));
    }
    // An imported seed persona's anecdotes, as the seed gave them: hints,
    // in the stable part (the same every turn). The guard keeps what it refuses out.
    let anecdotes: Vec<&str> = (p.anecdotes().into_iter())
        .filter(|a| crate::guard::compliance::check(a).is_allowed())
        .take(PROMPT_EXAMPLES)
        .collect();
    if !anecdotes.is_empty() {
        s.push_str(&format!("Ara sıra anılarından birini kısaca anlatırsın ({}).\n", anecdotes.join(" / ")));
    }
    s.push_str(RULES);
    s
}

/// The rules that end the stable part of every system message.
const RULES: &str = "Kurallar: Türkçe, gündelik dille tek kısa mesaj yaz (en fazla iki cümle). Sadece verilen \
     rakamları kullan. Getiri garantisi verme, kimseyi alım satıma çağırma, kişiye tavsiye verme. \
     Açıklama, liste ya da isim etiketi yazma.";

impl Prompt {
    /// The part that is byte-identical across a bot's calls (providers cache
    /// it): the system message up to its rules; the facts a [`Layout::Chat`]
    /// answer adds after them change every turn.
    pub fn stable(&self) -> &str {
        self.system.find(RULES).map_or(&self.system, |i| &self.system[..i + RULES.len()])
    }

    /// Adds a retry hint ("Dikkat: …", [`crate::quality::leak::HINT_HEAD`])
    /// on its own line after the task: at the end of the system message when
    /// the task closes it ([`Layout::Chat`]'s answers, whose user turn is the
    /// answered message and stays that message alone), else of the user part.
    pub fn add_hint(&mut self, hint: &str) {
        let line = format!("\n{} {hint}", crate::quality::leak::HINT_HEAD);
        match self.system.len() > self.stable().len() {
            true => self.system.push_str(&line),
            false => self.user.push_str(&line),
        }
    }
}

/// How the room's recent lines are laid out in the prompt. Small models
/// continue a log of `Name: text` lines with another copied line, so the
/// layout is measured on the embedded model (`actors/examples/prompt_layouts.rs`,
/// docs/QUALITY.md), not guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The last [`PROMPT_LINES`] lines, then the task.
    Lines,
    /// A turn that answers a message shows only the task, which quotes it;
    /// other turns the last [`FOCUSED_LINES`] lines.
    Focused,
    /// The task alone.
    Bare,
    /// A turn that answers a message gets it as the chat's user turn, as
    /// chat models are trained to answer; the facts and the task (which no
    /// longer quotes it) go after the stable part of the system message.
    /// Other turns as [`Layout::Focused`].
    Chat,
}

impl Layout {
    /// Every layout, in the order reports list them.
    pub const ALL: [Layout; 4] = [Layout::Lines, Layout::Focused, Layout::Bare, Layout::Chat];

    /// The layout's name in reports ("lines", "chat").
    pub fn name(self) -> &'static str {
        match self {
            Layout::Lines => "lines",
            Layout::Focused => "focused",
            Layout::Bare => "bare",
            Layout::Chat => "chat",
        }
    }

    /// How many recent lines a turn with this intent shows.
    fn lines_for(self, intent: &Intent) -> usize {
        let answers = matches!(intent.goal, Goal::AnswerHuman { .. } | Goal::ReplyBot { .. });
        match self {
            Layout::Lines => PROMPT_LINES,
            Layout::Focused | Layout::Chat if answers => 0,
            Layout::Focused | Layout::Chat => FOCUSED_LINES,
            Layout::Bare => 0,
        }
    }
}

/// Lines a [`Layout::Focused`] turn that answers nobody sees.
pub const FOCUSED_LINES: usize = 2;

/// The layout bots use.
pub const LAYOUT: Layout = Layout::Chat;

/// The books' lines of a prompt: the position with its profit or loss, and
/// the last trade in the ticker when there is a recent one.
fn position_lines(h: &crate::book::Held) -> String {
    let mut out = String::new();
    if h.qty > 0.0 {
        let way = if h.pnl_pct >= 0.0 { "kârda" } else { "zararda" };
        out.push_str(&format!(
            "Pozisyonun: {} adet, maliyet {}, şu an %{} {way}.\n",
            format_tr(h.qty, if h.qty.fract() == 0.0 { 0 } else { 3 }),
            format_tr(h.avg_cost, 2),
            format_tr(h.pnl_pct.abs(), 1)
        ));
    } else {
        out.push_str("Pozisyonun: yok.\n");
    }
    if let Some(t) = &h.last {
        let did = if t.side == crate::book::Side::Buy { "aldın" } else { "sattın" };
        out.push_str(&format!(
            "Son işlemin: {} adet {did}, {} TL'den ({}).\n",
            format_tr(t.qty, if t.qty.fract() == 0.0 { 0 } else { 3 }),
            format_tr(t.price, 2),
            t.reason.said()
        ));
    }
    out
}

/// A day's move in words ("bugün %1,25 ekside"): a small model copied the
/// sign of "günlük %-2,59" into the room and read the direction wrong.
fn move_words(change_pct: f64) -> String {
    let size = format_tr(change_pct.abs(), 2);
    match change_pct {
        c if c >= 0.005 => format!("bugün %{size} artıda"),
        c if c <= -0.005 => format!("bugün %{size} ekside"),
        _ => "bugün yatay".into(),
    }
}

/// Builds the whole prompt for an intent: the stable part, then the market,
/// the persona's view on the topic, the recent lines and the task.
pub fn build(p: &Persona, intent: &Intent, transcript: &Transcript) -> Prompt {
    build_with(p, intent, transcript, LAYOUT)
}

/// [`build`] with the recent lines laid out as `layout` says.
pub fn build_with(p: &Persona, intent: &Intent, transcript: &Transcript, layout: Layout) -> Prompt {
    let mut u = String::new();
    if let Some(q) = &intent.quote {
        u.push_str(&format!("Piyasa: {} {} TL, {}.\n", q.name, q.price_text(), move_words(q.change_pct)));
        if let Some(h) = &intent.position {
            u.push_str(&position_lines(h));
        }
        if let Some(st) = p.stance_on(&q.symbol) {
            let d = match st.direction {
                Direction::Bullish => "olumlu",
                Direction::Bearish => "olumsuz",
                Direction::Neutral => "kararsız",
            };
            u.push_str(&format!("Görüşün ({d}): {}\n", st.view));
        }
    }
    if let Some((days, said)) = &intent.memory.said {
        let when = crate::memory::days_ago(*days);
        let then = match intent.memory.changed {
            true => "Fikrin değişti: nedenini söyle.",
            false => "Kendinle çelişme.",
        };
        u.push_str(&format!("Hatırladığın: {when} şunu demiştin: «{said}» {then}\n"));
    }
    let recent: Vec<String> = transcript.recent(layout.lines_for(intent)).map(line_of).collect();
    if !recent.is_empty() {
        u.push_str(&format!("Son mesajlar:\n{}\n", recent.join("\n")));
    }
    u.push_str(&format!("Ruh halin: {}. ", intent.mood));
    if let (Layout::Chat, Some((task, message))) = (layout, chat_task(intent)) {
        let system = format!("{}\n{u}{task}", system_part(p));
        return Prompt { system, user: message, max_tokens: MAX_REPLY_TOKENS };
    }
    u.push_str(&task(intent, false));
    Prompt { system: system_part(p), user: u, max_tokens: MAX_REPLY_TOKENS }
}

/// For a turn that answers a message: the task (which points at the message
/// instead of quoting it) and the message as the user turn.
fn chat_task(intent: &Intent) -> Option<(String, String)> {
    match &intent.goal {
        Goal::AnswerHuman { text, .. } | Goal::ReplyBot { text, .. } => Some((task(intent, true), one_line(text))),
        _ => None,
    }
}

/// Longest name a prompt line shows.
const MAX_NAME_CHARS: usize = 32;

/// A transcript line as the prompt shows it, on one line. A person's text is
/// quoted, so a newline followed by "🤖 Name: …" in a post cannot pass for
/// another member's line; names are screened the same way.
fn line_of(l: &crate::transcript::Line) -> String {
    let name: String = one_line(&l.author_name).replace(':', " ").chars().take(MAX_NAME_CHARS).collect();
    match l.kind {
        AuthorKind::Human => format!("{} (kişi): «{}»", name.trim(), quoted(&l.text)),
        AuthorKind::Bot => format!("{}: {}", name.trim(), one_line(&l.text)),
    }
}

/// Text on one line: every run of whitespace (newlines included) one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A person's text inside «…»: on one line, its own guillemets made plain
/// quotes so it cannot close the quote early.
fn quoted(text: &str) -> String {
    one_line(text).replace(['«', '»'], "\"")
}
/// The task line for a person who asked for personal advice or a guarantee.
pub const DECLINE_ADVICE: &str = "Bu kişisel yatırım tavsiyesi ya da garanti isteği: kendi üslubunla kibarca \
     reddet, al ya da sat deme, fiyat gazı ve emoji gazı yapma; riski söyle (garanti yok, her şeyi tek hisseye \
     koymak yoğunlaşma riski) ve ona bir soru sor (vadesi, kaybı ne kadar kaldırabileceği).";

/// Added to every other task while a person's advice request is in the window.
pub const NO_HYPE_NEAR_ADVICE: &str = " Odada biri kişisel yatırım tavsiyesi ya da garanti istedi: onu gaza \
     getirme, al ya da sat deme, kesinlik ya da fırsat vaadi yazma.";

/// The task line; `chat`: the answered message is the user turn, so the
/// task points at it ("şimdiki mesajı") instead of quoting it.
fn task(intent: &Intent, chat: bool) -> String {
    let mut t = goal_task(intent, chat);
    if intent.advice.is_some_and(|a| !a.answering) {
        t.push_str(NO_HYPE_NEAR_ADVICE);
    }
    t
}

fn goal_task(intent: &Intent, chat: bool) -> String {
    let about = intent.quote.as_ref().map(|q| q.name.clone()).unwrap_or_else(|| "piyasa".into());
    // Who wrote what this turn answers, and how the task shows it.
    let to_me = |author: &str, text: &str| match chat {
        true => format!("Görev: {} sana şimdiki mesajı yazdı.", one_line(author)),
        false => format!("Görev: {} sana yazdı: «{}».", one_line(author), quoted(text)),
    };
    match &intent.goal {
        Goal::AnswerHuman { author, text } if intent.answers_advice().is_some() => {
            format!("{} {DECLINE_ADVICE}", to_me(author, text))
        }
        Goal::AnswerHuman { author, text } => {
            let answer = "kendi görüşünle ve bir nedenle kısa, samimi cevap ver.";
            match chat {
                true => format!("{} Mesajı tekrarlama; ona {answer}", to_me(author, text)),
                false => format!("{} Ona {answer}", to_me(author, text)),
            }
        }
        Goal::ReplyBot { author, .. } if chat => {
            format!("Görev: {} şimdiki mesajı yazdı. Tekrarlama; kendi görüşünle kısa cevap ver.", one_line(author))
        }
        Goal::ReplyBot { author, text } => {
            format!("Görev: {author} şunu yazdı: \"{text}\". Kendi görüşünle kısa cevap ver.")
        }
        Goal::ReactMove => format!("Görev: {about} fiyat hareketine kısa bir yorum yap."),
        Goal::ReactHeadline { text } => format!("Görev: şu habere kısa yorum yap: \"{text}\"."),
        Goal::Chat => format!("Görev: {about} hakkında gruba kısa bir şey yaz."),
        Goal::Ask => format!("Görev: {about} hakkında gruba saf bir soru sor."),
        Goal::DiscloseAi { .. } => "Görev: yapay zekâ olduğunu söyle.".into(),
    }
}

#[cfg(test)]
mod tests;
