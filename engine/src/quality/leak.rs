//! A bot reading its prompt out: its instructions ("Kendi görüşünle kısa
//! cevap ver.", "Kurallar: …") or the data it was handed ("Pozisyonun: 2.000
//! adet, maliyet 37,50.", "Ruh halin: …"). Two ways to tell:
//! - the phrasing of [`crate::prompt`] itself, known here (always checked);
//! - with the bot's prompt at hand, [`MIN_RUN`] consecutive folded words
//!   shared with one of its lines. The market line ("Piyasa: …") is left
//!   out (quoting a price is allowed; [`super::price`] judges bare quotes),
//!   and so are the style examples, the transcript lines and quoted text,
//!   which the bot is meant to sound like or answer.
//!
//! - the persona's description (the prompt's first line: role, tone,
//!   style) making up most of the text, in any order;
//! - the retry hint the bot was given ("Dikkat: …", see
//!   `actors::bot::drafting`) said back in other words: most of the line's
//!   content words ([`HINT_SHARE`], at least [`HINT_STEMS`]) are the hint's.
//!
//! The guard's leak check ([`crate::guard::leak`]) refuses long runs of any
//! secret text; these are the short, typical slips of a small model.

use crate::text::{Phrases, fold};

/// Consecutive words shared with a prompt line that make a leak.
pub const MIN_RUN: usize = 4;
/// The line that carries a retry hint, appended to the prompt's last line.
pub const HINT_HEAD: &str = "Dikkat:";
/// Content stems of a hint that a paraphrase of it shares, at least.
pub const HINT_STEMS: usize = 3;
/// Share of the line's own content stems that come from the hint.
pub const HINT_SHARE: f64 = 0.6;

/// The task and rule sentences of [`crate::prompt`], folded.
static INSTRUCTION: Phrases = Phrases::new(concat!(
    "kisa ~ cevap|yorum|mesaj|soru|sey ver|yap|yaz|sor; saf ~ soru sor; kendi gorusunle; ",
    "verilen rakamlari kullan; getiri garantisi verme; alim satima cagirma; kisiye tavsiye verme; ",
    "etiketi yazma; en fazla iki cumle; gundelik dille; sohbet grubunda yaziyorsun; ",
    "yapay zeka oldugunu soyle; tarzina ornekler; sunu yazdi; sana yazdi",
));
/// Headings of the prompt's instruction lines (lower case, with the colon).
const INSTRUCTION_HEADS: &[&str] = &["görev:", "kurallar:", "üslubun:", "tarzına örnekler:"];
/// The prompt's data lines, as the model sees them.
const DATA_HEADS: &[&str] = &[
    "pozisyonun:",
    "son işlemin:",
    "hatırladığın:",
    "senin pozisyonun",
    "ruh halin:",
    "son mesajlar:",
    "görüşün (olumlu)",
    "görüşün (olumsuz)",
    "görüşün (kararsız)",
];
/// "2.000 adet, maliyet 37,50", in any person.
static DATA: Phrases = Phrases::new("adet ~ maliyet*; ruh halin|halim|halinin|halimin");
/// Prompt lines whose words may come back: the market, the style examples.
const FREE_LINES: &[&str] = &["Piyasa:", "Tarzına örnekler"];
/// Prompt lines that hold data, not instructions.
const DATA_LINES: &[&str] = &["Pozisyonun:", "Son işlemin:", "Hatırladığın:", "Görüşün", "Ruh halin:"];

/// Words in a row shared with another text that make a copy rather than a
/// likeness.
pub const COPY_RUN: usize = 6;

/// Whether `text` copies a stretch of one of `others`: the persona's style
/// examples (which show the voice; a small model glues two of them
/// together: "… hodl modundayım 💎🙌 / on-chain tarafta hareket var, …"),
/// or a line of the room it saw ("… %0,26'deki ekonomik kaynaklar artıyor"
/// said again by the next bot).
pub fn copies_a_stretch(text: &str, others: &[String]) -> bool {
    shares_a_run(text, others, COPY_RUN)
}

/// Whether `text` shares `run` folded words in a row with one of `others`.
pub fn shares_a_run(text: &str, others: &[String], run: usize) -> bool {
    let folded = fold(text);
    let ws: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    others.iter().any(|e| crate::text::longest_shared_run(&ws, &fold(e)) >= run)
}

