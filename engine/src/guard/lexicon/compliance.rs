//! Word lists of the compliance guard ([`crate::guard::compliance`]): word
//! sets "a|b|c*" (`*`: a stem) and phrases (`~`: a gap), see
//! [`crate::text::Words`]. All folded: lower case, no diacritics.

use crate::text::{Phrases, Words};

/// "garanti" as a guarantee; nouns ("garantisi") only count when affirmed.
pub(crate) static GUARANTEE: Words = Words::new(
    "garanti|garantidir|garantili*|garantiyle|garantiliy*|garantiyim|risksiz*|kayipsiz*|riskfree|guaranteed",
);
pub(crate) static GUARANTEE_GIVEN: Phrases = Phrases::new(concat!(
    "garantisi|garantisini|garantisiyle|garantiler* ~ var|vardir|veriyorum|veriyoruz|veririm|veririz|sunuyoruz|",
    "ediyorum",
));
/// Not a promise: a warranty, idioms, the risk-free rate, facts about institutions.
pub(crate) static NOT_A_PROMISE: Phrases =
    Phrases::new("garanti* belge*|sure*|kapsam*|karti; garantiye al*; anapara garanti*; risksiz faiz*|oran*|varlik*");
pub(crate) static INSTITUTION: Words = Words::new("sigorta*|tmsf|hazine*|kanun*|yasa*|mevzuat*|kefalet*");
/// After a claim, denying it ("garanti değil", "kimse veremez").
pub(crate) static DENY: Words = Words::new(concat!(
    "yok|yoktur|yoktu|degil|degildir|olmaz|olamaz|etmez|edemez|edemem|etmiyor|veremez|veremem|vermez|vermiyor*|",
    "veremeyiz|olmayan|olmadig*|bulunmaz|sunamaz|bilemez|bilinmez",
));
/// Before a claim, denying it ("hiçbir garanti", "kimse garanti…").
pub(crate) static DENY_BEFORE: Words = Words::new("hicbir|hic|kimse|kimsenin|kim|ne|hangi");
/// After a claim, reporting or mocking it instead of making it.
pub(crate) static FRAME: Words = Words::new(concat!(
    "diye|diyen*|eden*|vaad*|vaatler*|arayan*|isteyen*|satan*|pazarlayan*|derler|deniyor|diyorlar|iddia*|bagiran*|",
    "pompalayan*|yazanlar*|ticaret*|demiyorum|diyemem|diyemez|demem|denemez|soyleyemem|soyleyemez|inanma*|kanma*",
));
pub(crate) static Q: Words = Words::new("mi|mu|midir|mudur|misin|musun|misiniz|musunuz|miydi|muydu");
pub(crate) static REPORTED: Words = Words::new("dedi|dediler|soyledi|yazdi|iddia*");
/// No-loss claims ("zarar etme ihtimali yok", "asla düşmez", "alan kazanır").
pub(crate) static NO_LOSS: Phrases = Phrases::new(concat!(
    "risk|riski|riskimiz|riskiniz|kayip|kaybi|kaybetmek yok|yoktur|sifir|sifirdir; sifir risk*|kayip*; ",
    "zarar|kaybetme|dusme|batma|kayip|zarara ~ ihtimal*|risk*|sans*|olasilig* yok|yoktur|sifir*; ",
    "kaybetmezsin*|kaybettirmez*|kaybetmeyeceksin*; zarar|zarara etmezsin*|ettirmez*|etmeyeceksin*|girmezsin*; ",
    "asla|hic|zaman dusmez|batmaz|kaybettirmez|kaybetmez; ",
    "kaybetmek|kaybetme|kayip|zarar|dusmesi|batmasi|kazanmamak|yukselmemesi|artmamasi ~ imkansiz|olanaksiz; ",
    "kaybetmek|kaybetme|kayip|dusmesi|batmasi|kazanmamak|yukselmemesi|artmamasi mumkun degil; ",
    "alan|giren|tutan|toplayan|bekleyen kazanir|kazanacak|zengin*|koseyi",
));
/// Certainty words, matched near a price move in the same clause.
pub(crate) static CERTAIN: Phrases = Phrases::new(
    "kesin|kesinlikle|kesinkes|mutlaka|muhakkak|illa|illaki|suphesiz|kuskusuz|%100|100%|%1000; yuzde|% yuz|100|bin",
);
/// Certainty idioms, anywhere in the message.
pub(crate) static VOUCH: Phrases = Phrases::new(concat!(
    "yaz|yazin bir kenara; sozum olsun; soz veriyorum; emin olun|olabilirsiniz|ol; adim gibi; supheniz olmasin; ",
    "suphem|suphe yok; benden soylemesi; goreceksiniz|eminim; o|bu kadar net; kesin|net bilgi*; ",
    "goz*|gozunuz|gozun kapali",
));
/// After a certainty word, denying it ("kesin değil", "kesin bilemem").
pub(crate) static UNSURE: Words = Words::new(
    "degil*|olmaz|yok|zor|bilmiyorum|bilmem|bilemem|bilemez|bilinmez|soyleyemem|soylenemez|diyemem|diyemez|emin",
);
/// Price moves and returns ("yükselecek", "kâr", "tavan", "ikiye katlar").
pub(crate) static MOVE: Words = Words::new(concat!(
    "kat|katina|katini|yuksel*|artacak*|artar|ucacak*|ucar|firla*|katla*|kazan*|patla*|roket*|zengin*|tavan*|prim*|",
    "getiri*|kar|kari|coskar*|cikacak*|dusecek*|duser|cakil*|cokecek*|batacak*|gidecek*|gider|gorecek|gorur|rekor*",
));
pub(crate) static HEDGE: Words = Words::new("gibi|galiba|sanki|olabilir|belki|sanirim|muhtemelen");
/// Calls on a group to buy, sell or enter: "alın", "girsin", "toplayalım".
pub(crate) static GROUP_CALL: Words = Words::new(concat!(
    "alin|aliniz|alinn|alsin|alsinlar|alalim|almali|almaliyiz|almalisiniz|satin|satiniz|satsin|satsinlar|satalim|",
    "satmali|satmaliyiz|satmalisiniz|girin|giriniz|girsin|girsinler|girelim|girmeli|girmeliyiz|girmelisiniz|cikin|",
    "cikiniz|ciksin|ciksinlar|cikalim|cikmali|cikmaliyiz|toplayin|toplayiniz|toplasin|toplayalim|toplamali|",
    "toplamaliyiz|yukleyin|yuklenin|yuklenelim|yuklensin|yuklesin|yuklenmeli|doldurun|doldursun*|ekleyin|eklesin|",
    "edinin|kossun|kosun|kosalim|kossunlar|binin|binelim|atlayin|atlayalim|gecin|gecelim|gecsin|gecsinler|kacin|",
    "kacsin|bosaltin|bozun|bozdurun|bozsun|bassin*|hucum*",
));
/// Before "al"/"gir"/"çık", making it no trade ("not alın", "siteye girin").
pub(crate) static NOT_TRADE: Words = Words::new(concat!(
    "stop*|bilgi|not|notunuzu|ornek|nefes|ders|dikkate|goze|ele|kenara|soz|haber|karar|mola|keyif|zevk|tedbir|onlem|",
    "izin|yol|yola|risk|site*|kap|linke|uygulama*|hesab*|ayar*|sayfa*|disari*|pozisyonunuzu",
));
pub(crate) static URGENT: Words =
    Words::new("hadi|haydi|hemen|simdi|bugun|acele|cabuk|derhal|hizla|aninda|firsat*|kacmadan|bitmeden|ucuzken|son");
