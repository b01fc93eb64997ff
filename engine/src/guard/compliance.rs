//! The rule-based compliance guard, run on every draft before it is sent.
//! Rules match folded text (see [`crate::text`]) by stems, so Turkish
//! suffixes, spacing and diacritics do not get a phrase through.

use super::lexicon::compliance::*;
use crate::text::{capitalised_words, clauses, mark_proper_noun, word_is};

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
pub(crate) fn bank_names(folded: &str) -> String {
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
        // Seen on the embedded model, 2026-12-06, answering a person.
        for t in ["Yeniden yatırım yapmayı deneyin!", "Bu ay yatırım yapmaya başlayabilirsin.", "Hemen yatırım yapın."]
        {
            assert_eq!(check_reply(t, true), Verdict::Blocked(Violation::PersonalAdvice), "{t}");
        }
        for t in ["Ben yatırım yapmayı düşünüyorum ama acele yok.", "Yatırım yapmaya başladığımda çok korkmuştum."]
        {
            assert!(check_reply(t, true).is_allowed(), "{t}");
        }
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
