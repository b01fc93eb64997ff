//! Turkish-aware text folding: lower case, diacritics removed, punctuation as
//! spaces, runs of spaces collapsed. Guards match on folded text so that
//! "KESİN yükselir", "kesin yukselir" and "kesin   yükselir!!" look alike.

use std::sync::OnceLock;

/// Folds text for matching.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.chars() {
        let mapped = fold_char(c);
        if mapped == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(mapped);
            last_space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// One character folded: lower case without diacritics, punctuation as a space.
fn fold_char(c: char) -> char {
    match c {
        'İ' | 'I' | 'ı' | 'i' | 'î' | 'Î' => 'i',
        'Ş' | 'ş' => 's',
        'Ğ' | 'ğ' => 'g',
        'Ü' | 'ü' | 'û' | 'Û' => 'u',
        'Ö' | 'ö' => 'o',
        'Ç' | 'ç' => 'c',
        'Â' | 'â' => 'a',
        '%' => '%',
        c if c.is_alphanumeric() => c.to_lowercase().next().unwrap_or(c),
        _ => ' ',
    }
}

/// Folded words of a text.
pub fn words(text: &str) -> Vec<String> {
    fold(text).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Whether a folded text contains a word starting with `stem` (Turkish is
/// agglutinative: "garanti" matches "garantili", "garantisi").
pub fn has_stem(folded: &str, stem: &str) -> bool {
    folded.split(' ').any(|w| w.starts_with(stem))
}

/// Folded clauses of a text: split at . , ; : ! ? … and line breaks (a dot or
/// comma between digits, as in "2,5", does not split). Empty clauses dropped.
pub fn clauses(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let in_number = i > 0 && chars[i - 1].is_ascii_digit() && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '…' | '\n') && !in_number {
            push_folded(&mut out, &cur);
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    push_folded(&mut out, &cur);
    out
}

fn push_folded(out: &mut Vec<String>, raw: &str) {
    let f = fold(raw);
    if !f.is_empty() {
        out.push(f);
    }
}

/// `s` with its first letter upper-cased ("dün" → "Dün").
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// Whether folded word `w` is one of `alts` ("a|b|c*"): an alternative ending
/// in `*` matches as a prefix (a stem), `_` matches any word.
pub fn word_is(w: &str, alts: &str) -> bool {
    alts.split('|').any(|a| a == "_" || a.strip_suffix('*').map_or(a == w, |p| w.starts_with(p)))
}

/// A set of folded words written as for [`word_is`], compiled on first use.
pub struct Words {
    alts: &'static str,
    set: OnceLock<WordSet>,
}

struct WordSet {
    exact: Vec<&'static str>,
    stems: Vec<&'static str>,
    any: bool,
}

impl WordSet {
    fn new(alts: &'static str) -> Self {
        Self::of(alts.split('|'))
    }

    fn of(alts: impl Iterator<Item = &'static str>) -> Self {
        let (stems, mut exact): (Vec<_>, Vec<_>) = alts.partition(|a| a.ends_with('*'));
        exact.sort_unstable();
        let stems = stems.iter().map(|s| &s[..s.len() - 1]).collect();
        WordSet { any: exact.contains(&"_"), exact, stems }
    }

    fn has(&self, w: &str) -> bool {
        self.any || self.exact.binary_search(&w).is_ok() || self.stems.iter().any(|s| w.starts_with(s))
    }
}

impl Words {
    pub const fn new(alts: &'static str) -> Self {
        Words { alts, set: OnceLock::new() }
    }

    /// Whether `w` is in the set.
    pub fn has(&self, w: &str) -> bool {
        self.set.get_or_init(|| WordSet::new(self.alts)).has(w)
    }

    /// Whether any of `words` is in the set.
    pub fn any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.has(w))
    }
}

/// Phrases separated by `;`, each a space-separated run of word sets (see
/// [`Words`]); the token `~` skips up to two words. Compiled on first use.
pub struct Phrases {
    patterns: &'static str,
    compiled: OnceLock<(WordSet, Vec<Vec<Option<WordSet>>>)>,
}

impl Phrases {
    pub const fn new(patterns: &'static str) -> Self {
        Phrases { patterns, compiled: OnceLock::new() }
    }

    /// The length of the first phrase that starts at `words[i]`.
    pub fn at(&self, words: &[&str], i: usize) -> Option<usize> {
        let (first, compiled) = self.compiled.get_or_init(|| {
            let token = |t: &'static str| (t != "~").then(|| WordSet::new(t));
            let firsts = self.patterns.split(';').filter_map(|p| p.split_whitespace().next());
            let first = WordSet::of(firsts.flat_map(|t| t.split('|')));
            (first, self.patterns.split(';').map(|p| p.split_whitespace().map(token).collect()).collect())
        });
        if !words.get(i).is_some_and(|w| first.has(w)) {
            return None;
        }
        compiled.iter().find_map(|p| match_from(p, words, i).map(|end| end - i))
    }

    /// The first place (start, length) where a phrase occurs.
    pub fn find(&self, words: &[&str]) -> Option<(usize, usize)> {
        (0..words.len()).find_map(|i| self.at(words, i).map(|n| (i, n)))
    }
}

