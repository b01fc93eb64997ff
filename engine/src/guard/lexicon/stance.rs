//! Word lists of the stance classifier ([`crate::guard::stance`]).

use crate::text::{Phrases, Words};

/// The market's tickers and the words that name them (folded; an apostrophe
/// splits a suffix off, so "THYAO'yu" is "thyao yu"). "garan" is Garanti
/// BBVA once [`crate::text::mark_proper_noun`] has told it from a guarantee.
pub(crate) static TICKERS: [(&str, Words); 18] = [
    ("XU100", Words::new("xu100|bist|bist100|borsa|borsada|borsayi|borsanin|endeks|endeksi|endekste|endeksin")),
    ("USDTRY", Words::new("usdtry|usd|dolar*")),
    ("EURTRY", Words::new("eurtry|eur|euro*|avro*")),
    ("GRAMALTIN", Words::new("gramaltin|altin|altini|altina|altinin|altinlar*|ons")),
    ("BTCUSD", Words::new("btc|btcusd|bitcoin*|kripto*")),
    ("THYAO", Words::new("thy|thyao*|thya")),
    ("GARAN", Words::new("garan|garanbbva")),
    ("AKBNK", Words::new("akbnk|akbank*")),
    ("ASELS", Words::new("asels|aselsan*")),
    ("EREGL", Words::new("eregl|eregli*|erdemir*")),
    ("SISE", Words::new("sise|sisecam*")),
    ("KCHOL", Words::new("kchol|koc")),
    ("BIMAS", Words::new("bimas|bim")),
    ("TUPRS", Words::new("tuprs|tupras*")),
    ("FROTO", Words::new("froto|ford*")),
    ("SAHOL", Words::new("sahol|sabanci*")),
    ("YKBNK", Words::new("ykbnk|yapikredi")),
    ("ETHUSD", Words::new("eth|ethereum*")),
];

/// Words that push a price up: expectations in the future or aorist tense
/// ("yükselir", "yükseleceğini"), bullish judgements ("ucuz", "fırsat") and
/// buying told ("aldım", "topluyorum"). Past moves ("yükseldi") are facts,
/// not a push, and are not here.
pub(crate) static UP: Words = Words::new(concat!(
    "yukselir|yukselece*|yukselmeli|yukselis|artar|artaca*|artmali|ucar|ucaca*|firlar|firlayaca*|toparlanir|",
    "toparlanaca*|toparlanmali|katlar|katlayaca*|katlanir|roket*|ralli*|boga*|ucuz|ucuzken|ucuzluk|iskonto*|",
    "firsat*|potansiyel*|cazip|pozitif*|olumlu*|iyimser*|iyimserim|guclu|saglam|alinir|alinmali|",
    "alinabilir|toplanir|toplanmali|toplanabilir|aldim|topladim|ekledim|girdim|yuklendim|alacagim|alicam|aliyorum|",
    "topluyorum|ekliyorum|giriyorum|yukari|yukariya|bullish|long",
));
/// Words that push a price down.
pub(crate) static DOWN: Words = Words::new(concat!(
    "duser|dusece*|dusmeli|geriler|gerileyece*|cakilir|cakilaca*|coker|cokece*|batar|bataca*|cozulur|duzeltme*|",
    "balon*|pahali*|sisik|sisirilmis*|riskli|tehlikeli*|zayif*|negatif*|olumsuz*|kotumser*|satilir|satilmali|",
    "satilabilir|sattim|ciktim|bosalttim|azalttim|satacagim|saticam|satiyorum|cikiyorum|cikacagim|azaltiyorum|",
    "asagi|asagiya|bearish|short",
));
/// Negated up-words: a push down ("yükselmez", "almam").
pub(crate) static NOT_UP: Words = Words::new(concat!(
    "yukselmez|yukselmeyece*|artmaz|artmayaca*|ucmaz|toparlanamaz|toparlanmaz|cikamaz|almam|almazdim|",
    "almayacagim|girmem|girmeyecegim|toplamam|toplamazdim",
));
/// Negated down-words: a push up ("düşmez", "satmam").
pub(crate) static NOT_DOWN: Words = Words::new(concat!(
    "dusmez|dusmeyece*|gerilemez|cakilmaz|cokmez|batmaz|satmam|satmazdim|satmayacagim|cikmam|cikmayacagim|",
    "korkmayin|korkmuyorum",
));
/// Phrases that push up or down beyond single words.
pub(crate) static UP_PHRASE: Phrases =
    Phrases::new("daha|yukari gider|gidecek*|cikar|cikacak*; hedef* ~ yukari|yukseg*; tavan yapar|yapacak*");
pub(crate) static DOWN_PHRASE: Phrases =
    Phrases::new("uzak dur*; daha|asagi iner|inecek*|gider|gidecek*; taban yapar|yapacak*|gorur|gorecek*");
/// After a stance word, denying it ("ucuz değil", "yükseleceğini sanmıyorum").
pub(crate) static DENY: Words = Words::new(concat!(
    "degil|degilim|degildir|degiliz|sanmiyorum|sanmam|zannetmiyorum|dusunmuyorum|inanmiyorum|beklemiyorum|",
    "gormuyorum|katilmiyorum",
));
/// After a stance word, reporting or mocking it instead of holding it
/// ("her zaman yükselir diyenler").
pub(crate) static REPORTED: Words =
    Words::new("diye|diyen*|diyor*|derler|dedi|dediler|iddia*|soyleniyor|deniyor*|soyleyen*|inanmam|inanmiyorum");
/// A question particle: asking is not pushing.
pub(crate) static QUESTION: Words = Words::new("mi|mu|midir|mudur|miydi|muydu|misin|musun|miyiz|muyuz|miyim|muyum");
/// Splits a clause into parts that may disagree ("ucuz ama riskli").
pub(crate) static BUT: Words = Words::new("ama|fakat|ancak|lakin|ragmen");
