//! Contentless lines: a message that says nothing a reader could take
//! away — a greeting, agreement or filler alone ("Merhaba arkadaşlar!",
//! "Katılıyorum, aynen öyle.", "Hmm, bakalım."), or the retry hint the
//! bot was given, said back ("Yeniden deneyin!"). A line is contentless when
//! no content word ([`super::echo::content_stems`]) is left once these
//! empty chat words are gone. A short line with a ticker, a name or a view
//! ("Katılıyorum, GARAN güçlü") has content. A line that announces and
//! stops ("Sizin için en iyi tavsiye:", a colon at its end, before any
//! disclaimer in brackets) says nothing either. Nor does a greeting
//! that only names someone ("Merhaba Sermin Hanım,"): the names of the
//! room's members and the words people are addressed with are empty too.
//! Nor does a statement that only names instruments ("Altın dolar'dır.",
//! seen on the embedded model): an asset's name with a copula is not a view.
//! A question that names them ("Altın mı dolar mı?") asks something.

use super::echo::content_stems;
use crate::guard::lexicon::compliance::ASSET;
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
    "ediyorum|ederim|ediyoruz|iste|bilgi|konu|konuda|konuyu|",
    "hanim|hanimcim|hanimefendi|bey|beyefendi|abi|abim|abla|ablam|hocam|hoca|kardesim|dostum|ustam|",
    "sevgili|degerli|arkadasim|",
    // A reason that names none ("Bu nedeni de çok farklı faktörlerden kaynaklanabilir.").
    "neden|nedeni|nedenleri|sebep|sebebi|sebepleri|farkli|faktor*|etken*|kaynaklan*|cesitli|bircok|",
    "dir|dur|tir|tur|idir",
));

/// Whether `text` says nothing a reader could take away; `members` are the
/// names of the room's members ("web:Sermin", "okan_usta_1", "🤖 Okan Usta"),
/// whose words say nothing on their own either.
pub fn is_contentless(text: &str, members: &[&str]) -> bool {
    let text = body(text);
    if text.ends_with(':') {
        return true;
    }
    let names: Vec<String> = members.iter().map(|m| fold(m.rsplit(':').next().unwrap_or(m))).collect();
    let named = |w: &str| names.iter().any(|n| n.split(' ').any(|part| part == w));
    let asked = text.contains('?');
    let asset = |w: &str| !asked && ASSET.has(w);
    let folded = fold(text);
    let stems = content_stems(&folded);
    let full: Vec<&str> = folded.split(' ').filter(|w| w.chars().count() >= 3).collect();
    stems.iter().all(|s| full.iter().filter(|w| w.starts_with(s)).all(|w| EMPTY.has(w) || named(w) || asset(w)))
}

/// The line without the bracketed notes at its end (the room's disclaimer,
/// "(yatırım tavsiyesi değildir)", is not what the line says).
fn body(text: &str) -> &str {
    let mut t = text.trim_end();
    while let Some(open) = t.strip_suffix(')').and_then(|rest| rest.rfind('(')) {
        t = t[..open].trim_end();
    }
    t
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
            // Seen on the embedded model, 2026-12-06 (the disclaimer is the room's).
            "Sizin için en iyi tavsiye: (yatırım tavsiyesi değildir)",
            "Sana şunu söyleyeyim:",
            // Seen on the embedded model, 2026-12-07, answering "bankalar neden düştü?".
            "Bu nedeni de çok farklı faktörlerden kaynaklanabilir. (yatırım tavsiyesi değildir)",
            "Birçok farklı sebebi olabilir.",
        ] {
            assert!(is_contentless(t, &[]), "missed: {t}");
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
            "Faiz kararı nedeniyle bankalar sert düştü.",
            "Sebebi kur tarafındaki baskı bence.",
            "Saat 18:30'da veri var, bekleyelim (yatırım tavsiyesi değildir)",
        ] {
            assert!(!is_contentless(t, &["web:Sermin", "okan_usta_1"]), "flagged: {t}");
        }
    }

    #[test]
    fn a_greeting_that_only_names_someone_says_nothing() {
        let members = ["web:Sermin", "okan_usta_1", "🤖 Ece Yılmaz"];
        // Seen on the embedded model, 2026-12-06: the whole message.
        assert!(is_contentless("Merhaba Sermin Hanım,", &members));
        assert!(is_contentless("Selam @okan_usta_1 abi, hoş geldin!", &members));
        assert!(is_contentless("Teşekkürler Ece Hanım 🙏", &members));
        assert!(!is_contentless("Merhaba Sermin Hanım, bankalarda satış var bence.", &members));
    }

    #[test]
    fn naming_instruments_is_not_a_view_but_asking_about_them_is_a_question() {
        // Seen on the embedded model, 2026-12-06, answering "altın mı dolar mı".
        assert!(is_contentless("Altın dolar'dır. (yatırım tavsiyesi değildir)", &[]));
        assert!(is_contentless("GARAN, THYAO, altın.", &[]));
        assert!(!is_contentless("Altın mı dolar mı, siz hangisini tutuyorsunuz?", &[]));
        assert!(!is_contentless("Altın mı dolar mı?", &[]));
        assert!(!is_contentless("Dolar sakin, altın hareketli.", &[]));
    }
}