/// Where `tokens` matched from `words[i]` end, trying shorter gaps first.
fn match_from(tokens: &[Option<WordSet>], words: &[&str], i: usize) -> Option<usize> {
    match tokens.split_first() {
        None => Some(i),
        Some((None, rest)) => (0..=2).find_map(|skip| match_from(rest, words, (i + skip).min(words.len()))),
        Some((Some(set), rest)) => words.get(i).filter(|w| set.has(w)).and_then(|_| match_from(rest, words, i + 1)),
    }
}

/// `text` without its `@username` mentions: "@temettu_zeynep" names a bot,
/// not dividends, and "@mehmet_bist" is not the BIST index.
pub fn without_mentions(text: &str) -> String {
    text.split_whitespace().filter(|w| !w.starts_with('@')).collect::<Vec<_>>().join(" ")
}

/// Marks `name` (folded, e.g. "garanti") where Turkish spelling makes it a
/// proper noun: an apostrophe before a suffix ("Garanti'nin") or a capital
/// inside a sentence ("bugün Garanti sakin"). Adjective suffixes after the
/// apostrophe ("-li", "-siz") keep the common noun. Replaced by `proper`.
pub fn mark_proper_noun(text: &str, name: &str, proper: &str) -> String {
    if !fold(text).contains(name) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let n = name.chars().count();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let starts = i == 0 || !chars[i - 1].is_alphanumeric();
        if starts && i + n <= chars.len() && chars[i..i + n].iter().copied().map(fold_char).eq(name.chars()) {
            let next = chars.get(i + n).copied();
            let suffix: String =
                chars[(i + n + 1).min(chars.len())..].iter().take_while(|c| c.is_alphabetic()).collect();
            let apostrophe = matches!(next, Some('\'' | '’')) && !word_is(&fold(&suffix), "li|lu|siz|suz");
            let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
            let in_sentence = before.is_some_and(|c| !".!?…:\"".contains(*c));
            let capital = chars[i].is_uppercase() && chars.get(i + 1).is_some_and(|c| c.is_lowercase());
            if apostrophe || (capital && in_sentence && !next.is_some_and(char::is_alphanumeric)) {
                out.push_str(proper);
                i += n;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Words written in capitals, `len` letters long, folded ("ASTOR", "KONTR");
/// none when the whole text is shouted.
pub fn capitalised_words(text: &str, len: std::ops::RangeInclusive<usize>) -> Vec<String> {
    if !text.chars().any(char::is_lowercase) {
        return Vec::new();
    }
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| len.contains(&w.chars().count()) && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()))
        .map(fold)
        .collect()
}

/// The longest run of consecutive words of `ws` that also occurs in the
/// space-separated `other` (the guards' leak checks: a secret, a prompt line).
pub fn longest_shared_run(ws: &[&str], other: &str) -> usize {
    let sw: Vec<&str> = other.split(' ').collect();
    let mut best = 0;
    let mut prev = vec![0usize; sw.len() + 1];
    for w in ws {
        let mut cur = vec![0usize; sw.len() + 1];
        for (j, s) in sw.iter().enumerate() {
            if w == s {
                cur[j + 1] = prev[j] + 1;
                best = best.max(cur[j + 1]);
            }
        }
        prev = cur;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_case_diacritics_and_punctuation() {
        assert_eq!(fold("KESİN Yükselir!!  Şimdi"), "kesin yukselir simdi");
        assert_eq!(fold("%100 kâr"), "%100 kar");
        assert!(has_stem(&fold("Garantili kazanç"), "garanti"));
    }

    #[test]
    fn clauses_split_at_punctuation_but_not_inside_numbers() {
        assert_eq!(clauses("Kesin değil, ama %2,5 arttı! Bakalım…"), ["kesin degil", "ama %2 5 artti", "bakalim"]);
    }

    #[test]
    fn word_sets_and_phrases_match_stems_alternatives_and_gaps() {
        static SETS: Words = Words::new("risksiz|garanti*");
        static RUMOUR: Phrases = Phrases::new("kulagima geldi|calindi; almayan ~ pisman*");
        assert!(SETS.has("garantili") && SETS.has("risksiz") && !SETS.has("garan") && word_is("x", "a|_"));
        let f = fold("Kulağıma çalındı, almayan sonra çok pişman olur");
        let w: Vec<&str> = f.split(' ').collect();
        assert_eq!(RUMOUR.at(&w, 0), Some(2));
        assert_eq!(RUMOUR.find(&w[1..]), Some((1, 4)));
    }

    #[test]
    fn proper_nouns_and_capitals_are_recognised() {
        let t = "Garanti'nin kârı arttı, bugün Garanti sakin. Garanti yükselir, GARANTİ'li kazanç";
        assert_eq!(
            mark_proper_noun(t, "garanti", "GARAN"),
            "GARAN'nin kârı arttı, bugün GARAN sakin. Garanti yükselir, GARANTİ'li kazanç"
        );
        assert_eq!(capitalised_words("ASTOR ve KONTR topla, TL", 4..=6), ["astor", "kontr"]);
        assert!(capitalised_words("HEPSİ BÜYÜK", 4..=6).is_empty());
    }
}
