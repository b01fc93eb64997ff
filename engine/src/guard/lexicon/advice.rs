//! Word lists of the advice-request detector ([`crate::guard::advice`]):
//! word sets "a|b|c*" (`*`: a stem) and phrases (`~`: a gap), see
//! [`crate::text::Words`]. All folded: lower case, no diacritics.

use crate::text::{Phrases, Words};

/// Verb roots of what one does with money: buy, sell, hold, enter, exit, add,
/// invest, put, convert, wait, move. A first-person form of one of them
/// ("alayım", "satsam", "almalıyım") is the core of a personal request.
pub(crate) const SELF_ROOTS: &[&str] = &[
    "al",
    "sat",
    "tut",
    "gir",
    "cik",
    "ekle",
    "yatir",
    "koy",
    "boz",
    "bozdur",
    "cevir",
    "bekle",
    "bas",
    "topla",
    "yuklen",
    "degerlendir",
    "bagla",
    "kal",
    "aktar",
    "gec",
    "yap",
    "donustur",
    "harca",
    "sok",
    "gom",
];
/// First-person endings: optative ("-ayım", "-alım"), conditional ("-sam",
/// "-sak") and necessitative ("-malı", "-malıyım"), both vowel harmonies.
pub(crate) const SELF_ENDINGS: &[&str] = &[
    "ayim", "eyim", "yayim", "yeyim", "sam", "sem", "sak", "sek", "alim", "elim", "yalim", "yelim", "mali", "meli",
    "maliyim", "meliyim", "maliyiz", "meliyiz",
];
/// Words a question particle is written fused to: "garantimi", "kesinmi".
pub(crate) const FUSED_STEMS: &[&str] = &["garanti", "garantili", "kesin", "risksiz"];
/// Question particles, the asker's own included ("mıyım").
pub(crate) static PARTICLE: Words = Words::new("mi|mu|miyim|muyum|miyiz|muyuz|midir|mudur|dimi");
/// What may follow a first-person verb to ask it: a particle, or "mantıklı",
/// "(nasıl) olur".
pub(crate) static Q: Words = Words::new("mi|mu|miyim|muyum|miyiz|muyuz|midir|mudur|dimi|mantikli|olur");
/// Question words that make a first-person verb a question without a particle:
/// "ne alayım", "nereye yatırayım", "hangisini alayım".
pub(crate) static WHAT: Words = Words::new("ne|neye|neyi|nereye|nerede|nerde|hangi*|nasil|zaman|kac");
/// After a question, narration: "alsam mı diye düşünürken"; after a claim,
/// reporting it: "kesin yükselecek diyenler".
pub(crate) static NARRATED: Words = Words::new("diye|derken|dedim|demistim|dusun*|dusundum|diyen*|diyor*|derler");
/// Errands and gadgets: "markete gidiyorum, ne alayım?", "telefonun garantisi".
pub(crate) static ERRANDS: Words = Words::new(concat!(
    "market|markete|marketten|hediye*|yemek*|yemeg*|ekmek|kahve*|belge*|telefon*|cihaz*|urun*|kiyafet*|",
    "ayakkabi*|pazara",
));
/// "X alınır mı?", "alım fırsatı mı?": asking for a buy or sell call.
pub(crate) static CALL_Q: Phrases = Phrases::new(concat!(
    "alinir|satilir|girilir|cikilir|toplanir|eklenir|tutulur|alinmali|satilmali mi|mu|midir; ",
    "alim|alis firsati mi|midir; ",
    "olsan|olsaniz|olsaydin|olsaydiniz ~ alir*|satar*|girer*|tutar*|yapar*|cikar*; ",
    "hangi*|ne|neler ~ alinir|satilir|toplanir|girilir|alinmali|toplanmali; ",
    "hissem|yatirimim|portfoyum|ilk ~ ne|hangi* olsun",
));
/// Asking for a recommendation: "önerir misiniz", "tavsiyeniz var mı".
pub(crate) static RECOMMEND: Phrases = Phrases::new(concat!(
    "onerir|onerebilir*|tavsiye ~ misin*|misiniz|musun*|musunuz; ",
    "ne|hangi*|neyi onerirsin*|onerirsiniz|onerir|tavsiye; ",
    "oneri*|tavsiye* var mi; oneri*|tavsiye* yok mu",
));
/// Asking whether a move is wise: "almak mantıklı mı", "yatırmak doğru mu".
pub(crate) static WISE_Q: Phrases = Phrases::new(
    "almak|satmak|girmek|yatirmak|koymak|cikmak|basmak|cevirmek|tutmak ~ mantikli|dogru|akillica|iyi|uygun mi|mu|midir",
);
/// Everything one has, into one thing: "tüm birikimimi", "hepsini",
/// "evimi satıp", "kredi çekip", "tek hisseye".
pub(crate) static ALL_IN: Phrases = Phrases::new(concat!(
    "hepsini|tamamini|hepsiyle|tamamiyla|hepsi|tamami; her seyimi|seyim; ",
    "tum|butun ~ birikim*|param*|maas*|ikramiye*|servet*|varim*|emekli*; ",
    "birikimim*|maasim*|ikramiyem*|paramin|paramizin ~ hepsi*|tamami*; ",
    "evimi|evi|arabami|arabayi|evimizi|arsami|dukkani|altinlarimi satip|satarak|bozup|bozdurup; ",
    "kredi|borc cekip|cekerek|alip|alarak; tek hisseye|hisse|sepete",
));
/// A certainty word: "kesin", "%100", "garanti".
pub(crate) static CERTAIN: Phrases =
    Phrases::new("kesin|kesinlikle|mutlaka|illa|illaki|garanti|%100|100%; yuzde yuz; yuz de yuz");
