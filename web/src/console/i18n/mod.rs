//! The console's words in Turkish (the default) and English. The language
//! is the `piyasa_lang` cookie (`tr` or `en`), set by the switch in the
//! header; a key missing from [`WORDS`] shows as itself (a test checks that
//! every key the templates and the script use is here, in both languages).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The cookie that holds the language.
pub const LANG_COOKIE: &str = "piyasa_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Tr,
    En,
}

impl Lang {
    /// From the cookie's value: Turkish unless it says English.
    pub fn from_cookie(v: Option<&str>) -> Lang {
        if v == Some("en") { Lang::En } else { Lang::Tr }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Tr => "tr",
            Lang::En => "en",
        }
    }

    /// The other language (what the switch offers).
    pub fn other(self) -> Lang {
        match self {
            Lang::Tr => Lang::En,
            Lang::En => Lang::Tr,
        }
    }

    /// The language's own name.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Tr => "Türkçe",
            Lang::En => "English",
        }
    }
}

/// A word in the language; the key itself when there is none.
pub fn t(lang: Lang, key: &str) -> &str {
    static MAP: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    let map = MAP.get_or_init(|| WORDS.iter().map(|(k, tr, en)| (*k, (*tr, *en))).collect());
    match (map.get(key), lang) {
        (Some((tr, _)), Lang::Tr) => tr,
        (Some((_, en)), Lang::En) => en,
        (None, _) => key,
    }
}

/// The words the script needs, as a JSON object for the page.
pub fn script_words(lang: Lang) -> String {
    let words: serde_json::Map<String, serde_json::Value> = WORDS
        .iter()
        .filter(|(k, _, _)| k.starts_with("js."))
        .map(|(k, _, _)| ((*k).into(), t(lang, k).into()))
        .collect();
    // `</` cannot end the JSON's <script> element early.
    serde_json::Value::Object(words).to_string().replace("</", "<\\/")
}

mod words;

pub use words::WORDS;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn turkish_is_the_default_and_english_the_switch() {
        assert_eq!(Lang::from_cookie(None), Lang::Tr);
        assert_eq!(Lang::from_cookie(Some("fr")), Lang::Tr);
        assert_eq!(Lang::from_cookie(Some("en")), Lang::En);
        assert_eq!(t(Lang::Tr, "logout"), "Çıkış");
        assert_eq!(t(Lang::En, "logout"), "Log out");
        assert_eq!(t(Lang::En, "no.such.key"), "no.such.key");
    }

    #[test]
    fn every_word_has_both_languages_and_one_row() {
        let mut seen = HashSet::new();
        for (k, tr, en) in WORDS {
            assert!(seen.insert(*k), "{k} twice");
            assert!(!tr.is_empty() && !en.is_empty(), "{k} is missing a language");
        }
    }

    #[test]
    fn every_key_the_templates_use_is_in_the_table() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/console");
        let keys: HashSet<&str> = WORDS.iter().map(|(k, _, _)| *k).collect();
        let mut used = 0;
        for entry in std::fs::read_dir(dir).expect("the templates folder") {
            let path = entry.expect("an entry").path();
            let text = std::fs::read_to_string(&path).expect("a template");
            for part in text.split("t(\"").skip(1) {
                let key = part.split('"').next().unwrap_or_default();
                assert!(keys.contains(key), "{}: {key} is not in WORDS", path.display());
                used += 1;
            }
        }
        assert!(used > 100, "only {used} keys found: the scan is broken");
    }

    #[test]
    fn the_script_words_cannot_close_their_script_element() {
        let json = script_words(Lang::En);
        assert!(json.contains("\"js.saved\":\"Saved.\""), "{json}");
        assert!(!json.contains("</"));
    }
}
