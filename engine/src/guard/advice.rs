//! "Hepsini THY'ye mi yatırayım, kesin kazandırır mı?" — a person asking for
//! personal investment advice or a guarantee, detected by rules. A bot that
//! answers declines in character and names the risk; no bot cheers the
//! person on (see [`crate::intent::Advice`]).
//!
//! The line: asking the room which way a price goes ("sizce dolar yükselir
//! mi?") is a view question and is allowed. Asking what *I* should do with
//! *my* money ("THY alayım mı?", "param var nereye yatırayım?"), whether to
//! put everything in one thing, or for a guarantee ("kesin kazandırır mı?",
//! "batma riski yok değil mi?") is a request.

use super::compliance::{bank_names, check_reply};
use super::lexicon::advice::*;
use super::lexicon::compliance::INSTITUTION;
use crate::text::{Phrases, clauses, fold, mark_proper_noun};
use serde::{Deserialize, Serialize};

/// What a person asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdviceKind {
    /// "Ne alayım?", "THY satayım mı?", "param var nereye yatırayım?"
    Personal,
    /// "Hepsini THY'ye mi yatırayım?", "tüm birikimimi altına koysam?"
    Concentration,
    /// "Kesin kazandırır mı?", "garanti mi?", "batma riski yok değil mi?"
    Guarantee,
}

impl AdviceKind {
    /// Stable snake_case code (logs, metrics).
    pub fn code(self) -> &'static str {
        match self {
            AdviceKind::Personal => "personal",
            AdviceKind::Concentration => "concentration",
            AdviceKind::Guarantee => "guarantee",
        }
    }
}

/// Whether a person's message asks for personal advice or a guarantee, and
/// which kind. Everything-in-one-thing wins over a guarantee, a guarantee
/// over plain advice: the reply names the biggest risk asked about.
pub fn is_advice_request(text: &str) -> Option<AdviceKind> {
    let marked = mark_proper_noun(text, "garanti", "GARAN");
    let folded = bank_names(&fold(&marked));
    let ws = unfuse(&folded);
    let asks = text.contains('?');
    let errand = ERRANDS.any(&ws);
    let english = clauses(text)
        .iter()
        .map(|c| english(&c.split(' ').collect::<Vec<_>>(), asks))
        .fold((false, false, false), |(a, b, c), (x, y, z)| (a || x, b || y, c || z));
    let personal = (!errand && personal(&ws, asks)) || english.0;
    let guarantee = (!errand && guarantee(&ws, asks)) || english.1;
    let all_in = found(&ALL_IN, &ws) || english.2;
    match (personal || guarantee, all_in, guarantee) {
        (false, ..) => None,
        (true, true, _) => Some(AdviceKind::Concentration),
        (true, false, true) => Some(AdviceKind::Guarantee),
        (true, false, false) => Some(AdviceKind::Personal),
    }
}

/// Whether a draft cheers on a person who asked for advice or a guarantee:
/// hype words or emoji ("uçar 🚀", "kaçırma", "fırsat", "hemen gir"), or
/// anything the compliance guard blocks in a reply to a person (guarantees,
/// calls to trade, personal advice). Denials pass: "garanti yok", "kesin bir
/// şey söyleyemem", "sana al demem".
pub fn cheers_on(draft: &str) -> bool {
    if HYPE_EMOJI.iter().any(|e| draft.contains(e)) || !check_reply(draft, true).is_allowed() {
        return true;
    }
    let folded = fold(&mark_proper_noun(draft, "garanti", "GARAN"));
    let folded = bank_names(&folded);
    let ws: Vec<&str> = folded.split(' ').collect();
    (0..ws.len()).any(|i| {
        let before = &ws[i.saturating_sub(2)..i];
        let after = &ws[(i + 1).min(ws.len())..(i + 4).min(ws.len())];
        HYPE.has(ws[i]) && !DENIED.any(after) && !before.iter().any(|w| matches!(*w, "hicbir" | "hic" | "kimse" | "ne"))
    })
}

/// Whether a request was written in English: [`super::honesty::looks_english`],
/// or an English request rule matched and nothing is Turkish ("Should I buy THY?").
pub fn in_english(text: &str) -> bool {
    let asks = text.contains('?');
    let matched = clauses(text).iter().any(|c| {
        let (a, b, _) = english(&c.split(' ').collect::<Vec<_>>(), asks);
        a || b
    });
    let turkish = text.chars().any(|c| "çğıöşüÇĞİÖŞÜ".contains(c)) || personal(&unfuse(&fold(text)), asks);
    super::honesty::looks_english(text) || (matched && !turkish)
}

fn found(p: &Phrases, ws: &[&str]) -> bool {
    p.find(ws).is_some()
}

/// A first-person money verb: "alayım", "satsam", "almalıyım".
fn self_verb(w: &str) -> bool {
    SELF_ROOTS.iter().any(|r| {
        w.strip_prefix(r).is_some_and(|end| {
            SELF_ENDINGS.contains(&end)
                // "ne yapalım" is resignation; "ne yapmalı" asks about others.
                && !(*r == "yap" && matches!(end, "alim" | "mali"))
        })
    })
}

