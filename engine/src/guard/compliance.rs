//! The rule-based compliance guard, run on every draft before it is sent.
//! Rules match folded text (see [`crate::text`]) by stems, so Turkish
//! suffixes, spacing and diacritics do not get a phrase through.

use crate::text::{fold, has_stem};

/// Why a draft was blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Violation {
    /// "garantili kazanç", "kesin yükselecek", "%100 kâr", "risksiz".
    GuaranteedReturn,
    /// "herkes alsın", "kaçırmayın", "şimdi girin".
    CallToAction,
    /// "sen şunu al", "paranın yarısıyla gir" — to a real person.
    PersonalAdvice,
    /// "içeriden bilgi aldım".
    InsiderClaim,
}

impl Violation {
    /// Stable snake_case code (metrics, logs, API).
    pub fn code(self) -> &'static str {
        match self {
            Violation::GuaranteedReturn => "guaranteed_return",
            Violation::CallToAction => "call_to_action",
            Violation::PersonalAdvice => "personal_advice",
            Violation::InsiderClaim => "insider_claim",
        }
    }

    /// The reason handed to the model when a draft is regenerated.
    pub fn instruction(self) -> &'static str {
        match self {
            Violation::GuaranteedReturn => "Getiri garantisi verme, kesinlik iddia etme.",
            Violation::CallToAction => "Kimseyi alım ya da satıma çağırma.",
            Violation::PersonalAdvice => "Kişiye özel yatırım tavsiyesi verme.",
            Violation::InsiderClaim => "İçeriden bilgi iddia etme.",
        }
    }
}

/// The guard's verdict on a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    Blocked(Violation),
}

impl Verdict {
    pub fn is_allowed(self) -> bool {
        self == Verdict::Allowed
    }
}

const GUARANTEE_STEMS: &[&str] = &["garanti", "risksiz", "kayipsiz", "guaranteed", "riskfree"];
const CERTAIN: &[&str] = &["kesin", "kesinlikle", "yuzde yuz", "%100", "100%", "kesinkes"];
const UP_STEMS: &[&str] =
    &["yuksel", "artacak", "ucacak", "kazan", "katla", "patla", "getiri", "coskar", "roket", "zengin"];
const UP_WORDS: &[&str] = &["kar", "artar", "ucar", "prim"];
const URGE: &[&str] = &[
    "kacirmayin",
    "kacirma",
    "simdi tam zamani",
    "tam zamani",
    "hemen alin",
    "hemen girin",
    "simdi girin",
    "simdi alin",
    "acele edin",
    "son firsat",
    "herkes alsin",
    "herkes girsin",
    "herkes satsin",
    "hep beraber alalim",
    "hepimiz alalim",
    "toplu alim",
    "buy now",
    "everyone buy",
];
const INSIDER: &[&str] =
    &["iceriden bilgi", "iceriden haber", "kulaktan bilgi aldim", "insider", "sirketten duydum", "kesin bilgi aldim"];
const ADVICE: &[&str] = &[
    "sen de al",
    "sende al",
    "sen al",
    "sen sat",
    "sen de sat",
    "sen gir",
    "senin yerinde olsam",
    "paranin yarisi",
    "birikimini",
    "tum paranla",
    "butun paranla",
    "kredi cek",
    "portfoyunun yuzde",
    "bence sen",
];

/// Checks a draft. `to_human` tightens the personal-advice rule for replies
/// to real people.
pub fn check_reply(text: &str, to_human: bool) -> Verdict {
    // Garanti BBVA is a bank (GARAN), not a guarantee.
    let f = fold(text)
        .replace("garanti bbva", "garan")
        .replace("garanti bankasi", "garan")
        .replace("garanti hisse", "garan hisse");
    let padded = format!(" {f} ");
    let has = |p: &str| padded.contains(&format!(" {p} ")) || padded.contains(&format!(" {p}"));
    if GUARANTEE_STEMS.iter().any(|s| has_stem(&f, s)) {
        return Verdict::Blocked(Violation::GuaranteedReturn);
    }
    if CERTAIN.iter().any(|c| has(c)) && (UP_STEMS.iter().any(|s| has_stem(&f, s)) || UP_WORDS.iter().any(|w| has(w))) {
        return Verdict::Blocked(Violation::GuaranteedReturn);
    }
    if URGE.iter().any(|u| has(u)) {
        return Verdict::Blocked(Violation::CallToAction);
    }
    if has_stem(&f, "herkes") && ["alsin", "alin", "girsin", "satsin", "satin", "alsa", "girin"].iter().any(|w| has(w))
    {
        return Verdict::Blocked(Violation::CallToAction);
    }
    if INSIDER.iter().any(|i| has(i)) {
        return Verdict::Blocked(Violation::InsiderClaim);
    }
    if to_human && ADVICE.iter().any(|a| has(a)) {
        return Verdict::Blocked(Violation::PersonalAdvice);
    }
    Verdict::Allowed
}

/// Checks a draft addressed to the room.
pub fn check(text: &str) -> Verdict {
    check_reply(text, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guaranteed_returns_are_blocked_whatever_the_spelling() {
        for t in [
            "Garantili kazanç burada",
            "THYAO KESİN yükselecek",
            "%100 kâr var",
            "risksiz getiri",
            "kesin  yukselir bu",
        ] {
            assert_eq!(check(t), Verdict::Blocked(Violation::GuaranteedReturn), "{t}");
        }
    }

    #[test]
    fn calls_on_everyone_to_buy_are_blocked() {
        for t in ["Kaçırmayın arkadaşlar!", "şimdi tam zamanı", "herkes GARAN alsın", "Hemen girin"] {
            assert_eq!(check(t), Verdict::Blocked(Violation::CallToAction), "{t}");
        }
    }

    #[test]
    fn personal_advice_is_blocked_only_towards_people() {
        assert_eq!(check_reply("Bence sen de al, tüm paranla gir", true), Verdict::Blocked(Violation::PersonalAdvice));
        assert!(check("Ben biraz daha tutacağım, sabır şart").is_allowed());
    }

    #[test]
    fn ordinary_market_talk_passes() {
        for t in [
            "THYAO bugün %2 yükseldi, fena değil",
            "Dolar biraz sakin",
            "Altın güvenli liman bence",
            "Kesin bir şey söylemek zor",
            "Garanti BBVA bugün sakin, Garanti bankası bilançosu iyi",
        ] {
            assert!(check(t).is_allowed(), "{t}");
        }
    }
}