/// A gain or a rise to come (not "kazandırdı", "yükseldi": those are told).
pub(crate) static GAIN_AHEAD: Words = Words::new(concat!(
    "kazandirir|kazandiracak*|kazanirim|kazanir|kazanacak*|kazanacagim|yukselir|yukselecek*|artar|artacak*|ucar|",
    "ucacak*|firlar|firlayacak*|katlar|katlayacak*|geri|prim|kar|zengin",
));
/// Guarantee words a question is asked of: "garanti mi", "garantili mi".
pub(crate) static GUARANTEE: Words = Words::new("garanti|garantili*|garantisi|garantimi|garantiyle|risksiz*|kayipsiz*");
/// "Will I lose?": a loss (or its denial) asked about the asker's money.
pub(crate) static NO_LOSS: Phrases = Phrases::new(concat!(
    "risk*|kayip*|zarar*|tehlike* yok|yoktur degil mi; risk*|kayip*|zarar*|tehlike* yok|yoktur mu|mi|dimi; ",
    "kaybeder|kaybetmem|kaybetmez|batar|batmaz|erir|erimez|kaybettirir|kaybettirmez|zarar|zarara ~ miyim|muyum|dimi; ",
    "kaybeder|kaybetmem|kaybetmez|batar|batmaz|erir|erimez|kaybettirir|kaybettirmez|zarar|zarara ~ degil mi; ",
    "param|paramiz|birikimim*|yatirdigim ~ batar|erir|gider|batmaz|erimez ~ mi|mu|dimi|degil; ",
    "sifir risk*|kayip*|zarar* mi|mu|midir",
));
/// "Ne kadar kazandırır?", "kaç kat yapar?", "kazanır mıyım?".
pub(crate) static HOW_MUCH: Phrases = Phrases::new(concat!(
    "ne kadar ~ kazandirir*|kazandiracak*|kazanirim|kazanacagim|kazanirsin|getirir|getirecek*|katlar; ",
    "kac ~ kazandirir*|kazandiracak*|kazanirim|kazanacagim|kazanirsin|getirir|getirecek*|katlar; ",
    "kac kat yapar|olur|yapacak|katlar; yuzde kac ~ kazandirir*|getirir|kazanirim; ",
    "kazanir|kazanacak miyim|miyiz; kazandirir|kazandiracak ~ mi|mu|midir; ",
    "zengin olur|olacak|eder ~ muyum|miyim|miyiz|muyuz|mi|mu; param*|birikim* ~ ~ katlar|katlayacak mi|mu|midir",
));

