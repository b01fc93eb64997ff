//! The rule-based compliance guard, run on every draft before it is sent.
//! Rules match folded text (see [`crate::text`]) by stems, so Turkish
//! suffixes, spacing and diacritics do not get a phrase through.

use crate::text::{Phrases, Words, capitalised_words, clauses, mark_proper_noun, word_is};

/// Why a draft was blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Violation {
    /// "garantili kazanç", "kesin yükselecek", "%100 kâr", "risksiz".
    GuaranteedReturn,
    /// "herkes alsın", "kaçırmayın", "şimdi girin".
    CallToAction,
    /// "sen şunu al", "paranın yarısıyla gir" — to a real person.
    PersonalAdvice,
    /// "içeriden bilgi aldım".
    InsiderClaim,
}

impl Violation {
    /// Stable snake_case code (metrics, logs, API).
    pub fn code(self) -> &'static str {
        match self {
            Violation::GuaranteedReturn => "guaranteed_return",
            Violation::CallToAction => "call_to_action",
            Violation::PersonalAdvice => "personal_advice",
            Violation::InsiderClaim => "insider_claim",
        }
    }

    /// The reason handed to the model when a draft is regenerated.
    pub fn instruction(self) -> &'static str {
        match self {
            Violation::GuaranteedReturn => "Getiri garantisi verme, kesinlik iddia etme.",
            Violation::CallToAction => "Kimseyi alım ya da satıma çağırma.",
            Violation::PersonalAdvice => "Kişiye özel yatırım tavsiyesi verme.",
            Violation::InsiderClaim => "İçeriden bilgi iddia etme.",
        }
    }
}

/// The guard's verdict on a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    Blocked(Violation),
}

impl Verdict {
    pub fn is_allowed(self) -> bool {
        self == Verdict::Allowed
    }
}

// Word sets "a|b|c*" (`*`: a stem) and phrases (`~`: a gap): see `crate::text::Words`.

/// "garanti" as a guarantee; nouns ("garantisi") only count when affirmed.
static GUARANTEE: Words = Words::new(
    "garanti|garantidir|garantili*|garantiyle|garantiliy*|garantiyim|risksiz*|kayipsiz*|riskfree|guaranteed",
);
static GUARANTEE_GIVEN: Phrases = Phrases::new(concat!(
    "garantisi|garantisini|garantisiyle|garantiler* ~ var|vardir|veriyorum|veriyoruz|veririm|veririz|sunuyoruz|",
    "ediyorum",
));
/// Not a promise: a warranty, idioms, the risk-free rate, facts about institutions.
static NOT_A_PROMISE: Phrases =
    Phrases::new("garanti* belge*|sure*|kapsam*|karti; garantiye al*; anapara garanti*; risksiz faiz*|oran*|varlik*");