/// Whether `text` repeats the bot's instructions.
pub fn leaks_instructions(text: &str, prompt: Option<&str>) -> bool {
    let lower = text.to_lowercase();
    let folded = fold(text);
    let ws: Vec<&str> = folded.split(' ').collect();
    INSTRUCTION_HEADS.iter().any(|h| lower.contains(h))
        // The retry hint's head opening a message: "Dikkat: Bir soru sorunuz."
        || lower.trim_start().starts_with(&HINT_HEAD.to_lowercase())
        || INSTRUCTION.find(&ws).is_some()
        || prompt
            .is_some_and(|p| prompt_lines(p, false).iter().any(|l| crate::text::longest_shared_run(&ws, l) >= MIN_RUN))
        || prompt.is_some_and(|p| says_the_hint(&folded, p))
        || prompt.is_some_and(|p| describes_itself(&folded, p))
}

/// Whether the folded `text` is made of the persona's own description, the
/// prompt's first line ("Sen Elif: iktisat öğrencisi. … Üslubun: meraklı,
/// esprili, öğrenmeye hevesli; …"): at least [`HINT_STEMS`] content stems,
/// [`super::echo::CONTAINED`] of them from that line ("Meraklı, esprili ve
/// öğrenmeye hevesli. 🤓", the embedded model, 2026-12-07: a word put in
/// between, so no run of four words).
fn describes_itself(folded: &str, prompt: &str) -> bool {
    use super::echo::{CONTAINED, content_stems};
    let Some(line) = prompt.lines().map(str::trim).find(|l| l.starts_with("Sen ")) else { return false };
    let line = fold(line);
    let (mine, theirs) = (content_stems(folded), content_stems(&line));
    let taken = mine.iter().filter(|s| theirs.contains(s)).count();
    taken >= HINT_STEMS && taken as f64 >= CONTAINED * mine.len() as f64
}

/// Whether the folded `text` is the prompt's retry hint in other words.
fn says_the_hint(folded: &str, prompt: &str) -> bool {
    use super::echo::content_stems;
    let Some(hint) = prompt.lines().find_map(|l| l.trim().strip_prefix(HINT_HEAD)) else { return false };
    let hint = fold(hint);
    let (mine, theirs) = (content_stems(folded), content_stems(&hint));
    let shared = mine.iter().filter(|s| theirs.contains(s)).count();
    shared >= HINT_STEMS && shared as f64 >= HINT_SHARE * mine.len() as f64
}

/// Whether `text` reads out the prompt's data lines.
pub fn leaks_data(text: &str, prompt: Option<&str>) -> bool {
    let lower = text.to_lowercase();
    let folded = fold(text);
    let ws: Vec<&str> = folded.split(' ').collect();
    DATA_HEADS.iter().any(|h| lower.contains(h))
        || DATA.find(&ws).is_some()
        || prompt
            .is_some_and(|p| prompt_lines(p, true).iter().any(|l| crate::text::longest_shared_run(&ws, l) >= MIN_RUN))
}