pub(crate) static CROWD: Phrases = Phrases::new(concat!(
    "herkes|hepiniz|hepimiz|arkadaslar|beyler|millet|gencler|dostlar|ahali|cocuklar|kardesler*|toplanip|topluca; ",
    "hanimlar|yatirimcilar; hep beraber|birlikte; ayni anda; siz de|sizde",
));
/// Calls on everyone on their own: "kaçırmayın", "almayan pişman olur".
pub(crate) static CALLS: Phrases = Phrases::new(concat!(
    "kacirmayin|kacirmayalim|kacirmasin*|kacirmayiniz; son firsat; firsat bu; ",
    "tam|alim|alma|toplama|giris|yukleme|satis|cikis zamani; acele edin|ediniz; gec olmadan|kalmadan|olacak; ",
    "almayan|girmeyen|binmeyen|satmayan|toplamayan kalmasin; ",
    "almayan|girmeyen|binmeyen|satmayan|toplamayan ~ pisman*|aglar|aglayacak|uzul*|dovun*; ",
    "bir daha gelmez|goremezsiniz|bulamazsiniz|gelmeyecek; ",
    "almaya|toplamaya|satmaya|girmeye|yuklenmeye|cikmaya basla|baslayin|baslayalim|baslasin*; buy now; ",
    "everyone buy|sell; don|dont t|miss; goz*|gozunuz kapali al*|gir*|topla*",
));
/// Assets and tickers ("THYAO", "altına", "hisseyi"), and "bunu", "hepsini".
pub(crate) static ASSET: Words = Words::new(concat!(
    "thy|thyao|garan|akbnk|akbank|asels|aselsan|eregl|erdemir|sise|sisecam|kchol|koc|bimas|bim|tuprs|tupras|froto|",
    "ford|sahol|sabanci|ykbnk|xu100|usdtry|eurtry|gramaltin|btcusd|btc|bitcoin*|eth|ethereum|coin*|kripto*|hisse*|",
    "altin*|gram|ceyrek*|dolar*|euro*|avro*|doviz*|fon|fona|fonu|fonlar*|tahvil*|eurobond*|borsa*|endeks*|viop|",
    "bankalar*|bunu|bundan|sunu|sundan|onu|hepsini",
));
pub(crate) static NOT_TICKER: Words =
    Words::new("tcmb|bist|tuik|bddk|fomo|capm|opec|tlref|tufe|kobi|kesin|hemen|simdi");