static INSTITUTION: Words = Words::new("sigorta*|tmsf|hazine*|kanun*|yasa*|mevzuat*|kefalet*");
/// After a claim, denying it ("garanti değil", "kimse veremez").
static DENY: Words = Words::new(concat!(
    "yok|yoktur|yoktu|degil|degildir|olmaz|olamaz|etmez|edemez|edemem|etmiyor|veremez|veremem|vermez|vermiyor*|",
    "veremeyiz|olmayan|olmadig*|bulunmaz|sunamaz|bilemez|bilinmez",
));
/// Before a claim, denying it ("hiçbir garanti", "kimse garanti…").
static DENY_BEFORE: Words = Words::new("hicbir|hic|kimse|kimsenin|kim|ne|hangi");
/// After a claim, reporting or mocking it instead of making it.
static FRAME: Words = Words::new(concat!(
    "diye|diyen*|eden*|vaad*|vaatler*|arayan*|isteyen*|satan*|pazarlayan*|derler|deniyor|diyorlar|iddia*|bagiran*|",
    "pompalayan*|yazanlar*|ticaret*|demiyorum|diyemem|diyemez|demem|denemez|soyleyemem|soyleyemez|inanma*|kanma*",
));
static Q: Words = Words::new("mi|mu|midir|mudur|misin|musun|misiniz|musunuz|miydi|muydu");
static REPORTED: Words = Words::new("dedi|dediler|soyledi|yazdi|iddia*");
/// No-loss claims ("zarar etme ihtimali yok", "asla düşmez", "alan kazanır").
static NO_LOSS: Phrases = Phrases::new(concat!(
    "risk|riski|riskimiz|riskiniz|kayip|kaybi|kaybetmek yok|yoktur|sifir|sifirdir; sifir risk*|kayip*; ",
    "zarar|kaybetme|dusme|batma|kayip|zarara ~ ihtimal*|risk*|sans*|olasilig* yok|yoktur|sifir*; ",
    "kaybetmezsin*|kaybettirmez*|kaybetmeyeceksin*; zarar|zarara etmezsin*|ettirmez*|etmeyeceksin*|girmezsin*; ",
    "asla|hic|zaman dusmez|batmaz|kaybettirmez|kaybetmez; ",
    "kaybetmek|kaybetme|kayip|zarar|dusmesi|batmasi|kazanmamak|yukselmemesi|artmamasi ~ imkansiz|olanaksiz; ",
    "kaybetmek|kaybetme|kayip|dusmesi|batmasi|kazanmamak|yukselmemesi|artmamasi mumkun degil; ",
    "alan|giren|tutan|toplayan|bekleyen kazanir|kazanacak|zengin*|koseyi",
));
/// Certainty words, matched near a price move in the same clause.
static CERTAIN: Phrases = Phrases::new(
    "kesin|kesinlikle|kesinkes|mutlaka|muhakkak|illa|illaki|suphesiz|kuskusuz|%100|100%|%1000; yuzde|% yuz|100|bin",
);
/// Certainty idioms, anywhere in the message.
static VOUCH: Phrases = Phrases::new(concat!(
    "yaz|yazin bir kenara; sozum olsun; soz veriyorum; emin olun|olabilirsiniz|ol; adim gibi; supheniz olmasin; ",
    "suphem|suphe yok; benden soylemesi; goreceksiniz|eminim; o|bu kadar net; kesin|net bilgi*; ",
    "goz*|gozunuz|gozun kapali",
));
/// After a certainty word, denying it ("kesin değil", "kesin bilemem").
static UNSURE: Words = Words::new(
    "degil*|olmaz|yok|zor|bilmiyorum|bilmem|bilemem|bilemez|bilinmez|soyleyemem|soylenemez|diyemem|diyemez|emin",
);
/// Price moves and returns ("yükselecek", "kâr", "tavan", "ikiye katlar").
static MOVE: Words = Words::new(concat!(
    "kat|katina|katini|yuksel*|artacak*|artar|ucacak*|ucar|firla*|katla*|kazan*|patla*|roket*|zengin*|tavan*|prim*|",
    "getiri*|kar|kari|coskar*|cikacak*|dusecek*|duser|cakil*|cokecek*|batacak*|gidecek*|gider|gorecek|gorur|rekor*",
));
static HEDGE: Words = Words::new("gibi|galiba|sanki|olabilir|belki|sanirim|muhtemelen");
/// Calls on a group to buy, sell or enter: "alın", "girsin", "toplayalım".
static GROUP_CALL: Words = Words::new(concat!(
    "alin|aliniz|alinn|alsin|alsinlar|alalim|almali|almaliyiz|almalisiniz|satin|satiniz|satsin|satsinlar|satalim|",
    "satmali|satmaliyiz|satmalisiniz|girin|giriniz|girsin|girsinler|girelim|girmeli|girmeliyiz|girmelisiniz|cikin|",
    "cikiniz|ciksin|ciksinlar|cikalim|cikmali|cikmaliyiz|toplayin|toplayiniz|toplasin|toplayalim|toplamali|",
    "toplamaliyiz|yukleyin|yuklenin|yuklenelim|yuklensin|yuklesin|yuklenmeli|doldurun|doldursun*|ekleyin|eklesin|",
    "edinin|kossun|kosun|kosalim|kossunlar|binin|binelim|atlayin|atlayalim|gecin|gecelim|gecsin|gecsinler|kacin|",
    "kacsin|bosaltin|bozun|bozdurun|bozsun|bassin*|hucum*",
));
/// Before "al"/"gir"/"çık", making it no trade ("not alın", "siteye girin").
static NOT_TRADE: Words = Words::new(concat!(
    "stop*|bilgi|not|notunuzu|ornek|nefes|ders|dikkate|goze|ele|kenara|soz|haber|karar|mola|keyif|zevk|tedbir|onlem|",
    "izin|yol|yola|risk|site*|kap|linke|uygulama*|hesab*|ayar*|sayfa*|disari*|pozisyonunuzu",
));
static URGENT: Words =
    Words::new("hadi|haydi|hemen|simdi|bugun|acele|cabuk|derhal|hizla|aninda|firsat*|kacmadan|bitmeden|ucuzken|son");
