//! "Are you a bot?" — detected by rules, answered truthfully in the bot's
//! voice. Not configurable: a bot never denies being an AI.

use crate::persona::Persona;
use crate::text::fold;

/// Folded phrases that ask whether the other side is a bot, an AI or a person.
const DIRECT: &[&str] = &[
    "bot musun",
    "bot musunuz",
    "bot mu sun",
    "botmusun",
    "robot musun",
    "yapay zeka misin",
    "yapay zeka misiniz",
    "yapay zeka mi",
    "yz misin",
    "ai misin",
    "gercek insan misin",
    "gercek misin",
    "insan misin",
    "insan misiniz",
    "gercek kisi misin",
    "bir bot mu",
    "bot mu yaziyor",
    "botla mi konusuyorum",
    "bota mi yaziyorum",
    "makine misin",
    "chatgpt misin",
    "program misin",
    "are you a bot",
    "are you an ai",
    "are you ai",
    "are you human",
    "are you a human",
    "are you real",
    "are you a real person",
    "is this a bot",
    "am i talking to a bot",
    "am i talking to a human",
    "am i talking to an ai",
    "are you a robot",
    "is this an ai",
    "are these bots",
    "bunlar bot mu",
    "hepiniz bot musunuz",
    "siz bot musunuz",
    "burada insan var mi",
    "burda insan var mi",
    "bot olabilir misin",
    "bot degil misin",
];

/// Word pairs that ask the same indirectly ("gerçekten insan mısın sen?").
const PAIRS: &[(&str, &str)] = &[
    ("bot", "mi"),
    ("bot", "mu"),
    ("bot", "misin"),
    ("bot", "musun"),
    ("insan", "misin"),
    ("yapay", "zeka"),
    ("robot", "mu"),
    ("bot", "?"),
    ("human", "?"),
    ("ai", "?"),
];

/// Whether a message sincerely asks if the reader is a bot or an AI.
pub fn is_bot_question(text: &str) -> bool {
    let folded = fold(text);
    if DIRECT.iter().any(|p| contains_phrase(&folded, p)) {
        return true;
    }
    let is_question = text.contains('?')
        || folded.split(' ').any(|w| matches!(w, "mi" | "mu" | "misin" | "musun" | "misiniz" | "musunuz"));
    if !is_question {
        return false;
    }
    let words: Vec<&str> = folded.split(' ').collect();
    PAIRS.iter().any(|(a, b)| {
        words.iter().any(|w| *w == *a || (a.len() > 3 && w.starts_with(a))) && (*b == "?" || words.contains(b))
    })
}

fn contains_phrase(folded: &str, phrase: &str) -> bool {
    let padded = format!(" {folded} ");
    padded.contains(&format!(" {phrase} ")) || padded.contains(&format!(" {phrase}"))
}

/// The truthful answer, in the persona's voice. The words "yapay zekâ" and
/// "bot" are always in it.
pub fn honest_answer(persona: &Persona, asker_is_english: bool) -> String {
    let emoji = persona.emoji.first().map(String::as_str).unwrap_or("🤖");
    if asker_is_english {
        format!(
            "Yes — I'm an AI persona (a bot) in a simulated market community, playing {}. {emoji}",
            persona.name.trim()
        )
    } else {
        format!(
            "Evet, ben bir yapay zekâ personasıyım, yani bir bot; bu simülasyon topluluğunda {} karakterini oynuyorum. {emoji}",
            persona.name.trim()
        )
    }
}

/// A rough guess whether the asker wrote in English.
pub fn looks_english(text: &str) -> bool {
    let folded = fold(text);
    let en = ["are", "you", "is", "this", "the", "am", "talking", "real", "human"];
    folded.split(' ').filter(|w| en.contains(w)).count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASKS: &[&str] = &[
        "Sen bot musun?",
        "bot musun sen",
        "Yapay zeka mısın?",
        "Gerçek insan mısın?",
        "Siz bot musunuz yoksa?",
        "Hepiniz bot musunuz?",
        "Are you a bot?",
        "are you human?",
        "Am I talking to a bot?",
        "Is this an AI?",
        "gerçekten insan mısın sen?",
        "Burada insan var mı?",
        "Bu yazanlar bot mu?",
        "Mehmet abi sen yapay zekâ mısın?",
        "Are you real?",
        "ChatGPT misin?",
    ];
    const NOT: &[&str] = &[
        "THYAO bugün çok iyi gitti",
        "Altın yükselir mi sizce?",
        "Dolar ne olur?",
        "botanik bahçesine gittim",
        "İnsanlar panik yapıyor",
        "What about gold today?",
    ];

    #[test]
    fn sincere_questions_in_turkish_and_english_are_detected() {
        for q in ASKS {
            assert!(is_bot_question(q), "missed: {q}");
        }
    }

    #[test]
    fn market_talk_is_not_mistaken_for_the_question() {
        for q in NOT {
            assert!(!is_bot_question(q), "false alarm: {q}");
        }
    }

    #[test]
    fn the_answer_always_says_ai_and_bot() {
        let p = crate::persona::tests::persona("ali_test");
        let tr = honest_answer(&p, false);
        assert!(tr.contains("yapay zekâ") && tr.contains("bot"));
        let en = honest_answer(&p, true);
        assert!(en.contains("AI") && en.contains("bot"));
    }
}