/// The prompt's instruction lines (`data` false) or data lines (true),
/// folded, without quoted text; the transcript block is skipped.
fn prompt_lines(prompt: &str, data: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_transcript = false;
    for line in prompt.lines().map(str::trim) {
        if line.starts_with("Son mesajlar:") {
            in_transcript = true;
            continue;
        }
        if in_transcript && !line.starts_with("Ruh halin:") {
            continue;
        }
        in_transcript = false;
        if FREE_LINES.iter().any(|f| line.starts_with(f)) {
            continue;
        }
        // The last line holds the mood (data) and the task (instructions).
        let (mood, task) = match line.find("Görev:") {
            Some(i) if line.starts_with("Ruh halin:") => (&line[..i], &line[i..]),
            _ => ("", line),
        };
        let is_data = DATA_LINES.iter().any(|d| task.starts_with(d));
        let pick = match (data, is_data) {
            (true, true) => task,
            (true, false) => mood,
            (false, false) => task,
            (false, true) => "",
        };
        let unquoted: String = pick.split(['"', '“', '”']).step_by(2).collect::<Vec<_>>().join(" ");
        let f = fold(&unquoted);
        if !f.is_empty() {
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROMPT: &str = "Sen Okan Usta: emekli esnaf. Bir piyasa sohbet grubunda yazıyorsun. Üslubun: sakin; kısa.\n\
        Tarzına örnekler: \"Sabır şart arkadaşlar\"\n\
        Kurallar: Türkçe, gündelik dille tek kısa mesaj yaz (en fazla iki cümle).\n\
        Piyasa: Türk Hava Yolları 37,60 TL, bugün %3,58 ekside.\n\
        Pozisyonun: 2.000 adet, maliyet 37,50.\n\
        Görüşün (olumlu): turizm sezonu güçlü geçecek\n\
        Son mesajlar:\n\
        Deniz: bugün THY hakkında ne düşünüyorsunuz\n\
        Ruh halin: keyifli. Görev: Deniz sana yazdı: \"bugün THY hakkında ne düşünüyorsunuz\". Ona kısa ve samimi cevap ver.";

    #[test]
    fn instruction_lines_are_caught_with_or_without_the_prompt() {
        for t in [
            "Kendi görüşünle kısa cevap ver.",
            "Ona kısa ve samimi cevap ver, THY iyi.",
            "Görev: piyasa hakkında yaz.",
            "Sadece verilen rakamları kullan, getiri garantisi verme.",
            // The embedded model, 2026-12-07: the retry hint's head, posted.
            "Dikkat: Bir soru sorunuz.",
        ] {
            assert!(leaks_instructions(t, None), "missed: {t}");
        }
        assert!(leaks_instructions("emekli esnaf bir piyasa sohbet grubunda", Some(PROMPT)));
    }

    #[test]
    fn a_retry_hint_said_back_in_other_words_is_a_leak_and_an_answer_is_not() {
        let hinted =
            format!("{PROMPT}\nDikkat: Karşındakinin cümlesini tekrarlama; kendi fikrini ve bir nedenini söyle.");
        // Seen on the embedded model, 2026-12-05.
        assert!(leaks_instructions("Sana tekrar bir cümlenin tekrarlama ve kendine fikrini söyle:", Some(&hinted)));
        assert!(!leaks_instructions("Bence THY'de acele etme, bilanço gelmeden fikrim net değil.", Some(&hinted)));
        assert!(!leaks_instructions("Sana tekrar bir cümlenin tekrarlama ve kendine fikrini söyle:", Some(PROMPT)));
    }

    #[test]
    fn a_text_made_of_the_personas_description_is_a_leak() {
        let elif = "Sen Elif: iktisat öğrencisi. Bir piyasa sohbet grubunda yazıyorsun. Üslubun: meraklı, esprili, \
            öğrenmeye hevesli; gündelik genç dili ('ya', 'cidden'), ders kitabı terimleriyle sorular.\n\
            Kurallar: Türkçe, gündelik dille tek kısa mesaj yaz (en fazla iki cümle).";
        // The embedded model, 2026-12-07, answering a bot's line.
        assert!(leaks_instructions("Meraklı, esprili ve öğrenmeye hevesli. 🤓", Some(elif)));
        assert!(leaks_instructions("Hevesli ve meraklı bir iktisat öğrencisi.", Some(elif)));
        for own in [
            "Ya cidden, bugün piyasa sakin mi?",
            "Ders kitabında enflasyon böyle anlatılmıyordu ya, cidden merak ettim.",
            "Dolar neden yükseldi, faiz kararı mı etkiledi?",
        ] {
            assert!(!leaks_instructions(own, Some(elif)), "{own}");
        }
    }

    #[test]
    fn data_lines_are_caught_with_or_without_the_prompt() {
        for t in
            ["Pozisyonun: 2.000 adet, maliyet 37,50.", "Benim 2.000 adet var, maliyetim 37,50.", "Ruh halin: keyifli."]
        {
            assert!(leaks_data(t, None), "missed: {t}");
        }
        assert!(leaks_data("turizm sezonu güçlü geçecek diye", Some(PROMPT)));
    }

    #[test]
    fn answering_the_question_and_quoting_the_price_leak_nothing() {
        for t in [
            "Bugün THY hakkında ne düşünüyorsunuz derseniz, bence sakin.",
            "Türk Hava Yolları 37,60 TL, fena değil.",
            "Sabır şart arkadaşlar, acele yok.",
            "Kısa vadede dalgalı olur bence.",
            "Kendi görüşüm şu: biraz bekleyelim.",
        ] {
            assert!(!leaks_instructions(t, Some(PROMPT)), "instruction false alarm: {t}");
            assert!(!leaks_data(t, Some(PROMPT)), "data false alarm: {t}");
        }
    }
}