fn personal(ws: &[&str], asks: bool) -> bool {
    let verb_asked = (0..ws.len()).any(|i| {
        if !self_verb(ws[i]) {
            return false;
        }
        // "THY'ye mi yatırayım": the particle sits on the focus, before the verb.
        let focused = i > 0 && PARTICLE.has(ws[i - 1]);
        let q = (i + 1..(i + 4).min(ws.len())).find(|&j| Q.has(ws[j]));
        let narrated = |j: usize| ws.get(j + 1).is_some_and(|w| NARRATED.has(w));
        let what = WHAT.any(&ws[i.saturating_sub(3)..i]);
        match q {
            Some(j) => !narrated(j),
            None => what || ((asks || focused) && !narrated(i)),
        }
    });
    verb_asked || found(&CALL_Q, ws) || found(&RECOMMEND, ws) || found(&WISE_Q, ws)
}

fn guarantee(ws: &[&str], asks: bool) -> bool {
    let guaranteed = !INSTITUTION.any(ws)
        && (0..ws.len())
            .any(|i| GUARANTEE.has(ws[i]) && ws[i + 1..(i + 3).min(ws.len())].iter().any(|w| PARTICLE.has(w)));
    let certain = asks_certain(ws, asks);
    guaranteed || certain || found(&NO_LOSS, ws) || found(&HOW_MUCH, ws)
}

/// "Kesin kazandırır mı?", "%100 yükselir mi?": certainty and a gain to
/// come, asked.
fn asks_certain(ws: &[&str], asks: bool) -> bool {
    (0..ws.len()).any(|i| {
        CERTAIN.at(ws, i).is_some_and(|n| {
            let after = &ws[(i + n).min(ws.len())..(i + n + 4).min(ws.len())];
            after.iter().any(|w| GAIN_AHEAD.has(w))
                && (asks || after.iter().any(|w| PARTICLE.has(w)))
                && !NARRATED.any(after)
        })
    })
}

/// English requests, clause by clause: (personal, guarantee, everything-in).
fn english(ws: &[&str], asks: bool) -> (bool, bool, bool) {
    let personal = found(&EN_SHOULD, ws) || found(&EN_WHAT, ws) || (asks && found(&EN_CALL, ws));
    let guarantee =
        asks && EN_GUARANTEE.find(ws).is_some_and(|(i, n)| ws.get(i + n).is_none_or(|w| !matches!(*w, "that" | "the")));
    (personal, guarantee, found(&EN_ALL_IN, ws))
}

/// Joins "di mi" into "dimi"; splits a fused question particle off a money
/// verb or a guarantee:
/// "alayimmi" → "alayim mi", "almalimiyim" → "almali miyim", "garantimi" →
/// "garanti mi".
fn unfuse(folded: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for w in folded.split(' ').filter(|w| !w.is_empty()) {
        // "batmaz di mi": the spoken "değil mi", written apart.
        if w == "mi" && out.last() == Some(&"di") {
            out.pop();
            out.push("dimi");
            continue;
        }
        let split = ["miyim", "muyum", "mi", "mu"].iter().find_map(|q| {
            let stem = w.strip_suffix(q)?;
            (self_verb(stem) || FUSED_STEMS.contains(&stem)).then(|| w.split_at(stem.len()))
        });
        match split {
            Some((stem, q)) => out.extend([stem, q]),
            None => out.push(w),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_kinds_are_told_apart() {
        assert_eq!(is_advice_request("THY alayım mı?"), Some(AdviceKind::Personal));
        assert_eq!(is_advice_request("Hepsini THY'ye mi yatırayım?"), Some(AdviceKind::Concentration));
        assert_eq!(is_advice_request("Kesin kazandırır mı?"), Some(AdviceKind::Guarantee));
        assert_eq!(
            is_advice_request("hepsini THY'ye mi yatırayım, kesin kazandırır mı?"),
            Some(AdviceKind::Concentration)
        );
    }

    #[test]
    fn spelling_case_and_fused_particles_do_not_hide_a_request() {
        for t in ["thy alayimmi", "ASELS ALMALI MIYIM", "Bütün paramı ASELS'e basayım mı", "garantimi bu"] {
            assert!(is_advice_request(t).is_some(), "{t}");
        }
    }

    #[test]
    fn asking_the_rooms_view_on_direction_is_not_a_request() {
        for t in ["Sizce dolar yükselir mi?", "THY neden düştü bugün?", "Kesin bilgi mi bu haber?", "Altın aldım dün"]
        {
            assert_eq!(is_advice_request(t), None, "{t}");
        }
    }

    #[test]
    fn hype_near_a_request_is_caught_and_a_plain_decline_is_not() {
        for t in [
            "THY artıda gidiyor 🚀",
            "Bence kaçırma, THY uçar",
            "Hemen gir, fırsat bu",
            "Kesin yükselir, gönlün rahat olsun",
            "Al abi al, pişman olmazsın",
        ] {
            assert!(cheers_on(t), "{t}");
        }
        for t in [
            "Sana kişisel tavsiye veremem; garanti yok, her şeyi tek hisseye koymak riskli.",
            "Kesin bir şey söyleyemem, kimse bilemez. Vaden ne kadar?",
            "THY bugün %1,2 artıda, hacim normal.",
            "Garanti BBVA bugün sakin.",
        ] {
            assert!(!cheers_on(t), "{t}");
        }
    }

    #[test]
    fn english_requests_are_detected() {
        assert_eq!(is_advice_request("Should I buy THY?"), Some(AdviceKind::Personal));
        assert_eq!(is_advice_request("Should I put all my savings into THY?"), Some(AdviceKind::Concentration));
        assert_eq!(is_advice_request("Is it guaranteed?"), Some(AdviceKind::Guarantee));
        assert_eq!(is_advice_request("Nothing is guaranteed in markets."), None);
        assert!(in_english("Should I buy THY?") && !in_english("THY alayım mı?"));
    }
}