// English, matched clause by clause.

/// "should I buy", "should I put", "shall we sell".
pub(crate) static EN_SHOULD: Phrases = Phrases::new(concat!(
    "should|shall|must|do i|we buy|sell|hold|invest|put|get|go|stay|exit|add|keep|dump|average|double|move|convert|",
    "wait|cash|load|ape|yolo|sink|throw|pull"
));
/// "what should I buy", "where should I invest", "what do I do".
pub(crate) static EN_WHAT: Phrases = Phrases::new(concat!(
    "what|where|which|when ~ should|do|would|can i|we buy|invest|put|do|get|pick|sell|choose|go; ",
    "tell me what|where to buy|invest|put|sell"
));
/// "is THY a buy", "good time to buy", "would you recommend".
pub(crate) static EN_CALL: Phrases = Phrases::new(concat!(
    "is|isnt ~ a|good buy|investment|bet; worth buying|it; good|right|best time to buy|sell|invest|get; ",
    "safe|smart|wise|sensible|idea|ok|okay to buy|put|invest|sell|go|hold|keep; ",
    "i|we should|must buy|sell|hold|invest|put|get|go|stay|exit|add|keep|dump|average|double|move|convert|wait; ",
    "would|do|can|could you recommend|suggest|advise; any tips|picks|recommendations|advice",
));
/// "all my savings", "go all in", "my house", "take out a loan".
pub(crate) static EN_ALL_IN: Phrases = Phrases::new(concat!(
    "all|everything ~ my|in|into|on; my life|entire|whole savings|money|paycheck|salary|pension|cash|portfolio; ",
    "my savings|house|home|pension|retirement; mortgage|loan|remortgage",
));
/// "is it guaranteed", "risk free?", "can I lose", "how much will I make".
pub(crate) static EN_GUARANTEE: Phrases = Phrases::new(concat!(
    "guaranteed|guarantee|riskless|riskfree; risk free; can|could|will|would i lose; ",
    "will|would|can|could i make|earn money|profit|gains|anything; will|would i profit|win; ",
    "how much will|would|can|could i make|earn|get|win; definitely|surely|certainly go|rise|moon|pump; safe bet; sure thing; ",
    "can t lose; cant|cannot lose; can t go wrong; cant|cannot go wrong",
));

// The reply side: what a draft near an advice request must not say.

/// Hype and calls to act: "uçar", "kaçırma", "fırsat", "hemen gir", "kesin".
/// A word followed by a denial ("garanti yok", "fırsat değil", "al demem")
/// does not count.
pub(crate) static HYPE: Words = Words::new(concat!(
    "ucar|ucacak*|ucuyor*|ucus*|uctu|roket*|patlar|patlayacak*|firlar|firlayacak*|kacirma*|firsat*|hemen|",
    "zengin*|koseyi|tavan*|aya|gazla*|gaza|yukle|yuklen|yukleyin|bas|basin|bassana|gir|girin|girsene|al|alin|",
    "alsana|topla|toplayin|toplasana|kesin|kesinlikle|garanti*|mutlaka|%100|moon|hodl|pump*|ath",
));
/// Hype emoji: rockets, moons, diamonds, fire, money.
pub(crate) const HYPE_EMOJI: &[&str] = &["🚀", "🌕", "🌙", "💎", "🔥", "💰", "🤑", "💸", "🙌", "📈", "🐂"];
/// Denials that may follow a hype word: "yok", "değil", "demem", "veremem".
pub(crate) static DENIED: Words = Words::new(concat!(
    "yok|yoktur|degil*|olmaz|olamaz|demem|diyemem|demiyorum|diyemiyorum|veremem|veremez|vermem|bilemem|",
    "soyleyemem|soyleyemez|edemem|edemez|sunamam|sunamaz|verilemez|deme|demek|diyen*|vaadi*|vaat*",
));
