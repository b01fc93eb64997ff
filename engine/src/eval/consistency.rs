//! Stance consistency: does a bot keep its direction on a ticker? Each bot
//! message's pushes are read by the stance guard's rules
//! ([`crate::guard::stance::classify`]: bullish or bearish words, questions
//! and reported moves left out). For each (bot, ticker) the direction of
//! most of its pushes is its majority; a bot's consistency is the share of
//! its pushes that agree with their ticker's majority (a tie counts half).
//! Simple on purpose: a bot that changes its mind after news looks less
//! consistent, which is what a reader notices too.

use crate::guard::stance::classify;
use crate::persona::Direction;
use crate::stats::Record;
use serde::Serialize;
use std::collections::BTreeMap;

/// One bot's consistency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BotStance {
    pub bot: String,
    /// Pushes (message, ticker) with a direction.
    pub pushes: usize,
    /// Pushes agreeing with the majority of the bot's pushes on that ticker.
    pub consistent: usize,
    pub share: f64,
}

/// Consistency of every bot and over all of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StanceStats {
    /// Consistent pushes over all pushes; none without pushes.
    pub consistency: Option<f64>,
    pub pushes: usize,
    pub per_bot: Vec<BotStance>,
}

pub(crate) fn stance(records: &[Record]) -> StanceStats {
    // (bot, ticker) → (bullish, bearish) pushes.
    let mut tally: BTreeMap<(&str, String), (usize, usize)> = BTreeMap::new();
    for r in records.iter().filter(|r| !r.is_human()) {
        for p in classify(&r.text, None) {
            let e = tally.entry((r.author.as_str(), p.symbol)).or_default();
            match p.direction {
                Direction::Bullish => e.0 += 1,
                Direction::Bearish => e.1 += 1,
                Direction::Neutral => {}
            }
        }
    }
    let mut per: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for ((bot, _), (up, down)) in tally {
        let e = per.entry(bot).or_default();
        e.0 += up + down;
        // A tie: half of the pushes agree, whichever way one counts.
        e.1 += up.max(down);
    }
    let per_bot: Vec<BotStance> = per
        .into_iter()
        .map(|(bot, (pushes, consistent))| BotStance {
            bot: bot.to_string(),
            pushes,
            consistent,
            share: super::share(consistent, pushes),
        })
        .collect();
    let pushes: usize = per_bot.iter().map(|b| b.pushes).sum();
    let consistent: usize = per_bot.iter().map(|b| b.consistent).sum();
    StanceStats { consistency: (pushes > 0).then(|| super::share(consistent, pushes)), pushes, per_bot }
}

#[cfg(test)]
mod tests {
    use super::super::tests::rec;
    use super::*;

    #[test]
    fn a_bot_that_turns_once_in_four_is_three_quarters_consistent() {
        let records = vec![
            rec("a", 1, 0, "okan_1", None, "THYAO bence yükselir."),
            rec("a", 2, 10, "okan_1", None, "THYAO yarın da yükselir."),
            rec("a", 3, 20, "okan_1", None, "THYAO haftaya yükselir."),
            rec("a", 4, 30, "okan_1", None, "THYAO bence düşer."),
            rec("a", 5, 40, "ece_2", None, "Piyasa sakin."),
            rec("a", 6, 50, "web:Deniz", None, "THYAO düşer mi?"),
        ];
        let s = stance(&records);
        assert_eq!(s.per_bot.len(), 1, "no pushes, no entry: {:?}", s.per_bot);
        assert_eq!((s.per_bot[0].pushes, s.per_bot[0].consistent), (4, 3));
        assert_eq!(s.consistency, Some(0.75));
        assert_eq!(stance(&records[4..]).consistency, None);
    }
}
