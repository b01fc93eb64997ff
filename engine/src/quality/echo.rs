//! Echo: a bot saying again, lightly changed, what a line it saw said.
//!
//! Word-set Jaccard alone (0.7, as [`crate::postprocess::is_repeat`]) misses
//! the typical parrot of a short question: "bugün THY hakkında ne
//! düşünüyorsunuz" comes back as "Merhaba arkadaşlar, bugün THY için bir
//! konu düşünüyorum" — few words in common, but every content word of the
//! question, in its order. So a line is an echo of another when
//! - their distinct folded words have Jaccard ≥ [`JACCARD`], or
//! - the other's content words (stems, see [`content_stems`]) come back in
//!   order: at least [`MIN_ORDERED`] of them and [`COVERAGE`] of all, or
//! - almost all of this line's content ([`CONTAINED`], at least two stems)
//!   is taken from the other and covers [`COVERAGE`] of it, or
//! - this line is a reworded stretch of a longer one: [`COVERAGE`] of its
//!   content, at least [`MIN_TAIL`] stems, comes from the other in order
//!   ("Bu günlerde sakin bir şekilde kalmayı tercih ederim." after "…;
//!   böyle günlerde sakin kalmayı tercih ederim."), or
//! - a question asks again what a question asked: [`CONTAINED`] of its
//!   content, at least [`MIN_TAIL`] stems, in any order ("Yani, bir
//!   banka'nın kredi faizleri artığında bu bankaya kazanıyor mu?" after
//!   "Kredi faizleri artınca bankalar kazanır mı?").

use crate::text::fold;

/// Jaccard similarity of distinct folded words that is an echo outright.
pub const JACCARD: f64 = crate::postprocess::REPEAT_SIMILARITY;
/// Share of the other line's content stems that must come back (in order).
pub const COVERAGE: f64 = 0.75;
/// Content stems that must come back in order for a coverage echo.
pub const MIN_ORDERED: usize = 3;
/// Share of this line's content stems taken from the other line.
pub const CONTAINED: f64 = 0.8;
/// Content stems, in the other's order, that make a reworded stretch an echo.
pub const MIN_TAIL: usize = 3;
/// Shortest line (letters, spaces removed) recognised as a squashed parrot.
const MIN_SQUASHED: usize = 6;
/// Characters of a folded word kept as its stem (Turkish suffixes vary).
const STEM: usize = 5;

/// Words that carry no content: function words, greetings, question words.
static STOP: crate::text::Words = crate::text::Words::new(concat!(
    "ve|veya|ile|icin|ama|fakat|ancak|gibi|kadar|daha|cok|az|en|bu|su|o|bunu|sunu|onu|bir|biraz|ne|neden|niye|",
    "nasil|hangi|mi|mu|misiniz|musunuz|da|de|ki|ya|yani|acaba|bence|sizce|bana|sana|ben|sen|biz|siz|onlar|",
    "hakkinda|konusunda|uzerine|var|yok|olan|olarak|her|hep|hic|simdi|merhaba|selam|arkadaslar|millet|",
    "dostlar|evet|hayir|tamam|peki|aslinda|gercekten|sey|seyi|seyler|diye|dedi|oldu|olur|olsun|bile|artik|",
    // Suffixes cut off by an apostrophe ("banka'nın", "THY'den"): no content.
    "nin|nun|dan|den|tan|ten|nda|nde|ndan|nden|dir|dur|tir|tur|yla|yle|yi|yu|ye",
));

/// Whether `text` echoes `other`.
pub fn is_echo(text: &str, other: &str) -> bool {
    let (a, b) = (fold(text), fold(other));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if jaccard(&a, &b) >= JACCARD {
        return true;
    }
    // A short parrot with the spaces run together ("Botmusun?" for "sen bot
    // musun?"): all of this line's letters in a row inside the other's.
    let (squashed, other_squashed) = (a.replace(' ', ""), b.replace(' ', ""));
    if squashed.chars().count() >= MIN_SQUASHED && other_squashed.contains(&squashed) {
        return true;
    }
    let (mine, theirs) = (content_stems(&a), content_stems(&b));
    if mine.is_empty() || theirs.is_empty() {
        return false;
    }
    let ordered = lcs(&mine, &theirs);
    let covered = ordered as f64 >= COVERAGE * theirs.len() as f64;
    if covered && ordered >= MIN_ORDERED {
        return true;
    }
    if ordered >= MIN_TAIL && ordered as f64 >= COVERAGE * mine.len() as f64 {
        return true;
    }
    let taken = mine.iter().filter(|w| theirs.contains(w)).count();
    let contained = taken as f64 >= CONTAINED * mine.len() as f64;
    let asked_again = text.contains('?') && other.contains('?') && taken >= MIN_TAIL;
    contained && ((covered && taken >= 2) || asked_again)
}

