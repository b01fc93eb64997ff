//! The templated decline to a person's advice or guarantee request, used
//! when every model draft was refused: it declines personal advice in the
//! persona's register (in its own words when its `never_do` has a rule
//! about advice: "kimseye coin önermem"), names the risk (no guarantee; everything in one
//! stock is concentration risk) and asks something back. It passes the
//! compliance guard and the hype check itself (tested below).

use crate::guard::advice::AdviceKind;
use crate::guard::lexicon::advice::HYPE_EMOJI;
use crate::persona::Persona;
use crate::text::{capitalise, fold};
use rand::Rng;

/// How a persona talks, read from its tone and style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Voice {
    /// "siz", measured: economists, bankers, the polite.
    Formal,
    /// An elder who calls people "kardeşim", "evlat".
    Elder,
    /// Short, lively, young.
    Lively,
    Plain,
}

fn voice(p: &Persona) -> (Voice, Option<String>) {
    let traits = fold(&format!("{} {}", p.tone, p.style));
    let has = |words: &[&str]| words.iter().any(|w| traits.split(' ').any(|t| t.starts_with(w)));
    if let Some(address) = address_of(&p.style) {
        return (Voice::Elder, Some(address));
    }
    let v = if has(&["resmi", "kurumsal", "akademik", "nazik", "kibar", "olculu", "analitik"]) {
        Voice::Formal
    } else if has(&["babacan", "tecrubeli", "nostaljik"]) {
        Voice::Elder
    } else if has(&["heyecanli", "enerjik", "cosku", "esprili", "genc", "abarti"]) {
        Voice::Lively
    } else {
        Voice::Plain
    };
    (v, None)
}

/// Whether a persona says "siz" to people (economists, bankers, the polite).
pub fn is_formal(p: &Persona) -> bool {
    voice(p).0 == Voice::Formal
}

/// The word a persona calls people by, from its style: "'evlat' diye hitap".
fn address_of(style: &str) -> Option<String> {
    let (before, _) = style.split_once("' diye hitap")?;
    let word = before.rsplit('\'').next()?.trim();
    (!word.is_empty() && word.chars().count() <= 12 && !word.contains(' ')).then(|| word.to_string())
}

/// The persona's own rule about advice, from its `never_do` ("kimseye
/// al-sat tavsiyesi vermem"), if it has a short one the compliance guard
/// lets through ("kimseye altın al diye ısrar etmem" names a trade).
fn own_rule(p: &Persona) -> Option<&str> {
    static ADVICE_RULE: crate::text::Words = crate::text::Words::new("tavsiye*|oner*");
    p.never_do.iter().map(|r| r.trim().trim_end_matches(['.', '!'])).find(|r| {
        r.chars().count() <= 60
            && fold(r).split(' ').any(|w| ADVICE_RULE.has(w))
            && crate::guard::compliance::check_reply(r, true).is_allowed()
    })
}

/// The decline, in Turkish or English.
pub fn decline(persona: &Persona, kind: AdviceKind, english: bool, rng: &mut impl Rng) -> String {
    let calm: Vec<&String> = persona.emoji.iter().filter(|e| !HYPE_EMOJI.contains(&e.as_str())).collect();
    let emoji = match calm.len() {
        0 => String::new(),
        n => format!(" {}", calm[rng.random_range(0..n)]),
    };
    if english {
        return format!("{} {}{emoji}", en_risk(kind), EN_ASK[rng.random_range(0..EN_ASK.len())]);
    }
    let (v, address) = voice(persona);
    let open = match (v, address) {
        (Voice::Elder, Some(a)) => format!("{}, ", capitalise(&a)),
        _ => String::new(),
    };
    let (refuse, ask) = match v {
        Voice::Formal => ("Size kişisel yatırım tavsiyesi veremem, durumunuzu bilmiyorum.", ASK_FORMAL),
        Voice::Elder => ("kimsenin kesesine akıl veremem, herkesin durumu başka.", ASK_PLAIN),
        Voice::Lively => ("Ya kişisel tavsiye veremem, kimsenin cebini bilmiyorum.", ASK_PLAIN),
        Voice::Plain => ("Sana kişisel yatırım tavsiyesi veremem, durumunu bilmiyorum.", ASK_PLAIN),
    };
    let refuse = match own_rule(persona) {
        Some(rule) => {
            let because = match v {
                Voice::Formal => "durumunuzu bilmiyorum.",
                Voice::Elder => "herkesin durumu başka.",
                Voice::Lively => "kimsenin cebini bilmiyorum.",
                Voice::Plain => "durumunu bilmiyorum.",
            };
            format!("{open}{rule}, {because}")
        }
        None if open.is_empty() => refuse.to_string(),
        None => format!("{open}{refuse}"),
    };
    let risk = tr_risk(kind, v == Voice::Formal);
    format!("{} {risk} {}{emoji}", capitalise(&refuse), ask[rng.random_range(0..ask.len())])
}

