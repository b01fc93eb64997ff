//! The templated answer to a person's question on a common topic, used when
//! every model draft was refused: a newcomer asking where to start, a rate
//! decision, inflation, dividends, a company's results, crypto. A market
//! line is no answer to "ilk hisse için nelere bakmalıyım?" (seen on the
//! embedded model); this says something on the question's own topic, gives
//! no direction and no advice, and asks something back in the persona's
//! register. It passes the compliance guard itself (tested below).

use super::advice::is_formal;
use crate::market::Quote;
use crate::persona::Persona;
use crate::text::{Phrases, fold};
use rand::Rng;

/// What a person's question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// "Borsaya yeni başladım, nelere bakmalıyım?"
    Newcomer,
    /// "Faiz kararı yarın, piyasa nasıl tepki verir?"
    Rates,
    /// "Enflasyon yüksek gelirse dolar ne olur?"
    Inflation,
    /// "Temettü hisseleri mantıklı mı?"
    Dividend,
    /// "THY bilançosu nasıldı?"
    Results,
    /// "Bitcoin'deki düşüş sürer mi?"
    Crypto,
}

static NEWCOMER: Phrases = Phrases::new(concat!(
    "yeni ~ basla*|baslayan*|girdim|girecegim|acemi*; ilk hisse*|yatirim*|kez|defa; nereden|nasil basla*; ",
    "acemi*|caylak*|yeniyim; nelere|neye dikkat|bak*"
));
static RATES: Phrases = Phrases::new("faiz*; ppk; merkez bankasi*|bankasinin");
static INFLATION: Phrases = Phrases::new("enflasyon*; tufe; hayat pahaliligi");
static DIVIDEND: Phrases = Phrases::new("temettu*; kar payi*");
static RESULTS: Phrases = Phrases::new("bilanco*; finansal sonuc*|tablo*; ceyrek sonuc*");
static CRYPTO: Phrases = Phrases::new("bitcoin*; btc*; kripto*; ethereum*; eth; coin*");

/// The topic of a person's question, if it is one of these; the first that
/// matches in this order (a newcomer asking about dividends is a newcomer).
pub fn of(text: &str) -> Option<Topic> {
    let folded = fold(&crate::text::without_mentions(text));
    let ws: Vec<&str> = folded.split(' ').collect();
    let lists = [
        (Topic::Newcomer, &NEWCOMER),
        (Topic::Rates, &RATES),
        (Topic::Inflation, &INFLATION),
        (Topic::Dividend, &DIVIDEND),
        (Topic::Results, &RESULTS),
        (Topic::Crypto, &CRYPTO),
    ];
    lists.into_iter().find(|(_, p)| p.find(&ws).is_some()).map(|(t, _)| t)
}

/// The answer to `text` when its topic is one of [`Topic`]'s; `quote` names
/// the company whose results are asked about.
pub fn answer(persona: &Persona, text: &str, quote: Option<&Quote>, rng: &mut impl Rng) -> Option<String> {
    let topic = of(text)?;
    let says = statements(topic, quote);
    let said = says[rng.random_range(0..says.len())].clone();
    let asks = questions(topic, is_formal(persona));
    Some(format!("{said} {}", asks[rng.random_range(0..asks.len())]))
}

fn statements(topic: Topic, quote: Option<&Quote>) -> Vec<String> {
    let company = quote.map_or_else(|| "Bir şirketin".to_string(), |q| format!("{} tarafında", q.name));
    let s: &[&str] = match topic {
        Topic::Newcomer => &[
            "Ben başlarken önce tanıdığım şirketlere baktım: ne iş yapıyor, borcu ne durumda, kâr ediyor mu.",
            "İlk hissede bence en önemlisi şirketi anlamak; küçük tutarla başlayıp öğrenmek en rahatı.",
        ],
        Topic::Rates => &[
            "Faiz kararında piyasa kararın kendisinden çok beklentiyle farkına bakar; sürpriz olursa ilk tepkiyi bankalar ve kur verir.",
            "Faiz kararı beklentiye yakın gelirse tepki sınırlı kalır genelde; asıl metindeki yönlendirmeye bakarım.",
        ],
        Topic::Inflation => &[
            "Enflasyon beklentinin üstünde gelirse faiz beklentisi değişir, kur tarafı da hareketlenir; yine de tek veriyle yön çizmek zor.",
            "Enflasyon verisinde manşetten çok çekirdek rakama ve beklentiyle farka bakarım.",
        ],
        Topic::Dividend => &[
            "Temettü uzun vade için güzel ama tek başına yetmez; şirketin o dağıtımı sürdürüp sürdüremeyeceğine de bakmak lazım.",
            "Temettü veren şirketlerde ben dağıtım geçmişine ve borç durumuna bakarım; yüksek verim bazen fiyat düştüğü içindir.",
        ],
        Topic::Results => {
            return vec![
                format!("{company} bilançoda ben önce satışlara, net kâra ve borca bakarım; rakamların aslı KAP'ta."),
                "Bilançoda tek çeyreğe değil geçen yılın aynı dönemine göre değişime bakarım; açıklamanın aslı KAP'ta."
                    .to_string(),
            ];
        }
        Topic::Crypto => &[
            "Kriptoda oynaklık borsadan çok daha yüksek; orada ayırdığım payı küçük tutuyorum.",
            "Kripto tarafı haberle çok sert oynuyor; ben oraya kaybetmeyi göze alabileceğim kadarını ayırırım.",
        ],
    };
    s.iter().map(|t| t.to_string()).collect()
}