static CROWD: Phrases = Phrases::new(concat!(
    "herkes|hepiniz|hepimiz|arkadaslar|beyler|millet|gencler|dostlar|ahali|cocuklar|kardesler*|toplanip|topluca; ",
    "hanimlar|yatirimcilar; hep beraber|birlikte; ayni anda; siz de|sizde",
));
/// Calls on everyone on their own: "kaçırmayın", "almayan pişman olur".
static CALLS: Phrases = Phrases::new(concat!(
    "kacirmayin|kacirmayalim|kacirmasin*|kacirmayiniz; son firsat; firsat bu; ",
    "tam|alim|alma|toplama|giris|yukleme|satis|cikis zamani; acele edin|ediniz; gec olmadan|kalmadan|olacak; ",
    "almayan|girmeyen|binmeyen|satmayan|toplamayan kalmasin; ",
    "almayan|girmeyen|binmeyen|satmayan|toplamayan ~ pisman*|aglar|aglayacak|uzul*|dovun*; ",
    "bir daha gelmez|goremezsiniz|bulamazsiniz|gelmeyecek; ",
    "almaya|toplamaya|satmaya|girmeye|yuklenmeye|cikmaya basla|baslayin|baslayalim|baslasin*; buy now; ",
    "everyone buy|sell; don|dont t|miss; goz*|gozunuz kapali al*|gir*|topla*",
));
/// Assets and tickers ("THYAO", "altına", "hisseyi"), and "bunu", "hepsini".
static ASSET: Words = Words::new(concat!(
    "thy|thyao|garan|akbnk|akbank|asels|aselsan|eregl|erdemir|sise|sisecam|kchol|koc|bimas|bim|tuprs|tupras|froto|",
    "ford|sahol|sabanci|ykbnk|xu100|usdtry|eurtry|gramaltin|btcusd|btc|bitcoin*|eth|ethereum|coin*|kripto*|hisse*|",
    "altin*|gram|ceyrek*|dolar*|euro*|avro*|doviz*|fon|fona|fonu|fonlar*|tahvil*|eurobond*|borsa*|endeks*|viop|",
    "bankalar*|bunu|bundan|sunu|sundan|onu|hepsini",
));
static NOT_TICKER: Words = Words::new("tcmb|bist|tuik|bddk|fomo|capm|opec|tlref|tufe|kobi|kesin|hemen|simdi");
/// One person told to trade: "al", "gir"; with no object needed: "alsana".
static ONE_CALL: Words =
    Words::new("al|sat|gir|cik|topla|yukle|yuklen|ekle|yatir|koy|cevir|boz|bozdur|bas|bin|gec|ayir|aktar");
