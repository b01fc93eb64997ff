//! A fake with a real model's variety: chat lines put together from an
//! opener, a remark about the instrument the prompt's market line names
//! (else the market as a whole) and a closer, picked by a stable hash of the
//! request. 10 × 24 × 8 = 1,920 lines an instrument, so a busy room does not
//! run out of fresh things to say the way it does on the dozen echo
//! sentences. No digits, no promises, no calls to buy or sell.

use crate::reply::{fnv1a, mix64};

const OPENERS: [&str; 10] = [
    "",
    "Bence ",
    "Açıkçası ",
    "Bana sorarsanız ",
    "Valla ",
    "Gördüğüm kadarıyla ",
    "Kendi adıma ",
    "Dürüst olmak gerekirse ",
    "Şu an için ",
    "Bir bakıma ",
];

/// `{}` is the instrument (or "piyasa").
const REMARKS: [&str; 24] = [
    "{} tarafında yön arayışı sürüyor",
    "{} için acele etmeye gerek yok",
    "{} biraz daha sabır istiyor",
    "{} hacimsiz bir hareket yapıyor",
    "{} bu aralar haber akışına çok duyarlı",
    "{} için kapanışı görmek lazım",
    "{} destek bölgesinde tutunmaya çalışıyor",
    "{} dirence yaklaşmış gibi duruyor",
    "{} bu hafta dalgalı gidecek gibi",
    "{} uzun vadede hikâyesini koruyor",
    "{} konusunda hâlâ kararsızım",
    "{} için makro veriyi beklemek daha mantıklı",
    "{} tarafında satıcılar biraz yoruldu",
    "{} tarafında alıcılar temkinli",
    "{} için yeni bir haber gelmeden yön zor",
    "{} fiyatlamasında beklenti biraz abartılı",
    "{} için riskler hâlâ masada",
    "{} grafikte sıkışmış görünüyor",
    "{} tarafında oynaklık arttı",
    "{} için ben izleyen taraftayım",
    "{} kur hareketinden epey etkileniyor",
    "{} tarafında bugün sakin bir gün",
    "{} için dünkü tepki bugün sürmedi",
    "{} konusunda aceleyle karar vermem",
];

const CLOSERS: [&str; 8] = [
    ".",
    ", izlemeye devam.",
    ", temkinli olmakta fayda var.",
    ", sizce nasıl?",
    ", bakalım.",
    ", kapanışa bakacağım.",
    "; risk yönetimi şart.",
    ", ben öyle görüyorum.",
];

/// The instrument the prompt's market line names ("Piyasa: THY 312,50 TL,
/// …"), without its price; none when absent or when the name has a digit
/// (a number the feed did not give is refused by the engine).
fn instrument(user: &str) -> Option<&str> {
    let line = user.lines().find_map(|l| l.strip_prefix("Piyasa: "))?;
    let (name, _) = line.split_once(" TL")?.0.rsplit_once(' ')?;
    let name = name.trim();
    (!name.is_empty() && !name.chars().any(|c| c.is_ascii_digit())).then_some(name)
}

/// The line for a request whose messages read `user` (all of them, one after the other).
pub(crate) fn line(user: &str) -> String {
    let h = mix64(fnv1a(user.as_bytes()));
    let pick = |shift: u32, n: usize| ((h >> shift) % n as u64) as usize;
    let opener = OPENERS[pick(0, OPENERS.len())];
    let about = instrument(user).unwrap_or("piyasa");
    let remark = REMARKS[pick(16, REMARKS.len())].replacen("{}", about, 1);
    let mut text = format!("{opener}{remark}{}", CLOSERS[pick(32, CLOSERS.len())]);
    if let Some(first) = text.chars().next().filter(|c| c.is_lowercase()) {
        text.replace_range(..first.len_utf8(), &first.to_uppercase().to_string());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn a_thousand_requests_get_hundreds_of_different_lines() {
        let lines: HashSet<String> = (0..1000).map(|i| line(&format!("Son mesajlar:\nmesaj {i}"))).collect();
        assert!(lines.len() >= 600, "only {} distinct lines", lines.len());
        assert_eq!(line("aynı istek"), line("aynı istek"));
    }

    #[test]
    fn the_line_is_about_the_instrument_of_the_market_line() {
        let user = "Piyasa: Türk Hava Yolları 312,50 TL, bugün %1,20 artıda.\nSon mesajlar:\nDefne (kişi): «THY?»";
        assert_eq!(instrument(user), Some("Türk Hava Yolları"));
        assert!(line(user).contains("Türk Hava Yolları"), "{}", line(user));
        assert_eq!(instrument("Piyasa: BIST 100 9.850,20 TL, bugün %0,40 artıda."), None, "a name with a digit");
        let plain = line("Son mesajlar:\nAyşe: merhaba");
        assert!(plain.to_lowercase().contains("piyasa"), "{plain}");
        assert!(plain.starts_with(char::is_uppercase), "{plain}");
    }

    #[test]
    fn no_line_has_a_digit_a_promise_or_a_call_to_trade() {
        for (o, r, c) in
            (0..OPENERS.len()).flat_map(|o| (0..REMARKS.len()).flat_map(move |r| (0..8).map(move |c| (o, r, c))))
        {
            let text = format!("{}{}{}", OPENERS[o], REMARKS[r].replacen("{}", "piyasa", 1), CLOSERS[c]).to_lowercase();
            assert!(!text.chars().any(|ch| ch.is_ascii_digit()), "{text}");
            for banned in ["garanti", "kesin", "al ", "sat ", "alın", "satın", "uçacak", "🚀"] {
                assert!(!text.contains(banned), "{banned}: {text}");
            }
        }
    }
}
