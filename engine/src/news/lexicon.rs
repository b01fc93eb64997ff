//! Word lists of the headline classifier ([`super::classify`]), Turkish and
//! English, folded (see [`crate::text::fold`]; `*` ends a stem).
//!
//! Headlines report facts, mostly in the past tense ("yükseldi", "rose"),
//! unlike chat opinions, so these lists are not the stance guard's.

use crate::text::{Phrases, Words};

/// Names of tickers written in more than one word, or in English, beyond
/// the stance guard's single-word aliases (THY, dolar, altın, bitcoin…).
pub(crate) static TICKER_PHRASES: [(&str, Phrases); 13] = [
    ("THYAO", Phrases::new("turk hava yollari*; turkish airlines")),
    ("GARAN", Phrases::new("garanti bbva")),
    ("YKBNK", Phrases::new("yapi kredi*")),
    ("KCHOL", Phrases::new("koc holding*")),
    ("SAHOL", Phrases::new("sabanci holding*")),
    ("FROTO", Phrases::new("ford otosan*")),
    ("EREGL", Phrases::new("eregli demir*")),
    ("XU100", Phrases::new("bist 100; borsa istanbul*; istanbul stock*")),
    ("USDTRY", Phrases::new("turk lirasi*; turkish lira*; dolar tl; dollar lira")),
    ("GRAMALTIN", Phrases::new("gram altin*")),
    ("EURTRY", Phrases::new("euro tl; avro tl")),
    ("GRAMALTIN", Phrases::new("gold price*; gold futures")),
    ("BTCUSD", Phrases::new("btc usd")),
];

/// English single words naming a ticker.
pub(crate) static ENGLISH_TICKERS: [(&str, Words); 3] =
    [("USDTRY", Words::new("lira|dollar")), ("GRAMALTIN", Words::new("gold")), ("BTCUSD", Words::new("bitcoin*|btc"))];

/// A price, a figure or a business going up, or good news for it.
pub(crate) static UP: Words = Words::new(concat!(
    // Turkish
    "yukseldi|yukselis*|yukseliste|yukseltti|artti|artis*|artirdi|artirim*|rekor*|tirmandi|sicradi|",
    "firladi|toparlandi|toparlanma*|guclendi|guclendir*|guclu|yatirim|alim|alimi|alimla|alimlar*|giris|girisi|girisler*|kazandi|kazanc*|kar|kari|karini|karinda|karli|",
    "kar*ligi|buyudu|buyume|genisle*|siparis*|ihale*|anlasma*|onay*|temettu*|ralli|zirve|zirveye|zirvede|prim|",
    "iyiles*|olumlu|pozitif|ihracat*|",
    // English
    "rise|rises|rose|risen|rising|gain|gains|gained|jump|jumps|jumped|surge|surges|surged|soar|soars|",
    "soared|rally|rallies|rallied|climb|climbs|climbed|beat|beats|upgrade|upgraded|upgrades|profit|",
    "profits|growth|grew|record|higher|strengthens|strengthened|hike|hikes|hiked|raise|raises|raised|",
    "boost|boosts|boosted|wins|won|deal|approval|approved",
));

/// A price, a figure or a business going down, or bad news for it.
pub(crate) static DOWN: Words = Words::new(concat!(
    // Turkish
    "dustu|dusus*|dususte|dusurdu|geriledi|gerileme|cakildi|cokus|cokme|zarar*|kayip*|kaybetti|",
    "kaybi|azaldi|azalis|azalma|daraldi|daralma|zayifladi|zayif*|yavasla*|gecikme|gecikti|iptal|ceza*|",
    "sorusturma|indirdi|indirim*|indirime|baski*|baskiliyor|baskiladi|endise*|",
    "olumsuz|negatif|durdurdu|iflas*|grev*|kriz*|kaygi*|tedirgin*|iskonto*|geriliyor|gerilerken|cikis|cikisi|cikislar*|sinirlama*|kisitlama*|",
    // English
    "fall|falls|fell|fallen|falling|drop|drops|dropped|slump|slumps|slumped|plunge|plunges|plunged|",
    "tumble|tumbles|tumbled|slide|slides|slid|sink|sinks|sank|miss|misses|missed|downgrade|downgraded|",
    "loss|losses|lower|weakens|weakened|weak|cut|cuts|lowered|decline|declines|declined|slows|slowed|",
    "probe|fine|fined|halt|halts|halted|bankruptcy|strike|crisis|fears|concern|concerns",
));