static ONE_CALL_STRONG: Words = Words::new(concat!(
    "alsana|satsana|girsene|toplasana|yatirsana|koysana|almalisin*|satmalisin*|girmelisin*|toplamalisin*|",
    "yatirmalisin*|cikmalisin*|alabilirsin|satabilirsin|girebilirsin|toplayabilirsin|yatirabilirsin|ekleyebilirsin",
));
static YOU: Words = Words::new("sen|sende|bence|hemen|simdi|bugun|senin|sana");
/// "Almalısın"-style advice, "kredi çek", "senin yerinde olsam … alırdım".
static ADVICE: Phrases = Phrases::new(concat!(
    "alman|satman|girmen|yatirman|cikman|toplaman|cevirmen|bozdurman lazim|gerek*|sart|iyi; kredi cek; borc al; ",
    "borclan; yerinde olsam|olsaydim ~ ~ alirdim|satardim|girerdim|toplardim|yatirirdim|cevirirdim|bozdururdum",
));
static YOUR_MONEY: Phrases = Phrases::new(concat!(
    "paranin yarisi*|tamami*|hepsi*; tum|butun paran*|birikim*; ",
    "birikimin*|birikimlerin*|maasin*|ikramiyen*|paran|parani|paranla|evini|arabani",
));
/// Officials who "told" something, unless on the record.
static OFFICIAL: Phrases = Phrases::new("patron*|mudur*|yonetici*|ceo|cfo|yonetim ~ ~ soyle*|dedi|fisilda*|sizdir*");
static PUBLIC: Words = Words::new("roportaj*|basin*|kap|aciklama*|yatirimci*|televizyon*|tv|konferans*");
/// Insider claims: "içeriden duydum", "şirketten bir tanıdık söyledi", rumours, secrecy.
static RUMOUR: Phrases = Phrases::new(concat!(
    "iceriden|icerden|icerdeki*|icerideki* ~ soyle*|dedi|fisilda*|duy*|sizdir*|anlatti|haber|bilgi|aldim|geldi|var; ",
    "sirket*|yonetim*|yonetici*|banka*|fon|holding*|kurum*|patron*|mudur*|fabrika*|icinden|muhasebe*|finans*|hukuk*|",
    "departman*|merkez* ~ tanidik*|tanidig*|arkadas*|biri|birisi|dost*|akraba*|kuzen*|yegen*|eniste*|calisan*|dayi*|",
    "amca*|teyze*|halam|kardesim|esim|babam|annem ~ ~ soyle*|dedi|fisilda*|sizdir*|anlatti|paylasti|gosterdi|iletti; ",
    "kulagima geldi|calindi|fisilda*|gelen; duyum|duyumlar* aldim|aldik|var|geldi; ",
    "tuyo|tuyom|tuyosu vereyim|veriyorum|var|aldim|geldi; ",
    "saglam|guvenilir|ozel|gizli kaynak*|haber*|bilgi* duy*|ogren*|aldim|var|geldi|soyle*|dedi; ",
    "kaynagim|kaynagimiz|kaynaklarim soyle*|dedi|dogruladi|fisilda*; kamuya aciklanmadi|aciklanmamis|duyurulmadi; ",
    "kimse bilmiyor|bilmiyo; kap ~ dusmeden; aciklanmadan once; kimseye soylemeyin; aramizda kalsin; sessiz kalin; ",
    "duydugum* gore|kadariyla",
));
static NOT_YET: Phrases = Phrases::new("henuz|daha aciklanmadi|duyurulmadi|aciklanmamis");
/// A corporate action announced ahead: "yarın bedelsiz açıklanacak".
static CORP: Words =
    Words::new("bedelsiz*|bedelli*|birlesme*|devralma*|ihale*|sozlesme*|anlasma*|ortaklik*|satiliyor|satilacak");
static SOON: Words =
    Words::new("yarin|haftaya|pazartesi|sali|carsamba|persembe|cuma|aksam|sabah|yakinda|birazdan|haftaici");
