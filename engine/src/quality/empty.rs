//! Contentless lines: a message that says nothing a reader could take
//! away — a greeting, agreement or filler alone ("Merhaba arkadaşlar!",
//! "Katılıyorum, aynen öyle.", "Hmm, bakalım."), or the retry hint the
//! bot was given, said back ("Yeniden deneyin!"). A line is contentless when
//! no content word ([`super::echo::content_stems`]) is left once these
//! empty chat words are gone. A short line with a ticker, a name or a view
//! ("Katılıyorum, GARAN güçlü") has content.

use super::echo::content_stems;
use crate::text::{Words, fold};

/// Chat words that carry nothing on their own: greetings, thanks, agreement,
/// hedges, interjections, and the words of a retry hint.
static EMPTY: Words = Words::new(concat!(
    "gunaydin|aksamlar|iyi|herkese|herkes|hosgeldin*|hos|geldin*|sefa|tesekkur*|sagol*|sagolun|",
    "katiliyorum|katiliyoruz|aynen|kesinlikle|dogru|dogrusu|haklisin*|hakli|harika|super|guzel|",
    "oyle|boyle|soyle|dusunuyorum|dusunuyoruz|bilmiyorum|bilemiyorum|emin|degilim|olabilir|belki|",
    "tabii|tabi|elbette|valla|vallahi|hadi|bakalim|gorelim|gorecegiz|bekleyelim|izleyelim|",
    "hmm*|haha*|hehe*|yaa|vay|off|ooo|tamamdir|okey|ok|",
    "yeniden|tekrar|deneyin|deneyelim|deniyorum|lutfen|cevap|yanit|yaz|yazin|mesaj|gunler|kolay|gelsin|",
    "ediyorum|ederim|ediyoruz|iste|bilgi|konu|konuda|konuyu",
));

/// Whether `text` says nothing a reader could take away.
pub fn is_contentless(text: &str) -> bool {
    let folded = fold(text);
    let stems = content_stems(&folded);
    let full: Vec<&str> = folded.split(' ').filter(|w| w.chars().count() >= 3).collect();
    stems.iter().all(|s| full.iter().filter(|w| w.starts_with(s)).all(|w| EMPTY.has(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greetings_agreement_filler_and_retry_hints_say_nothing() {
        for t in [
            "Merhaba arkadaşlar!",
            "Katılıyorum, aynen öyle.",
            "Hmm, bakalım görelim.",
            "Yeniden deneyin!",
            "Evet evet, kesinlikle doğru.",
            "Teşekkürler, iyi akşamlar herkese 🙂",
            "👍",
            "Bilmiyorum, emin değilim.",
        ] {
            assert!(is_contentless(t), "missed: {t}");
        }
    }

    #[test]
    fn a_short_line_with_a_ticker_a_view_or_a_question_has_content() {
        for t in [
            "Katılıyorum, GARAN güçlü.",
            "Merhaba, THY bugün neden düştü?",
            "Bence faiz kararı bekleniyor.",
            "Altın pahalı geldi bana.",
            "Emin değilim ama bilanço iyi gelirse toparlar.",
            "Korkma, panikle satmak en kötüsü.",
        ] {
            assert!(!is_contentless(t), "flagged: {t}");
        }
    }
}
