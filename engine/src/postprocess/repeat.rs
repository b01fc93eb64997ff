//! Repeats: a draft that says what a recent message (or a voice example)
//! already said, by the Jaccard similarity of distinct word stems.

use crate::text::fold;

/// Word overlap (Jaccard) at which two messages count as the same.
pub const REPEAT_SIMILARITY: f64 = 0.7;

/// Whether `text` says what one of the `recent` messages already said:
/// Jaccard similarity of the distinct word stems at least
/// [`REPEAT_SIMILARITY`]. A stem is a folded word's first [`REPEAT_STEM`]
/// letters, with a suffix after an apostrophe joined on first, so "Altın
/// dolar'dır." repeats "Altın dolar'tur." as Turkish suffixes vary. Asked of
/// every draft against the whole window, so it compares sorted word slices
/// instead of building hash sets of owned words (`cargo bench -p engine`:
/// 41 µs → see docs/BENCHMARKS.md).
pub fn is_repeat(text: &str, recent: &[String]) -> bool {
    let folded = joined_fold(text);
    let mine = distinct_stems(&folded);
    if mine.is_empty() {
        return false;
    }
    recent.iter().any(|r| {
        let folded = joined_fold(r);
        let other = distinct_stems(&folded);
        let (a, b) = (mine.len(), other.len());
        // Jaccard never exceeds min/max of the set sizes: skip the merge.
        if (a.min(b) as f64) < REPEAT_SIMILARITY * a.max(b) as f64 {
            return false;
        }
        let common = common_count(&mine, &other);
        common as f64 / (a + b - common) as f64 >= REPEAT_SIMILARITY
    })
}

/// Letters of a folded word that [`is_repeat`] compares.
pub const REPEAT_STEM: usize = 5;

/// `text` folded, with a suffix after an apostrophe joined to its word
/// ("dolar'dır" → "dolardir"); no copy when there is no apostrophe.
fn joined_fold(text: &str) -> String {
    if !text.contains(['\'', '’']) {
        return fold(text);
    }
    fold(&text.chars().filter(|c| !matches!(c, '\'' | '’')).collect::<String>())
}

/// The distinct stems (first [`REPEAT_STEM`] letters) of a folded text, sorted.
fn distinct_stems(folded: &str) -> Vec<&str> {
    let mut v: Vec<&str> = (folded.split(' ').filter(|w| !w.is_empty()))
        .map(|w| w.char_indices().nth(REPEAT_STEM).map_or(w, |(i, _)| &w[..i]))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Words in both sorted, distinct lists.
fn common_count(a: &[&str], b: &[&str]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}