static WILL: Words = Words::new(concat!(
    "sonuclanacak|onaylanacak|kesinlesecek|netlesecek|aciklanacak*|aciklaniyor|duyurulacak*|duyuruluyor|geliyor|",
    "gelecek*|imzalanacak|imzalaniyor|verilecek|cikiyor|cikacak|basliyor|baslayacak|dusecek|yapilacak|olacak",
));
static UNCONFIRMED: Words = Words::new("olabilir|bekleniyor|beklenti*|iddia*|soylenti*|spekulasyon*|mi|mu");
/// Doubt about the whole message ("inanmadım", "dolandırıcılık", "güldüm").
static DOUBT: Words = Words::new(concat!(
    "inanma*|inanmam|inanmadim|inanmiyorum|kanma*|dolandiric*|tuzak*|masal*|suc|sucu|guldum|gulduk|gulerim|guluyorum|",
    "gulunc*|komik*|sacma*|yasak*|yasadisi|ceza*|suphe*",
));
/// "Garanti BBVA", "Garanti bankası", "Garanti ile Akbank", "Kredi Garanti Fonu".
static BANK: Phrases = Phrases::new(concat!(
    "garanti bbva*|bankasi*|bank|hisse*|yatirim|emeklilik|bonus|kart*|sube*|mobil|bilanco*|genel; ",
    "garanti ile|ve akbank|isbank|halkbank|vakifbank|ziraat|yapi|ykb|qnb|denizbank|akbnk|ykbnk; ",
    "akbank|isbank|halkbank|vakifbank|ziraat|yapi|ykb|qnb|denizbank|akbnk|ykbnk ile|ve garanti; kredi garanti",
));

/// A draft split for matching: folded clauses, also split at "ama"/"fakat".
struct Draft<'a> {
    clauses: Vec<Vec<&'a str>>,
    all: Vec<&'a str>,
    doubt: bool,
}

/// Checks a draft. `to_human` tightens the personal-advice rule for replies
/// to real people.
pub fn check_reply(text: &str, to_human: bool) -> Verdict {
    let text = mark_proper_noun(text, "garanti", "GARAN");
    let folded: Vec<String> = clauses(&text).iter().map(|c| bank_names(c)).collect();
    let but = |w: &&str| word_is(w, "ama|fakat|ancak|lakin");
    let parts: Vec<Vec<&str>> = (folded.iter())
        .flat_map(|c| c.split(' ').collect::<Vec<_>>().split(but).map(<[_]>::to_vec).collect::<Vec<_>>())
        .filter(|p| !p.is_empty())
        .collect();
    let all: Vec<&str> = parts.concat();
    // "şüpheliyim" doubts; "şüphem yok", "şüpheniz olmasın" vouch.
    let doubt = (0..all.len()).any(|i| DOUBT.has(all[i]) && VOUCH.at(&all, i).is_none() && all[i] != "suphesiz");
    let d = Draft { clauses: parts, all, doubt };
    let found = [
        (Violation::GuaranteedReturn, guarantee(&d)),
        (Violation::CallToAction, call(&d)),
        (Violation::InsiderClaim, insider(&d)),
        (Violation::PersonalAdvice, to_human && advice(&d, &text)),
    ];
    found.iter().find(|(_, hit)| *hit).map_or(Verdict::Allowed, |(v, _)| Verdict::Blocked(*v))
}

/// Checks a draft addressed to the room.
pub fn check(text: &str) -> Verdict {
    check_reply(text, false)
}

/// Whether the claim at `ws[i..i + n]` is denied, mocked or asked about.
fn denied(ws: &[&str], i: usize, n: usize, doubt: bool) -> bool {
    DENY_BEFORE.any(&ws[i.saturating_sub(2)..i]) || refuted(ws, i, n, doubt)
}

