//! Not a Turkish chat line: English, letters of another script, or an
//! assistant's tone (the live defence's own list,
//! [`crate::postprocess`]'s `ASSISTANT`).

use crate::postprocess::{ASSISTANT, TURKISH_LETTERS};
use crate::text::fold;

/// English function and market words. Compared with the lower-cased words
/// as written, not folded, so that Turkish "iş" is not "is"; Turkish words
/// that are also English ("on", "in", "it", "a") are left out.
const ENGLISH: &[&str] = &[
    "the", "and", "is", "are", "you", "this", "that", "with", "for", "will", "be", "to", "of", "we", "they", "what",
    "my", "your", "not", "but", "so", "if", "can", "just", "about", "today", "market", "price", "stock", "stocks",
    "buy", "sell", "think", "going", "now", "here", "i'm", "it's", "don't", "has", "have", "was", "would", "should",
    "could", "looks", "like", "very", "good", "bad", "up", "down", "guys", "yes",
];
/// Words a message needs before it is judged English.
const MIN_WORDS: usize = 3;
/// English words that Turkish chat does not borrow and no Turkish word
/// spells: one is enough ("Ekonomik crisis ve…", seen on the embedded
/// model). Loans the room does use ("trend", "stop", "market", "short") and
/// words Turkish spells too ("risk", "on", "son") are not here.
const ENGLISH_ONLY: &[&str] = &[
    "crisis",
    "economy",
    "economic",
    "inflation",
    "investment",
    "investments",
    "investor",
    "investors",
    "however",
    "because",
    "therefore",
    "although",
    "currency",
    "exchange",
    "interest",
    "growth",
    "decline",
    "increase",
    "decrease",
    "profit",
    "profits",
    "loss",
    "losses",
    "shares",
    "earnings",
    "revenue",
    "prices",
    "today",
    "yesterday",
    "tomorrow",
    "markets",
    "banking",
    "banks",
    "gold",
    "dollar",
    "dollars",
    "rising",
    "falling",
    "bullish",
    "bearish",
    "volatility",
    "recession",
    "central",
    "government",
    "company",
    "companies",
    "sector",
    "expected",
    "significant",
];

/// Whether `text` is written in English: at least a quarter of its words
/// are English words, or half when it has Turkish letters; or one of its
/// words is English that Turkish chat never borrows ([`ENGLISH_ONLY`]).
pub fn is_english(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .collect();
    // With a Turkish suffix too ("today'ın", the embedded model, 2026-12-07).
    if words.iter().any(|w| ENGLISH_ONLY.contains(&w.split('\'').next().unwrap_or(w))) {
        return true;
    }
    if words.len() < MIN_WORDS {
        return false;
    }
    let english = words.iter().filter(|w| ENGLISH.contains(w)).count();
    let turkish = text.chars().any(|c| TURKISH_LETTERS.contains(c));
    let need = if turkish { 2 } else { 4 };
    english >= 2 && english * need >= words.len()
}

/// Whether `text` has letters of a script other than Turkish Latin.
pub fn has_other_script(text: &str) -> bool {
    text.chars().any(|c| c.is_alphabetic() && !c.is_ascii() && !TURKISH_LETTERS.contains(c))
}

/// Whether `text` sounds like an assistant rather than a chat member.
pub fn sounds_like_assistant(text: &str) -> bool {
    let padded = format!(" {} ", fold(text));
    // An apology to open with ("Üzgünüm, bu değer …", the embedded model,
    // 2026-12-07) is how an assistant begins, not a trader.
    // So is putting oneself at the reader's service ("Sizin için …").
    padded.starts_with(" uzgunum ")
        || padded.starts_with(" sizin icin ")
        || ASSISTANT.iter().any(|a| padded.contains(&format!(" {a} ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_told_from_turkish_with_english_looking_words() {
        assert!(is_english("I think the market will go up today."));
        assert!(is_english("This is not financial advice, guys."));
        assert!(!is_english("Bu iş böyle olmaz, on gün bekleyelim."));
        assert!(!is_english("Market açılışı sakin, THYAO yatay."));
        assert!(!is_english("Up trend bozulmadı bence"));
        // One English word in a Turkish line, seen on the embedded model, 2026-12-06.
        assert!(is_english("Ekonomik crisis ve dünya genelindeki bu bir durum."));
        assert!(is_english("İşte Euro/TL'nin today'ın %0,13 ekside bir seyir olduğunu belirtmiştir."));
        assert!(!is_english("Market kapanmadan stop koydum, trend hâlâ yukarı, risk az."));
    }

    #[test]
    fn other_scripts_and_assistant_phrases_are_caught() {
        assert!(has_other_script("Рынок сегодня спокойный"));
        assert!(has_other_script("市场 bugün sakin"));
        assert!(!has_other_script("Çok güzel, âlâ! 🚀 €"));
        assert!(sounds_like_assistant("Elbette, size nasıl yardımcı olabilirim?"));
        assert!(sounds_like_assistant("Yatırım yapmadan önce araştırma yapmanızı öneririm."));
        assert!(!sounds_like_assistant("Yardım lazım, bu grafik ne anlatıyor?"));
        assert!(sounds_like_assistant("Üzgünüm, bu değer bir düşüşe kadar kötü olmadığını anlamak zordur."));
        assert!(sounds_like_assistant("Bugün BIST 100'ün %0,19 artışını görebilirsiniz."));
        assert!(!sounds_like_assistant("Senin adına üzgünüm, zor bir gün."));
        // The embedded model, 2026-12-07, answering "bugün piyasa hakkında ne düşünüyorsun?".
        assert!(sounds_like_assistant("Sizin için piyasa hakkında bir önerme yapabilirim."));
        assert!(sounds_like_assistant("Piyasa hakkında birkaç hisse önerebilirim."));
        assert!(sounds_like_assistant("Merhaba, yarın nasıl tepki vereceğim hakkında bir öneriyi paylaşabilirim."));
        assert!(!sounds_like_assistant("Bu seviyeler sizin için de önemli mi?"));
        // Seen on the embedded model, 2026-12-06.
        assert!(sounds_like_assistant("Görevinizi tamamladığınız için teşekkür ederim."));
        assert!(sounds_like_assistant("Sorunuz için teşekkürler, umarım yardımcı olmuşumdur."));
        assert!(!sounds_like_assistant("Teşekkür ederim, ben de GARAN'ı izliyorum."));
        let offer = "THY'nin şu anda neden hareket ettiğini anlamak için gerekli bilgileri toplayabilirim.";
        assert!(sounds_like_assistant(offer));
        assert!(sounds_like_assistant("Tahmin ederim ki biraz daha detaylı bilgiye ihtiyaç duyuyorsunuz."));
    }
}
