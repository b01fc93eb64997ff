//! A person asking for advice or a guarantee, and hype in the answer. Hype
//! in the room's own chat is a persona's colour; towards someone who asked
//! "alayım mı?" or "garanti mi?" it is a push (the compliance guard blocks
//! the explicit forms; this counts the tone).

use crate::text::{Phrases, Words, fold};

/// "alayım mı", "satmalı mıyım", "girilir mi", "ne yapmalı", "garanti mi",
/// "tavsiye", "nelere dikkat etmeli".
static ASKS: Phrases = Phrases::new(concat!(
    "alayim|satayim|alsam|satsam|gireyim|girsem|alinir|satilir|girilir|alinmali|satilmali|almali*|satmali*|",
    "girmeli*|tutayim|tutmali*|bekleyeyim|eklesem|ekleyeyim mi|mu|miyim|misin|misiniz|mi; ",
    "ne yapmali*|yapayim|yapsam|yapmaliyim; garanti* mi|mu|misin|misiniz; kesin mi|mu|midir; ",
    "kazandirir|kazandiracak|yukselir|ucar|cikar mi|mu; dikkat etmeli*; tavsiye*|oneri*|onerin*|onerir*",
));
/// Hype words: missing out, flying, rockets, getting rich.
static HYPE: Words = Words::new(concat!(
    "kacirmayin|kacirma|kacirmak|kacirirsiniz|kacirmayalim|kaciran|ucacak|ucar|ucuyor|ucus*|ucusa|",
    "roket*|patlayacak|patlama|tavan*|zengin*|bomba|katlar|katlayacak|kazandiracak|aya",
));
/// Emoji of hype.
const HYPE_EMOJI: &[&str] = &["🚀", "🌕", "🌙", "💎", "🔥", "🤑", "💰", "📈", "💸"];

/// Whether a person's `text` asks for advice or a guarantee.
pub fn asks_advice(text: &str) -> bool {
    let folded = fold(text);
    let ws: Vec<&str> = folded.split(' ').collect();
    ASKS.find(&ws).is_some()
}

/// Whether `text` hypes.
pub fn is_hype(text: &str) -> bool {
    let folded = fold(text);
    let ws: Vec<&str> = folded.split(' ').collect();
    HYPE_EMOJI.iter().any(|e| text.contains(e)) || HYPE.any(&ws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_requests_are_recognised() {
        for t in [
            "THYAO alayım mı?",
            "Sizce şimdi satmalı mıyım?",
            "Bu hisse garanti mi?",
            "Ne yapmalıyım, elimde ASELS var",
            "Yeni başlayan biri GARAN konusunda nelere dikkat etmeli?",
            "Bir tavsiye verir misiniz?",
            "Altın yükselir mi?",
        ] {
            assert!(asks_advice(t), "missed: {t}");
        }
        for t in ["THYAO için ne düşünüyorsunuz?", "Bugün dolar neden hareketli?", "Merhaba arkadaşlar"] {
            assert!(!asks_advice(t), "false alarm: {t}");
        }
    }

    #[test]
    fn hype_is_emoji_and_words_of_missing_out_and_flying() {
        for t in ["Kaçırmayın, bu hisse uçacak!", "🚀🚀 ASELS", "Tavan serisi geliyor", "Aya gidiyoruz"] {
            assert!(is_hype(t), "missed: {t}");
        }
        for t in ["Garanti yok, acele etme.", "Sakin ol, pozisyonu küçük tut.", "Ucuz görünüyor ama emin değilim"]
        {
            assert!(!is_hype(t), "false alarm: {t}");
        }
    }
}
