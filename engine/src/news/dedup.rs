//! The same story from two feeds (or twice from one) is one headline: titles
//! are compared folded, without a trailing " - Source" and by their words,
//! so casing, punctuation, the outlet's name and a reordered word or two do
//! not make a story new.

use crate::text::fold;
use std::collections::{BTreeSet, VecDeque};

/// Word overlap (Jaccard) at which two titles are the same story.
pub const SAME_STORY: f64 = 0.8;

/// The comparable form of a title: folded, without a trailing source
/// (" - Reuters", " | Bloomberg HT").
pub fn dedup_key(title: &str) -> String {
    let mut t = title.trim();
    for sep in [" - ", " | ", " – ", " — "] {
        if let Some(at) = t.rfind(sep) {
            let tail = &t[at + sep.len()..];
            // A source is a short name, not half the headline.
            if tail.split_whitespace().count() <= 3 && at > tail.len() {
                t = &t[..at];
            }
        }
    }
    fold(t)
}

/// Titles seen lately (a bounded window), to tell new stories from repeats.
#[derive(Debug, Clone)]
pub struct Dedup {
    seen: VecDeque<(String, BTreeSet<String>)>,
    capacity: usize,
}

impl Dedup {
    pub fn new(capacity: usize) -> Self {
        Dedup { seen: VecDeque::new(), capacity: capacity.max(1) }
    }

    /// A window that already knows `keys` (stored across a restart).
    pub fn with_keys(capacity: usize, keys: impl IntoIterator<Item = String>) -> Self {
        let mut d = Dedup::new(capacity);
        for k in keys {
            d.remember(k);
        }
        d
    }

    /// True (and remembered) when the title is a new story; false for a repeat.
    pub fn is_new(&mut self, title: &str) -> bool {
        let key = dedup_key(title);
        if key.is_empty() || self.contains_key(&key) {
            return false;
        }
        self.remember(key);
        true
    }

    /// Whether a key (as from [`dedup_key`]) is the same story as one seen.
    pub fn contains_key(&self, key: &str) -> bool {
        let words = word_set(key);
        self.seen.iter().any(|(k, w)| k == key || jaccard(w, &words) >= SAME_STORY)
    }

    fn remember(&mut self, key: String) {
        let words = word_set(&key);
        self.seen.push_back((key, words));
        while self.seen.len() > self.capacity {
            self.seen.pop_front();
        }
    }
}

fn word_set(key: &str) -> BTreeSet<String> {
    key.split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_story_from_two_outlets_is_one_headline() {
        let mut d = Dedup::new(100);
        assert!(d.is_new("THY yolcu sayısında rekor kırdı - Anadolu Ajansı"));
        assert!(!d.is_new("THY Yolcu Sayısında Rekor Kırdı! | Bloomberg HT"));
        assert!(!d.is_new("  thy yolcu sayisinda rekor kirdi  "));
        assert!(d.is_new("THY kargo gelirlerinde yavaşlama"));
    }

    #[test]
    fn a_reworded_story_with_most_words_in_common_is_a_repeat_and_different_news_is_not() {
        let mut d = Dedup::new(100);
        assert!(d.is_new("Merkez Bankası politika faizini yüzde 42,5'te sabit bıraktı"));
        assert!(!d.is_new("Merkez Bankası politika faizini yüzde 42,5'te sabit bıraktı açıklaması"));
        assert!(d.is_new("Merkez Bankası politika faizini yüzde 40'a indirdi"));
    }

    #[test]
    fn the_window_forgets_the_oldest_and_keeps_what_it_was_given() {
        let mut d = Dedup::with_keys(2, [dedup_key("bir"), dedup_key("iki haber")]);
        assert!(!d.is_new("İki haber"));
        assert!(d.is_new("üç haber burada"));
        assert!(d.is_new("bir"), "the oldest key fell out of a window of 2");
        assert!(!d.is_new(""), "an empty title is never news");
    }

    #[test]
    fn a_hyphen_inside_a_title_is_not_taken_for_a_source() {
        assert_eq!(dedup_key("Dolar - TL kuru güne yükselişle başladı"), "dolar tl kuru gune yukselisle basladi");
        assert_eq!(dedup_key("Altın rekor - Reuters"), "altin rekor");
    }
}
