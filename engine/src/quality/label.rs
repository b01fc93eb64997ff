//! Speaker labels: a weak model writes the transcript's format back, "Okan:
//! …", "🤖 Ece Hanım: …", or a heading of its own, "Güncel: …". A message
//! starts with a label when what comes before its first colon is
//! - a member's name, whole or its first word (compared after folding, so
//!   "okan_usta_1", "🤖 Okan Usta 1" and "Okan:" meet), or
//! - anything short after the AI marker 🤖, or
//! - one capitalised word ("Güncel", "Yorum", "Bot", "AI"), not a ticker.

use crate::text::fold;

/// Longest head (in characters) that can be a label.
const MAX_HEAD: usize = 40;
/// Most words a label has.
const MAX_WORDS: usize = 4;
/// Upper-case heads that are labels, not tickers.
const UPPER_LABELS: &[&str] = &["ai", "bot", "yz"];
/// Capitalised words that open a sentence before a colon in real chat
/// ("Bakın: …", "Kısacası: …").
static INTRO: crate::text::Words =
    crate::text::Words::new("bakin|bakiniz|bakalim|bence|sonuc|sonucta|ozetle|kisacasi|yani|dikkat|mesele|sorun");

/// Whether `text` starts with a speaker label; `members` are the room's
/// members as ids or display names.
pub fn has_label(text: &str, members: &[&str]) -> bool {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || "-–>\"'*•_`".contains(c));
    let Some((head, rest)) = t.split_once(':') else {
        return false;
    };
    // The prompt's quote of a person right after a colon: a transcript line.
    if rest.trim_start().starts_with('«') {
        return true;
    }
    // "10:30" or "Saat 10:30" is a time, "https://…" a link.
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) || head.chars().count() > MAX_HEAD {
        return false;
    }
    // "Okan (kişi):" is how the prompt shows a person: a label too.
    let head = head.trim_end().trim_end_matches("(kişi)").trim_end();
    let folded = fold(head);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() || words.len() > MAX_WORDS {
        return false;
    }
    if head.contains(crate::DEFAULT_AI_MARKER) {
        return true;
    }
    if members.iter().any(|m| names_member(&folded, m)) {
        return true;
    }
    // "Levent Bey, Soru: …": a heading after the name the line is put to.
    if let Some((to, heading)) = head.rsplit_once(',')
        && members.iter().any(|m| names_member(&fold(to), m))
        && heading.split_whitespace().count() == 1
    {
        return is_label_word(heading.trim());
    }
    let one: Vec<&str> = head.split_whitespace().collect();
    one.len() == 1 && is_label_word(one[0])
}

/// Whether a folded head is member `m`'s name or its first word.
fn names_member(head: &str, m: &str) -> bool {
    // "web:Deniz", "tg:123" are ids with a channel prefix.
    let name = m.rsplit(':').next().unwrap_or(m);
    let name = fold(name);
    if name.is_empty() {
        return false;
    }
    let first = name.split(' ').next().unwrap_or_default();
    head == name || (first.chars().count() >= 3 && head == first)
}

/// A capitalised word ("Güncel") or a known upper-case label ("AI"); a
/// ticker in capitals ("THYAO: bence yükselir") is no label.
fn is_label_word(w: &str) -> bool {
    let mut chars = w.chars();
    let Some(first) = chars.next() else { return false };
    let rest: Vec<char> = chars.collect();
    if !first.is_uppercase() || !w.chars().all(char::is_alphabetic) || INTRO.has(&fold(w)) {
        return false;
    }
    if rest.iter().all(|c| c.is_lowercase()) {
        return true;
    }
    UPPER_LABELS.contains(&fold(w).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEMBERS: &[&str] = &["okan_usta_1", "web:Deniz", "ece_hanim_2"];

    #[test]
    fn names_markers_and_generic_headings_are_labels() {
        for t in [
            "Okan: bence bekleyelim.",
            "okan usta 1: bence bekleyelim.",
            "🤖 Ece Hanım 2: sabır şart.",
            "🤖 Biri: sabır şart.",
            "Deniz: haklısın.",
            "Güncel: THYAO sakin.",
            "Yorum: piyasa yön arıyor.",
            "Cevap: bence bekleyelim.",
            "Bot: merhaba",
            "AI: piyasa sakin",
            "- Yanıt: piyasa sakin",
            // The embedded model, 2026-12-07.
            "Okan, Soru: Dolar/TL fiyat değişkenindeki %0,58 ekside hangi durumda?",
        ] {
            assert!(has_label(t, MEMBERS), "missed: {t}");
        }
    }

    #[test]
    fn times_tickers_links_and_colons_inside_are_not_labels() {
        for t in [
            "Saat 10:30 gibi veri geliyor.",
            "THYAO: bence yükselir.",
            "Bakın: https://kap.org.tr",
            "Bence şöyle: acele etmeyin.",
            "Okan abi, haklısın bence.",
            "Okan, bak: faiz kararı yarın.",
            "Bugün iki şey önemli: faiz ve enflasyon.",
        ] {
            assert!(!has_label(t, MEMBERS), "false alarm: {t}");
        }
    }
}