fn tr_risk(kind: AdviceKind, formal: bool) -> &'static str {
    match (kind, formal) {
        (AdviceKind::Concentration, false) => "Bütün parayı tek hisseye koymak büyük risk, borsada garanti de yok.",
        (AdviceKind::Concentration, true) => {
            "Birikimin tamamını tek hisseye bağlamak ciddi bir yoğunlaşma riski; piyasada garanti yok."
        }
        (_, false) => "Borsada garanti yok, her şeyi tek hisseye koymak da riskli.",
        (_, true) => "Piyasada garanti yok; her şeyi tek hisseye bağlamak da yoğunlaşma riski taşır.",
    }
}

fn en_risk(kind: AdviceKind) -> &'static str {
    match kind {
        AdviceKind::Concentration => {
            "I can't give personal investment advice. Putting everything into one stock is a big concentration risk, and there are no guarantees."
        }
        _ => {
            "I can't give personal investment advice. There are no guarantees in markets, and putting everything into one stock is risky."
        }
    }
}

const ASK_PLAIN: &[&str] = &[
    "Bu paraya ne zaman ihtiyacın olur, kaybı ne kadar kaldırabilirsin?",
    "Vaden ne kadar, düşüşte uykun kaçar mı?",
    "Sen bu işte ne kadar süre kalmayı düşünüyorsun?",
];
const ASK_FORMAL: &[&str] = &[
    "Vadeniz ve risk toleransınız nedir?",
    "Bu birikime ne zaman ihtiyaç duyacaksınız, kaybı ne kadar kaldırabilirsiniz?",
];
const EN_ASK: &[&str] =
    &["What's your time horizon, and how much could you afford to lose?", "When will you need this money back?"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::advice::cheers_on;
    use crate::guard::compliance::check_reply;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    const KINDS: [AdviceKind; 3] = [AdviceKind::Personal, AdviceKind::Concentration, AdviceKind::Guarantee];

    #[test]
    fn every_personas_decline_passes_the_guard_and_names_the_risk() {
        let yaml = include_str!("../../../data/community.yaml");
        let personas = crate::community::Community::from_yaml(yaml).unwrap().personas;
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for p in &personas {
            for kind in KINDS {
                for english in [false, true] {
                    for _ in 0..4 {
                        let d = decline(p, kind, english, &mut rng);
                        assert!(
                            check_reply(&d, true).is_allowed(),
                            "{}: {d} ({:?})",
                            p.username,
                            check_reply(&d, true)
                        );
                        assert!(!cheers_on(&d), "{}: {d}", p.username);
                        let f = fold(&d);
                        let risk = if english { ["guarantee", "one stock"] } else { ["garanti", "tek hisse"] };
                        assert!(risk.iter().all(|r| f.contains(r)), "{d}");
                        assert!(d.contains('?'), "asks something back: {d}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_voice_follows_the_persona() {
        let mut p = crate::persona::tests::persona("mehmet_test");
        p.style = "kısa cümleler, gençlere 'kardeşim' diye hitap".into();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert!(decline(&p, AdviceKind::Personal, false, &mut rng).starts_with("Kardeşim, "));
        p.style = "kurumsal dil".into();
        p.tone = "resmi".into();
        assert!(decline(&p, AdviceKind::Personal, false, &mut rng).starts_with("Size "));
        p.emoji = vec!["🚀".into()];
        assert!(!decline(&p, AdviceKind::Guarantee, false, &mut rng).contains('🚀'));
    }

    #[test]
    fn a_persona_with_its_own_rule_about_advice_declines_in_its_own_words() {
        let by = |name: &str| crate::persona::tests::bundled(name);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let d = decline(&by("kripto_emre"), AdviceKind::Personal, false, &mut rng);
        assert!(d.starts_with("Kimseye coin önermem, kimsenin cebini bilmiyorum."), "{d}");
        let d = decline(&by("mehmet_bist"), AdviceKind::Concentration, false, &mut rng);
        assert!(d.starts_with("Kardeşim, kimseye al-sat tavsiyesi vermem, herkesin durumu başka."), "{d}");
        // A rule that names a trade is not said: the voice's own sentence.
        let d = decline(&by("altinci_huseyin"), AdviceKind::Personal, false, &mut rng);
        assert!(d.starts_with("Evlat, kimsenin kesesine akıl veremem"), "{d}");
        // No such rule: the voice's own sentence.
        let d = decline(&by("selim_karsi"), AdviceKind::Personal, false, &mut rng);
        assert!(d.contains("tavsiye"), "{d}");
    }
}