/// Like [`denied`], looking only after the claim ("hiç risk yok" is a claim).
fn refuted(ws: &[&str], i: usize, n: usize, doubt: bool) -> bool {
    let after = &ws[(i + n).min(ws.len())..(i + n + 4).min(ws.len())];
    after.first().is_some_and(|w| Q.has(w))
        || after.iter().enumerate().any(|(k, w)| {
            let tag = after.get(k + 1).is_some_and(|n| Q.has(n));
            let affirmed = k > 0 && word_is(after[k - 1], "yalan|saka*|suphe*");
            (DENY.has(w) && !tag && !affirmed) || FRAME.has(w) || (doubt && REPORTED.has(w))
        })
}

/// A price move asserted at `ws[j]`: not "yükselebilir", hedged, denied or asked.
fn moves(ws: &[&str], j: usize, doubt: bool) -> bool {
    let w = ws[j];
    let times = w.len() > 1 && w.ends_with('x') && w[..w.len() - 1].bytes().all(|b| b.is_ascii_digit());
    (MOVE.has(w) || times)
        && !w.contains("abil")
        && !w.contains("ebil")
        && !HEDGE.any(&ws[j + 1..(j + 3).min(ws.len())])
        && !denied(ws, j, 1, doubt)
}

fn guarantee(d: &Draft) -> bool {
    let vouched = VOUCH.find(&d.all).is_some_and(|(i, n)| !denied(&d.all, i, n, false))
        || d.clauses
            .iter()
            .any(|c| CERTAIN.at(c, 0) == Some(1) && c[1..].iter().all(|w| word_is(w, "bak|yani|abi|ya|bu")));
    d.clauses.iter().any(|ws| {
        let promise = (0..ws.len()).any(|i| {
            (GUARANTEE_GIVEN.at(ws, i).is_some() || (GUARANTEE.has(ws[i]) && !denied(ws, i, 1, d.doubt)))
                && !(i.saturating_sub(1)..=i).any(|j| NOT_A_PROMISE.at(ws, j).is_some())
                && !INSTITUTION.any(ws)
        });
        let no_loss = (0..ws.len()).any(|i| NO_LOSS.at(ws, i).is_some_and(|n| !refuted(ws, i, n, d.doubt)));
        let certain = (0..ws.len()).any(|i| {
            let Some(n) = CERTAIN.at(ws, i) else { return false };
            let after = (i + n..(i + n + 4).min(ws.len())).take_while(|&j| !UNSURE.has(ws[j]));
            !ws.get(i + n).is_some_and(|w| UNSURE.has(w))
                && after.chain(i.saturating_sub(2)..i).any(|j| moves(ws, j, d.doubt))
        });
        promise || no_loss || certain || (vouched && (0..ws.len()).any(|j| moves(ws, j, d.doubt)))
    })
}

fn call(d: &Draft) -> bool {
    let all = &d.all;
    let phrase = (0..all.len()).any(|i| {
        CALLS.at(all, i).is_some_and(|n| !denied(all, i, n, false))
            && !(all[i] == "kacirma" && all.get(i + 1).is_some_and(|w| word_is(w, "korku*|duygu*")))
    });
    let calls: Vec<usize> = (0..all.len())
        .filter(|&i| GROUP_CALL.has(all[i]))
        .filter(|&i| {
            // "satın aldım" is a purchase told, "satın alın" a call.
            let told = all[i] == "satin" && all.get(i + 1).is_some_and(|n| n.starts_with("al") && !GROUP_CALL.has(n));
            let no_trade = (i > 0 && NOT_TRADE.has(all[i - 1])) || FRAME.any(&all[i + 1..(i + 4).min(all.len())]);
            !told && !no_trade
        })
        .collect();
    let asset_near = |&i: &usize| ASSET.any(&all[i.saturating_sub(3)..(i + 2).min(all.len())]);
    let backed = calls.len() > 1 || URGENT.any(all) || CROWD.find(all).is_some() || calls.iter().any(asset_near);
    phrase || (!calls.is_empty() && backed)
}