/// The content words of a folded text, as stems, in order, each once.
pub fn content_stems(folded: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for w in folded.split(' ') {
        if w.chars().count() < 3 || STOP.has(w) {
            continue;
        }
        let stem = w.char_indices().nth(STEM).map_or(w, |(i, _)| &w[..i]);
        if !out.contains(&stem) {
            out.push(stem);
        }
    }
    out
}

/// Jaccard similarity of the distinct words of two folded texts.
fn jaccard(a: &str, b: &str) -> f64 {
    let mut x: Vec<&str> = a.split(' ').collect();
    let mut y: Vec<&str> = b.split(' ').collect();
    x.sort_unstable();
    x.dedup();
    y.sort_unstable();
    y.dedup();
    let common = x.iter().filter(|w| y.binary_search(w).is_ok()).count();
    common as f64 / (x.len() + y.len() - common) as f64
}

/// Length of the longest common subsequence (short lists: quadratic is fine).
fn lcs(a: &[&str], b: &[&str]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    for x in a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y { prev[j] + 1 } else { prev[j + 1].max(cur[j]) };
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod squash_tests {
    use super::*;

    #[test]
    fn a_short_parrot_with_its_spaces_run_together_is_an_echo() {
        assert!(is_echo("Botmusun? 🤨", "@selim_karsi sen bot musun?"));
        assert!(!is_echo("Evet, ben bir yapay zekâ personasıyım.", "@selim_karsi sen bot musun?"));
        assert!(!is_echo("Aynen.", "aynen öyle bence de"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lightly_changed_parrot_of_a_short_question_is_an_echo() {
        let q = "bugün THY hakkında ne düşünüyorsunuz";
        assert!(is_echo("Merhaba arkadaşlar, bugün THY için bir konu düşünüyorum", q));
        assert!(is_echo("Bugün THY hakkında ne düşünüyoruz?", q));
        assert!(is_echo("THYAO için ne düşünüyoruz acaba?", "THYAO için ne düşünüyorsunuz?"));
        assert!(is_echo("Destek bölgesi çalışıyor.", "Grafikte destek bölgesi çalışıyor gibi."));
        assert!(is_echo("Hacim düşük, acele etmeye gerek yok.", "Hacim düşük, acele etmeye gerek yok!"));
    }

    #[test]
    fn an_answer_on_the_same_topic_is_not_an_echo() {
        let q = "bugün THY hakkında ne düşünüyorsunuz";
        assert!(!is_echo("THY'de bilanço iyi geldi ama ben temkinliyim.", q));
        assert!(!is_echo("THYAO bence biraz daha yatay gider.", "THYAO için ne düşünüyorsunuz?"));
        assert!(!is_echo("Destek bölgesi önemli, kırılırsa bakarız.", "Grafikte destek bölgesi çalışıyor gibi."));
        assert!(!is_echo("Ben de katılıyorum.", "Ben de aynı şeyi düşünüyordum aslında."));
    }

    #[test]
    fn a_reworded_stretch_of_a_longer_line_is_an_echo() {
        let template = "Dolar/TL tarafında bugün yatay bir seyir var (41,82); haber akışına göre bakacağım, böyle günlerde sakin kalmayı tercih ederim.";
        assert!(is_echo("Bu günlerde sakin bir şekilde kalmayı tercih ederim.", template));
        // Four words of the other line in another order, or among as many of its own, are not.
        assert!(!is_echo("Ben kalmayı değil satmayı tercih ederim, günlerde sakin değil.", template));
        assert!(!is_echo("Haber akışına bakıyorum; kur yatay, ben de masada bekliyorum şimdilik.", template));
        // The embedded model, 2026-12-07: the line before, said again with greetings.
        assert!(is_echo(
            "Merhaba 📊, merhaba 🎯 Bu marjın güçlü bir seyiri sürdürüyor.",
            "Tüpraş'in marjı güçlü seyrini sürdürüyor."
        ));
        assert!(!is_echo(
            "Tüpraş'ta marj iyi ama fiyat bana pahalı geliyor.",
            "Tüpraş'in marjı güçlü seyrini sürdürüyor."
        ));
    }

    #[test]
    fn a_question_asked_again_in_other_words_is_an_echo_and_an_answer_is_not() {
        let q = "Kredi faizleri artınca bankalar kazanır mı?";
        // The embedded model, 2026-12-07, answering it.
        assert!(is_echo("Yani, bir banka'nın kredi faizleri artığında bu bankaya kazanıyor mu?", q));
        let answer = "Marjları genelde artar ama takipteki krediler de yükselir, ben temkinliyim.";
        assert!(!is_echo(answer, q));
        assert!(!is_echo("Mevduat faizleri ne olacak peki, bankalar buna ne der?", q));
    }

    #[test]
    fn stems_drop_function_words_and_suffixes() {
        assert_eq!(content_stems(&fold("Bugün THY hakkında ne düşünüyorsunuz?")), ["bugun", "thy", "dusun"]);
        assert_eq!(lcs(&["a", "b", "c"], &["a", "c", "b"]), 2);
    }
}