/// One person told to trade: "al", "gir"; with no object needed: "alsana".
pub(crate) static ONE_CALL: Words =
    Words::new("al|sat|gir|cik|topla|yukle|yuklen|ekle|yatir|koy|cevir|boz|bozdur|bas|bin|gec|ayir|aktar");
pub(crate) static ONE_CALL_STRONG: Words = Words::new(concat!(
    "alsana|satsana|girsene|toplasana|yatirsana|koysana|almalisin*|satmalisin*|girmelisin*|toplamalisin*|",
    "yatirmalisin*|cikmalisin*|alabilirsin|satabilirsin|girebilirsin|toplayabilirsin|yatirabilirsin|ekleyebilirsin",
));
pub(crate) static YOU: Words = Words::new("sen|sende|bence|hemen|simdi|bugun|senin|sana");
/// "Almalısın"-style advice, "kredi çek", "senin yerinde olsam … alırdım",
/// "yatırım yapmayı deneyin".
pub(crate) static ADVICE: Phrases = Phrases::new(concat!(
    "alman|satman|girmen|yatirman|cikman|toplaman|cevirmen|bozdurman lazim|gerek*|sart|iyi; kredi cek; borc al; ",
    "yatirim yapin|yapiniz|yapsana|yapmalisin*|yapabilirsin*; ",
    "yatirim yapmayi|yapmaya deneyin|deneyiniz|dene|deneyebilirsin*|denemelisin*|dusunun|dusunebilirsin*|",
    "dusunmelisin*|baslayin|baslayabilirsin*|baslamalisin*; ",
    "borclan; yerinde olsam|olsaydim ~ ~ alirdim|satardim|girerdim|toplardim|yatirirdim|cevirirdim|bozdururdum",
));
pub(crate) static YOUR_MONEY: Phrases = Phrases::new(concat!(
    "paranin yarisi*|tamami*|hepsi*; tum|butun paran*|birikim*; ",
    "birikimin*|birikimlerin*|maasin*|ikramiyen*|paran|parani|paranla|evini|arabani",
));
/// Officials who "told" something, unless on the record.
pub(crate) static OFFICIAL: Phrases =
    Phrases::new("patron*|mudur*|yonetici*|ceo|cfo|yonetim ~ ~ soyle*|dedi|fisilda*|sizdir*");
pub(crate) static PUBLIC: Words = Words::new("roportaj*|basin*|kap|aciklama*|yatirimci*|televizyon*|tv|konferans*");
/// Insider claims: "içeriden duydum", "şirketten bir tanıdık söyledi", rumours, secrecy.
pub(crate) static RUMOUR: Phrases = Phrases::new(concat!(
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
pub(crate) static NOT_YET: Phrases = Phrases::new("henuz|daha aciklanmadi|duyurulmadi|aciklanmamis");
/// A corporate action announced ahead: "yarın bedelsiz açıklanacak".
pub(crate) static CORP: Words =
    Words::new("bedelsiz*|bedelli*|birlesme*|devralma*|ihale*|sozlesme*|anlasma*|ortaklik*|satiliyor|satilacak");
pub(crate) static SOON: Words =
    Words::new("yarin|haftaya|pazartesi|sali|carsamba|persembe|cuma|aksam|sabah|yakinda|birazdan|haftaici");
pub(crate) static WILL: Words = Words::new(concat!(
    "sonuclanacak|onaylanacak|kesinlesecek|netlesecek|aciklanacak*|aciklaniyor|duyurulacak*|duyuruluyor|geliyor|",
    "gelecek*|imzalanacak|imzalaniyor|verilecek|cikiyor|cikacak|basliyor|baslayacak|dusecek|yapilacak|olacak",
));
pub(crate) static UNCONFIRMED: Words = Words::new("olabilir|bekleniyor|beklenti*|iddia*|soylenti*|spekulasyon*|mi|mu");
/// Doubt about the whole message ("inanmadım", "dolandırıcılık", "güldüm").
pub(crate) static DOUBT: Words = Words::new(concat!(
    "inanma*|inanmam|inanmadim|inanmiyorum|kanma*|dolandiric*|tuzak*|masal*|suc|sucu|guldum|gulduk|gulerim|guluyorum|",
    "gulunc*|komik*|sacma*|yasak*|yasadisi|ceza*|suphe*",
));
/// "Garanti BBVA", "Garanti bankası", "Garanti ile Akbank", "Kredi Garanti Fonu".
pub(crate) static BANK: Phrases = Phrases::new(concat!(
    "garanti bbva*|bankasi*|bank|hisse*|yatirim|emeklilik|bonus|kart*|sube*|mobil|bilanco*|genel; ",
    "garanti ile|ve akbank|isbank|halkbank|vakifbank|ziraat|yapi|ykb|qnb|denizbank|akbnk|ykbnk; ",
    "akbank|isbank|halkbank|vakifbank|ziraat|yapi|ykb|qnb|denizbank|akbnk|ykbnk ile|ve garanti; kredi garanti",
));
