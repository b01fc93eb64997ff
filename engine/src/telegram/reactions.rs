//! Emoji reactions in Telegram groups: now and then a bot reacts to a
//! person's or another bot's message (`setMessageReaction`), the way people
//! in a group do, within limits. This module decides whether, which bot and
//! which emoji; the `telegram` crate sends it.
//!
//! - Never on a message that hypes, calls to trade, promises a return or
//!   asks for advice: a 👍 under "X uçar, hemen alın" would cheer it on.
//! - Never on the bot's own message; at most one bot per message.
//! - Each bot at most once per `gap_ms`, across its groups.
//! - The emoji comes from Telegram's allowed set, by what the message is: a
//!   question 🤔/👀, worry or a loss 🙏/🤝, a laugh 😁, thanks ❤/🤝,
//!   anything else 👍/👌/💯. Never 🔥 or 🚀.

use crate::guard::advice::{cheers_on, is_advice_request};
use crate::guard::compliance;
use crate::ids::Millis;
use crate::text::fold;
use std::collections::HashMap;

/// Whether to react, and how often (`telegram.reactions.*`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReactionRules {
    /// The chance that a message gets a reaction at all (0 turns them off).
    pub chance: f64,
    /// One reaction per bot per this long.
    pub gap_ms: i64,
}

impl Default for ReactionRules {
    fn default() -> Self {
        ReactionRules { chance: 0.15, gap_ms: 10 * Millis::MINUTE }
    }
}

/// What a message is, for the emoji.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Question,
    Worry,
    Laugh,
    Thanks,
    Plain,
}

const WORRY: &[&str] = &[
    "korktum",
    "korkuttu",
    "korkuyorum",
    "endiseliyim",
    "endise",
    "zarar",
    "zarardayim",
    "eridi",
    "battim",
    "kaybettim",
    "uzgunum",
    "panik",
    "tedirgin",
];
const LAUGH: &[&str] = &["haha", "hahaha", "ahah", "ahahah", "guldum", "komik", "sjsj"];
const THANKS: &[&str] = &["tesekkurler", "tesekkur", "sagol", "sagolun", "eyvallah", "sagolasin"];
const QUESTION: &[&str] = &["mi", "mu", "neden", "nasil", "ne", "niye", "hangi", "kac", "nedir", "misiniz", "musunuz"];

/// What `text` is, for the emoji.
pub fn tone(text: &str) -> Tone {
    let folded = fold(text);
    let words: Vec<&str> = folded.split(' ').collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    if has(WORRY) {
        Tone::Worry
    } else if has(LAUGH) || text.contains('😂') || text.contains('🤣') {
        Tone::Laugh
    } else if has(THANKS) {
        Tone::Thanks
    } else if text.contains('?') || has(QUESTION) {
        Tone::Question
    } else {
        Tone::Plain
    }
}

/// The emoji for a message of this tone (`pick` chooses among the fitting ones).
pub fn emoji(tone: Tone, pick: u64) -> &'static str {
    let set: &[&'static str] = match tone {
        Tone::Question => &["🤔", "👀"],
        Tone::Worry => &["🙏", "🤝"],
        Tone::Laugh => &["😁", "🤣"],
        Tone::Thanks => &["❤", "🤝"],
        Tone::Plain => &["👍", "👌", "💯"],
    };
    set[(pick % set.len() as u64) as usize]
}

/// Whether a message may get a reaction at all: nothing that hypes, calls
/// to trade, promises a return or asks for advice.
pub fn may_react_to(text: &str) -> bool {
    is_advice_request(text).is_none() && !cheers_on(text) && compliance::check(text).is_allowed()
}