fn insider(d: &Draft) -> bool {
    let all = &d.all;
    let rumour = RUMOUR.find(all).is_some_and(|(i, n)| !denied(all, i, n, false));
    let official = OFFICIAL.find(all).is_some() && !PUBLIC.any(all);
    let not_yet = NOT_YET.find(all).is_some() && (CORP.any(all) || MOVE.any(all));
    let announced = d.clauses.iter().any(|ws| SOON.any(ws) && CORP.any(ws) && WILL.any(ws) && !UNCONFIRMED.any(ws));
    !d.doubt && (rumour || official || not_yet || announced)
}

fn advice(d: &Draft, raw: &str) -> bool {
    let all = &d.all;
    let tickers: Vec<String> = capitalised_words(raw, 4..=6).into_iter().filter(|w| !NOT_TICKER.has(w)).collect();
    let asset = |w: &&str| ASSET.has(w) || tickers.iter().any(|t| t == w);
    let money = YOUR_MONEY.find(all).is_some();
    let named = all.iter().any(asset);
    let edges: Vec<&str> = d.clauses.iter().flat_map(|c| [c[0], c[c.len() - 1]]).collect();
    (0..all.len()).any(|i| {
        let w = all[i];
        let context = money
            || all[i.saturating_sub(3)..(i + 3).min(all.len())].iter().any(asset)
            || (named && edges.contains(&w))
            || YOU.any(&all[i.saturating_sub(2)..(i + 3).min(all.len())]);
        let not_trade = (i > 0 && NOT_TRADE.has(all[i - 1]))
            || (w == "al" && all.get(i + 1) == Some(&"sat"))
            || (w == "sat" && i > 0 && all[i - 1] == "al")
            || FRAME.any(&all[i + 1..(i + 4).min(all.len())]);
        !not_trade && ((ONE_CALL.has(w) && context) || ONE_CALL_STRONG.has(w) || ADVICE.at(all, i).is_some())
    })
}

/// Folded clause with Garanti BBVA (and the Credit Guarantee Fund) renamed
/// "garan", so that the bank is not taken for a guarantee.
fn bank_names(folded: &str) -> String {
    if !folded.contains("garanti") {
        return folded.to_string();
    }
    let ws: Vec<&str> = folded.split(' ').collect();
    let mut out = ws.clone();
    for i in 0..ws.len() {
        if let Some(n) = BANK.at(&ws, i) {
            (i..i + n).filter(|&j| ws[j] == "garanti").for_each(|j| out[j] = "garan");
        }
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guaranteed_returns_are_blocked_whatever_the_spelling() {
        for t in [
            "Garantili kazanç burada",
            "THYAO KESİN yükselecek",
            "%100 kâr var",
            "risksiz getiri",
            "kesin  yukselir bu",
        ] {
            assert_eq!(check(t), Verdict::Blocked(Violation::GuaranteedReturn), "{t}");
        }
    }

    #[test]
    fn calls_on_everyone_to_buy_are_blocked() {
        for t in ["Kaçırmayın arkadaşlar!", "şimdi tam zamanı", "herkes GARAN alsın", "Hemen girin"] {
            assert_eq!(check(t), Verdict::Blocked(Violation::CallToAction), "{t}");
        }
    }

    #[test]
    fn personal_advice_is_blocked_only_towards_people() {
        assert_eq!(check_reply("Bence sen de al, tüm paranla gir", true), Verdict::Blocked(Violation::PersonalAdvice));
        assert!(check("Ben biraz daha tutacağım, sabır şart").is_allowed());
    }

    #[test]
    fn ordinary_market_talk_passes() {
        for t in [
            "THYAO bugün %2 yükseldi, fena değil",
            "Dolar biraz sakin",
            "Altın güvenli liman bence",
            "Kesin bir şey söylemek zor",
            "Garanti BBVA bugün sakin, Garanti bankası bilançosu iyi",
        ] {
            assert!(check(t).is_allowed(), "{t}");
        }
    }
}
