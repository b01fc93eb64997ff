//! Price-only messages: "THYAO 37,60 seviyesinde, günlük %3,58 ekside." A
//! chat member says something about a price; a ticker tape only states it.
//! A message is price-only when it has a number and nothing of substance is
//! left once the instrument's name (capitalised words, known tickers), the
//! numbers and percentages and the words of a quote (`FILLER`) are gone.

use crate::guard::stance::tickers_in;
use crate::text::{Words, fold};

/// The words of a bare quote: level, change, direction, unit, time.
static FILLER: Words = Words::new(concat!(
    "seviye*|civar*|duzey*|bandinda|gunluk|bugun|bugunku|su|an|anda|simdi|itibariyla|itibari|ile|ve|de|da|",
    "ekside|eksi|eksiye|artida|arti|artiya|yukselis*|dusus*|yukseldi|yukseliyor|dustu|dusuyor|geriledi|",
    "geriliyor|artti|artiyor|degisim*|degisti|degismedi|yatay|sabit|islem|islemde|goruyor|gormekte|",
    "tl|lira|dolar|usd|eur|euro|try|puan|puanda|fiyat*|kapanis*|acilis*|yuzde|oldu|olarak|durumda|duruyor|",
    "kapatti|acti|gunu|gun|haftalik|aylik|seansta|seans|en|yuksek|dusuk|ons|gram|adet|hacim|hacimle|bir|",
    "kazandi|kaybetti|deger*|saatlerde|itibarla|son|durum|uzerinde|altinda|hafif|sert|gidiyor|goruyoruz|",
    "goruluyor|seyrediyor|izleniyor",
));

/// Whether `text` only quotes a price.
pub fn is_price_only(text: &str) -> bool {
    if crate::postprocess::numbers_in(text).is_empty() {
        return false;
    }
    let capitalised: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .map(fold)
        .collect();
    fold(text).split(' ').all(|w| {
        w.is_empty()
            || w.chars().all(|c| c.is_ascii_digit() || c == '%')
            || FILLER.has(w)
            || capitalised.iter().any(|c| c == w)
            || !tickers_in(w).is_empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_quotes_are_price_only() {
        for t in [
            "THYAO 37,60 seviyesinde, günlük %3,58 ekside.",
            "Türk Hava Yolları 37,60 TL, günlük %3,58 ekside.",
            "Gram altın 3.450 TL civarında işlem görüyor.",
            "BTCUSD şu an 96.000 dolar seviyesinde, %1,2 artıda.",
            "Dolar/TL 38,20, günlük %0,15 yükseliş.",
            "Yapı Kredi artıda gidiyor, 32,10 görüyoruz.",
        ] {
            assert!(is_price_only(t), "missed: {t}");
        }
    }

    #[test]
    fn a_quote_with_a_view_or_no_number_is_not_price_only() {
        for t in [
            "THYAO 37,60 seviyesinde, bence daha düşer.",
            "Dolar 38,20, sakin bir gün.",
            "Altın %2 yükseldi, güvenli liman arayan çok.",
            "THYAO sakin bugün.",
            "Hacim düşük, acele etmeye gerek yok.",
            "THYAO iyi gidiyor, 37,60 görüyoruz.",
        ] {
            assert!(!is_price_only(t), "false alarm: {t}");
        }
    }
}