/// Phrases that say which way beyond single words.
pub(crate) static UP_PHRASE: Phrases = Phrases::new(concat!(
    "beklentilerin|beklentinin|tahminlerin ustunde|uzerinde; deger kazandi|kazaniyor; beklenenden iyi|guclu|yuksek; ",
    "above expectations|forecasts|estimates; better than expected; ",
    // A rate cut lifts the market.
    "faiz* ~ ~ indirdi|dusurdu|indirim*|indirime|indirerek; faiz indirim*; ",
    "cut|cuts|lowers|lowered ~ rate|rates; rate cut*"
));
pub(crate) static DOWN_PHRASE: Phrases = Phrases::new(concat!(
    "beklentilerin|beklentinin|tahminlerin altinda|gerisinde; deger kaybetti|kaybediyor; ara verdi|veriyor; ",
    "kar satis*; beklenenden kotu|zayif|dusuk; ",
    // A rate hike weighs on it.
    "faiz* ~ ~ artirdi|yukseltti|artirim*|artirima|artirarak; faiz artirim*; ",
    "hike|hikes|hiked|raise|raises|raised ~ rate|rates; rate hike*; ",
    "below expectations|forecasts|estimates; worse than expected"
));

/// Negated past tense: "yükselmedi" is a push down, "düşmedi" up.
pub(crate) static NOT_UP: Words = Words::new("yukselmedi|artmadi|toparlanamadi|kazanamadi");
pub(crate) static NOT_DOWN: Words = Words::new("dusmedi|gerilemedi|azalmadi");

/// Subjects for which more is worse: "enflasyon arttı", "maliyetler
/// yükseldi", "faizi artırdı" are bad news, and "enflasyon geriledi" good.
/// (Interest rates have their own phrases: a hike weighs on the market.)
pub(crate) static WORSE_WHEN_UP: Words = Words::new(concat!(
    "enflasyon*|tufe|ufe|maliyet*|gider*|issizlik*|takipteki|borc|borcu|borclari|acik|acigi|acigin|aciklari|",
    "inflation|cpi|cost|costs|unemployment|debt|deficit|yields",
));

/// Subjects of more than one word for which more is worse.
pub(crate) static WORSE_WHEN_UP_PHRASE: Phrases = Phrases::new("risk primi*; cds primi*; credit default");

/// Topics: the word lists that mark them.
pub(crate) static TOPICS: [(&str, Words); 9] = [
    ("rates", Words::new("faiz*|ppk|tcmb|fed|ecb|merkez|politika|interest|rate|rates|central|fomc")),
    ("inflation", Words::new("enflasyon*|tufe|ufe|inflation|cpi|ppi|fiyat*")),
    ("fx", Words::new("dolar*|euro*|avro*|kur|kuru|kurlar*|doviz*|lira*|usd|eur|currency|dollar|forex")),
    ("gold", Words::new("altin*|ons|gold|metal*")),
    ("crypto", Words::new("bitcoin*|btc|kripto*|ethereum*|eth|crypto*|etf")),
    ("equities", Words::new("borsa*|bist|hisse*|endeks*|stock*|shares|equit*|index")),
    ("earnings", Words::new("bilanco*|ceyrek*|kar|kari|karini|zarar*|gelir*|earnings|quarter*|revenue|profit*")),
    ("energy", Words::new("petrol*|brent|dogalgaz*|enerji*|akaryakit*|oil|gas|energy|crude")),
    ("banking", Words::new("banka*|kredi*|mevduat*|bank|banks|banking|loan*|deposit*")),
];

/// Macro words that make news matter to every market room.
pub(crate) static MACRO_TOPICS: [&str; 2] = ["rates", "inflation"];

/// The topics each ticker belongs to.
pub(crate) fn ticker_topics(symbol: &str) -> &'static [&'static str] {
    match symbol {
        "USDTRY" | "EURTRY" => &["fx"],
        "GRAMALTIN" => &["gold"],
        "BTCUSD" | "ETHUSD" => &["crypto"],
        "GARAN" | "AKBNK" | "YKBNK" => &["equities", "banking"],
        "TUPRS" => &["equities", "energy"],
        _ => &["equities"],
    }
}