/// The message's own dice: (`roll` in 0..1, `pick`), the same every time
/// for the same message (SplitMix64 of its id), so no state is needed.
pub fn dice(message_id: i64) -> (f64, u64) {
    let mut z = (message_id as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    ((z >> 11) as f64 / (1u64 << 53) as f64, z.rotate_left(17))
}

/// Who reacted when: the per-bot gap.
#[derive(Debug, Default)]
pub struct Reactor {
    rules: ReactionRules,
    last: HashMap<String, Millis>,
}

impl Reactor {
    pub fn new(rules: ReactionRules) -> Self {
        Reactor { rules, last: HashMap::new() }
    }

    /// Whether one of `bots` reacts to `author`'s `text` now, and with what.
    /// `roll` (0..1) decides whether, `pick` which bot and emoji. The chosen
    /// bot's gap starts now.
    pub fn decide(
        &mut self,
        now: Millis,
        author: &str,
        text: &str,
        bots: &[String],
        roll: f64,
        pick: u64,
    ) -> Option<(String, &'static str)> {
        if roll >= self.rules.chance || !may_react_to(text) {
            return None;
        }
        let gap = self.rules.gap_ms;
        let free: Vec<&String> = (bots.iter())
            .filter(|b| b.as_str() != author)
            .filter(|b| self.last.get(b.as_str()).is_none_or(|t| now.since(*t) >= gap))
            .collect();
        if free.is_empty() {
            return None;
        }
        let bot = free[(pick % free.len() as u64) as usize].clone();
        self.last.insert(bot.clone(), now);
        Some((bot, emoji(tone(text), pick / 7)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bots() -> Vec<String> {
        ["ayse", "mehmet", "can"].map(String::from).to_vec()
    }

    #[test]
    fn the_dice_spread_over_messages() {
        let rolls: Vec<f64> = (1..=1000).map(|id| dice(id).0).collect();
        assert!(rolls.iter().all(|r| (0.0..1.0).contains(r)));
        let under = rolls.iter().filter(|r| **r < 0.15).count();
        assert!((100..200).contains(&under), "about 15 % of 1000 messages: {under}");
        assert_eq!(dice(42), dice(42));
    }

    #[test]
    fn the_emoji_fits_what_was_said() {
        assert_eq!(tone("bu düşüş beni korkuttu açıkçası"), Tone::Worry);
        assert_eq!(tone("hahaha çok iyiydi"), Tone::Laugh);
        assert_eq!(tone("sağol abi, çok işime yaradı"), Tone::Thanks);
        assert_eq!(tone("faiz kararı ne zaman"), Tone::Question);
        assert_eq!(tone("altın bugün 3.200'ü gördü"), Tone::Plain);
        for t in [Tone::Question, Tone::Worry, Tone::Laugh, Tone::Thanks, Tone::Plain] {
            for pick in 0..6 {
                assert!(!["🔥", "🚀"].contains(&emoji(t, pick)));
            }
        }
    }

    #[test]
    fn hype_advice_and_calls_to_trade_get_no_reaction() {
        for text in [
            "THYAO uçacak 🚀 hemen alın",
            "tüm paramı GARAN'a yatırayım mı?",
            "kesin kazandırır, garanti %50 getiri",
            "bu hisse kaçmaz, şimdi gir",
        ] {
            let mut r = Reactor::new(ReactionRules { chance: 1.0, gap_ms: 0 });
            assert_eq!(r.decide(Millis(0), "Defne", text, &bots(), 0.0, 3), None, "{text}");
        }
        let mut r = Reactor::new(ReactionRules { chance: 1.0, gap_ms: 0 });
        assert!(r.decide(Millis(0), "Defne", "bankalar bugün toparladı", &bots(), 0.0, 3).is_some());
    }

    #[test]
    fn each_bot_waits_its_gap_and_never_reacts_to_itself() {
        let mut r = Reactor::new(ReactionRules { chance: 1.0, gap_ms: 60_000 });
        let mut who = Vec::new();
        for i in 0..5 {
            if let Some((bot, _)) = r.decide(Millis(i * 1000), "ayse", "piyasa sakin bugün", &bots(), 0.0, i as u64) {
                who.push(bot);
            }
        }
        assert_eq!(who.len(), 2, "ayse never reacts to herself; the other two once each: {who:?}");
        assert!(!who.contains(&"ayse".to_string()));
        let later = r.decide(Millis(61_000), "Defne", "piyasa sakin bugün", &bots(), 0.0, 0);
        assert!(later.is_some(), "after the gap a bot reacts again");
        let mut none = Reactor::new(ReactionRules { chance: 0.0, gap_ms: 0 });
        assert_eq!(none.decide(Millis(0), "Defne", "selam", &bots(), 0.0, 0), None, "chance 0 turns them off");
    }
}
