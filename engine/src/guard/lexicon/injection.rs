//! Word lists of the prompt-injection detector ([`crate::guard::injection`])
//! and of the output leak check ([`crate::guard::leak`]).

use crate::text::{Phrases, Words};

/// "Ignore your instructions": a verb of setting aside near the rules.
pub(crate) static OVERRIDE: Phrases = Phrases::new(concat!(
    "ignore|disregard|forget|override|bypass|skip|drop ~ ~ instructions|instruction|rules|prompt|guidelines|",
    "directives|programming|restrictions|guardrails|filters|training; ",
    "talimat*|kural*|yonerge*|komut*|prompt*|sinirlama*|kisitlama*|filtre* ~ ~ unut|unutun|unutsana|unutup|",
    "unutarak|unuttun|say|sayin|sayarak|sayip|sayacaksin|yoksay*|gormezden|bosver*|cigne*|gecersiz|",
    "kaldir|kaldirin|devre|takma|uymayacaksin|birak|birakin; ",
    "onceki|yukaridaki|eski|tum|butun|mevcut|verilen talimat*|kural*|komut*|yonerge*|prompt* ~ ~ ~ unut|unutun|",
    "unutup|gormezden|bosver*|gecersiz*|iptal*; new instructions; ",
    "yeni talimatin*|talimatlarin*|gorevin*|komutun*|kurallarin* ~ ~ ~ bunlar|sunlar|soyle|su|sunu|asagida*",
));
/// "Print your system prompt / your rules / the text above".
pub(crate) static REVEAL: Phrases = Phrases::new(concat!(
    "system prompt*|message|instructions; sistem prompt*|promptu*|promptun*|istem*; ",
    "your|ur initial|original|hidden|secret|full instructions|prompt|rules|guidelines|configuration|config; ",
    "your|ur instructions|prompt|rules|guidelines|configuration|config|persona|personas|token|key|password; ",
    "print|show|reveal|repeat|output|display|dump|leak|share|paste|tell|give|write|list|what ~ ~ ~ prompt|",
    "instructions|configuration|config|personas|persona|credentials|secrets; ",
    "repeat|print|output|copy the|everything ~ text|words|above; what were you told; ",
    "promptunu|promptunuzu|promptun|promptu|promptlarini|promptlarinizi|istemini|istemin ~ ~ ~ ",
    "yaz|yazar|yazsana|goster|gosterir|paylas|paylasir|soyle|soyler|ver|verir|dok|kopyala|yapistir|tekrarla|",
    "listele|anlat|acikla|ilet|gonder|oku|neydi|nedir|ne; ",
    "gizli|ilk|asil|orijinal talimat*|prompt*|komut*|ayar*|kural*; ",
    "yukaridaki|onceki|ustteki|ilk metni|yazilanlari|talimati|talimatlari|komutu ~ ~ tekrarla|yaz|kopyala|",
    "goster|paylas; ilk mesaji|mesajini ~ ~ tekrarla|yaz|kopyala|goster|paylas; ",
    "sana verilen|yazilan|yuklenen talimat*|komut*|kural*|prompt*|gorev*; ",
    "seni nasil programladi*|programladilar|ayarladi*|kurdular",
));
/// Like [`REVEAL`] and [`SECRET`], but "talimat" is also a broker order and
/// "token" a coin: these count only without [`TRADE`] words around.
pub(crate) static AMBIGUOUS: Phrases = Phrases::new(concat!(
    "talimatlarini|talimatlarinizi|talimatlarin|talimatini|yonergelerini|yonergelerin|kurallarini|kurallarinizi ~ ~ ~ ",
    "yaz|yazar|yazsana|goster|gosterir|paylas|paylasir|soyle|soyler|dok|kopyala|yapistir|tekrarla|listele|neydi; ",
    "token ini|inizi; tokenini|tokeninizi",
));
/// Tokens, keys, passwords and environment: always a secret.
pub(crate) static SECRET: Phrases = Phrases::new(concat!(
    "bot|api|access|secret|telegram|openai|erisim token*|key|keys|anahtar*|sifre*; ",
    "apikey|apikeyini|bearer; ",
    "your|ur token|tokens|password|passwords|credentials|secret|secrets|keys; ",
    "sifreni|sifrenizi|parolani|parolanizi; ",
    "environment|ortam variables|degisken*; env file|dosya*|degisken*; gizli anahtar*|ayar*|degisken*",
));
/// Other bots, their personas and settings.
pub(crate) static PERSONAS: Phrases = Phrases::new(concat!(
    "diger|obur|oteki|oburku|tum|butun|buradaki botlar*|botlarin*|personalar*|karakterler* ~ ~ persona*|",
    "kisilik*|talimat*|prompt*|ayar*|tanim*|karakter*|rol*|bio*; ",
    "other|all bots|personas|characters ~ ~ persona*|prompt*|instructions|config*|rules|definitions|settings|",
    "character*|descriptions|profiles; ",
    "persona|personan|personani|personanin|personalari*|personanizi ~ ~ yaz|goster|paylas|soyle|ver|anlat|",
    "acikla|listele|dok|nedir|ne; kisilik|karakter tanim*; character sheet; persona definition|description; ",
    "print|show|list|reveal|dump|give|tell ~ ~ ~ personas|persona|characters",
));
/// Role play and jailbreaks: "you are now DAN", "geliştirici modu".
pub(crate) static ROLE_PLAY: Phrases = Phrases::new(concat!(
    "jailbreak*|unrestricted|unfiltered|uncensored|sudo; do anything now; dan mode; ",
    "developer|dev|god|admin|debug|maintenance mode; no|without restrictions|filters|limits|guardrails; ",
    "pretend ~ you|youre|to|that; act as; roleplay; role play; you are now; from now on; simulate being; ",
    "gelistirici|admin|yonetici|hata|bakim|tanri|dan modu|moduna|modunda|moda; ",
    "kisitlamasiz|sinirsiz|kuralsiz|filtresiz|sansursuz ~ ~ mod*|yapay|ai|bot|cevap*|konus*|yaz*|sen; ",
    "kurallari|kisitlamasi|siniri|filtresi olmayan|yok; rol yap*|oyna*|oyunu|yapalim; ",
    "rolune|roluna|rolunde gir*|burun; gibi davran|davranin|davransana|konus|konusun; ",
    "olarak davran|davranin|konus|konusun; olarak cevap ver; ",
    "bundan sonra|artik sen ~ ~ ~ sin|sun|olacaksin|degilsin|davran*; ",
    "ben senin ~ gelistiricin*|yaraticin*|sahibin*|programcin*|yoneticin*|adminin*; ",
    "i am|im your developer|creator|admin|owner|programmer; ",
    "yonetici|admin|gelistirici|developer olarak ~ emrediyorum|soyluyorum|istiyorum|yetkilendiriyorum",
));
/// Near "talimat" or "token", the words of trading: orders and coins.
pub(crate) static TRADE: Words = Words::new(concat!(
    "alis|alim|satis|satim|emir*|stop|limit*|araci*|banka*|bankaya|hesab*|havale|eft|odeme*|otomatik|borsa*|",
    "coin*|kripto*|airdrop|cuzdan*|nereden|aldim|alayim|almali|alinir|fiyat*|spk|halka|arz",
));

/// Words in a draft that talk about a bot's own machinery.
pub(crate) static MACHINERY: Phrases = Phrases::new(concat!(
    "system prompt*; sistem prompt*|mesaj*|talimat*; prompt|promptum|promptumu|promptumda|prompta|promptun|",
    "promptu|promptunu; talimatlarim*|yonergelerim*; bana verilen talimat*|kural*|gorev*; my instructions|prompt; ",
    "persona|personam|personamin|personasi|personalari*|personasini; kisilik|karakter tanim*; ",
    "api|bot|erisim|gizli token*|key|anahtar*; bearer; ortam degisken*; environment variable*; ",
    "never do; per hour; min gap*; typing cps; talkativeness; watchlist; active hours; tarzina ornekler; uslubun",
));