fn questions(topic: Topic, formal: bool) -> &'static [&'static str] {
    match (topic, formal) {
        (Topic::Newcomer, false) => &["Sen hangi sektörleri tanıyorsun?", "Ne kadar süre tutmayı düşünüyorsun?"],
        (Topic::Newcomer, true) => &["Siz hangi sektörleri tanıyorsunuz?", "Ne kadar süre tutmayı düşünüyorsunuz?"],
        (Topic::Rates | Topic::Inflation, false) => &["Sen beklentinin ne yönde olduğunu biliyor musun?"],
        (Topic::Rates | Topic::Inflation, true) => &["Siz beklentiyi ne yönde görüyorsunuz?"],
        (Topic::Dividend, false) => &["Sen hangi şirketlere bakıyorsun?"],
        (Topic::Dividend, true) => &["Siz hangi şirketlere bakıyorsunuz?"],
        (Topic::Results, false) => &["Sen hangi kalemi merak ediyorsun?"],
        (Topic::Results, true) => &["Siz hangi kalemi merak ediyorsunuz?"],
        (Topic::Crypto, false) => &["Sen ne zamandır takip ediyorsun?"],
        (Topic::Crypto, true) => &["Siz ne zamandır takip ediyorsunuz?"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persona::tests::persona;
    use rand::SeedableRng;

    #[test]
    fn common_questions_are_told_apart_and_others_have_no_topic() {
        for (text, topic) in [
            ("Borsaya yeni başladım, ilk hisse için nelere bakmalıyım?", Topic::Newcomer),
            ("Ben acemiyim, nereden başlamalı?", Topic::Newcomer),
            ("Faiz kararı yarın, sizce piyasa nasıl tepki verir?", Topic::Rates),
            ("Enflasyon verisi beklentinin üstünde gelirse dolar ne olur?", Topic::Inflation),
            ("Temettü veren hisseler uzun vadede mantıklı mı sizce?", Topic::Dividend),
            ("THY bilançosu nasıldı, okuyan var mı?", Topic::Results),
            ("Bitcoin'deki bu düşüş devam eder mi, ne dersiniz?", Topic::Crypto),
        ] {
            assert_eq!(of(text), Some(topic), "{text}");
        }
        // A bot's @name is no topic (seen 2026-12-07: "@temettu_zeynep bugün
        // piyasa hakkında ne düşünüyorsun?" got an answer on dividends).
        for text in [
            "Bugün bankalar neden bu kadar düştü?",
            "ASELSAN bu hafta çok hareketli, sebebi ne?",
            "selam",
            "@temettu_zeynep bugün piyasa hakkında ne düşünüyorsun?",
            "@kripto_emre selam, nasılsın?",
        ] {
            assert_eq!(of(text), None, "{text}");
        }
    }

    #[test]
    fn every_answer_passes_the_guard_gives_no_direction_and_asks_back() {
        let q = crate::market::MarketSim::new(1).snapshot().into_iter().next().unwrap();
        let texts = [
            "yeni başladım nelere bakmalıyım",
            "faiz kararı ne olur",
            "enflasyon yüksek gelirse",
            "temettü mantıklı mı",
            "bilanço nasıldı",
            "bitcoin düşer mi",
        ];
        let mut formal = persona("ali_test");
        formal.tone = "resmi ve ölçülü".into();
        for p in [persona("ali_test"), formal] {
            for text in texts {
                for seed in 0..8 {
                    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
                    let t = answer(&p, text, Some(&q), &mut rng).expect(text);
                    assert!(crate::guard::compliance::check_reply(&t, true).is_allowed(), "{t}");
                    let pushes = crate::guard::stance::classify(&t, Some(&q.symbol));
                    assert!(pushes.is_empty(), "no direction: {t} {pushes:?}");
                    assert!(t.ends_with('?'), "{t}");
                    assert!(crate::quality::defects(&t, &crate::quality::Context::default()).is_empty(), "{t}");
                }
            }
        }
    }
}
