//! The disclaimer policy: which bot messages end with the operator's
//! disclaimer ("yatırım tavsiyesi değildir"). Applied once a draft is final,
//! after the guards, so that it never changes what the guards saw.

use crate::text::fold;
use serde::{Deserialize, Serialize};

/// The disclaimer shipped by default (config `compliance.disclaimer_text`).
pub const DEFAULT_DISCLAIMER: &str = "yatırım tavsiyesi değildir";

/// Which messages carry the disclaimer (config `compliance.disclaimer`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisclaimerPolicy {
    /// Never.
    Off,
    /// Replies to real people.
    #[default]
    RepliesToHumans,
    /// Every message that names a ticker.
    TickerMentions,
}

/// `text` with the disclaimer appended when `policy` asks for it and the
/// text does not already say it.
pub fn apply(text: &str, policy: DisclaimerPolicy, disclaimer: &str, to_human: bool) -> String {
    let wanted = match policy {
        DisclaimerPolicy::Off => false,
        DisclaimerPolicy::RepliesToHumans => to_human,
        DisclaimerPolicy::TickerMentions => !super::stance::tickers_in(text).is_empty(),
    };
    let disclaimer = disclaimer.trim();
    if !wanted || disclaimer.is_empty() || fold(text).contains(&fold(disclaimer)) {
        return text.to_string();
    }
    format!("{} ({disclaimer})", text.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_to_people_carry_the_disclaimer_by_default() {
        let p = DisclaimerPolicy::default();
        assert_eq!(apply("THYAO sakin.", p, DEFAULT_DISCLAIMER, true), "THYAO sakin. (yatırım tavsiyesi değildir)");
        assert_eq!(apply("THYAO sakin.", p, DEFAULT_DISCLAIMER, false), "THYAO sakin.");
    }

    #[test]
    fn ticker_mentions_policy_looks_at_the_text_not_the_audience() {
        let p = DisclaimerPolicy::TickerMentions;
        assert_eq!(apply("Dolar yatay", p, "YTD", false), "Dolar yatay (YTD)");
        assert_eq!(apply("Sakin bir gün", p, "YTD", true), "Sakin bir gün");
    }

    #[test]
    fn off_adds_nothing_and_nothing_is_said_twice() {
        assert_eq!(apply("Dolar yatay", DisclaimerPolicy::Off, DEFAULT_DISCLAIMER, true), "Dolar yatay");
        let said = "Bu yatırım tavsiyesi değildir ama dolar yatay";
        assert_eq!(apply(said, DisclaimerPolicy::RepliesToHumans, DEFAULT_DISCLAIMER, true), said);
    }

    #[test]
    fn policies_read_as_snake_case() {
        let p: DisclaimerPolicy = serde_json::from_str("\"ticker_mentions\"").unwrap();
        assert_eq!(p, DisclaimerPolicy::TickerMentions);
        assert!(serde_json::from_str::<DisclaimerPolicy>("\"always\"").is_err());
    }
}
