//! What is kept of a persona's beliefs across a restart: each view by
//! ticker and why it moved last, with when. Read back over the persona as
//! it is now: each view within its reach of the current stance, then it
//! drifts on from when it was saved (the time the process was down
//! included). The outlook and the PnL are not kept: they come from the
//! persona file and the books.

use super::{Beliefs, Why};
use crate::ids::Millis;
use crate::persona::Persona;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The saved form (JSON in the store).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Saved {
    /// When they were saved (ms).
    pub at_ms: i64,
    pub values: BTreeMap<String, f64>,
    #[serde(default)]
    pub why: BTreeMap<String, Why>,
}

impl Beliefs {
    /// What to keep of these beliefs, as of `at`.
    pub fn saved(&self, at: Millis) -> Saved {
        Saved { at_ms: at.0, values: self.values.clone(), why: self.why.clone() }
    }

    /// Beliefs saved earlier, read back over the persona `p` (its stances
    /// may have been edited since); when they were saved. A value that is
    /// not a belief (a number from −1 to 1) is refused, naming the ticker,
    /// and nothing is read.
    pub fn restore(p: &Persona, saved: Saved) -> Result<(Beliefs, Millis), String> {
        let mut b = Beliefs::of(p);
        for (symbol, v) in &saved.values {
            if !v.is_finite() || v.abs() > 1.0 {
                return Err(format!("{symbol}: must be a number from -1 to 1, got {v}"));
            }
            let symbol = symbol.to_ascii_uppercase();
            let v = b.bounded(p, &symbol, *v);
            b.values.insert(symbol, v);
        }
        for (symbol, why) in saved.why {
            let symbol = symbol.to_ascii_uppercase();
            if b.values.contains_key(&symbol) {
                b.why.insert(symbol, why);
            }
        }
        Ok((b, Millis(saved.at_ms)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::Headline;

    #[test]
    fn beliefs_come_back_as_saved_and_go_on_drifting_from_then() {
        let p = crate::persona::tests::bundled("mehmet_bist");
        let mut b = Beliefs::of(&p);
        let h = Headline {
            symbol: "THYAO".into(),
            direction: -1,
            text: "THY'ye ağır soruşturma".into(),
            ..Headline::default()
        };
        b.on_headline(&p, &h);
        let json = serde_json::to_string(&b.saved(Millis(1_000))).unwrap();
        let (back, at) = Beliefs::restore(&p, serde_json::from_str(&json).unwrap()).unwrap();
        assert_eq!((back.all(), back.why("THYAO"), at), (b.all(), b.why("THYAO"), Millis(1_000)));
        assert!(back.changed(&p, "THYAO") == b.changed(&p, "THYAO"));
    }

    #[test]
    fn a_stored_value_that_is_not_a_belief_is_refused_and_one_out_of_reach_is_bounded() {
        let p = crate::persona::tests::bundled("mehmet_bist");
        let saved = |v: f64| Saved { at_ms: 0, values: [("GARAN".to_string(), v)].into(), why: BTreeMap::new() };
        let e = Beliefs::restore(&p, saved(f64::NAN)).unwrap_err();
        assert!(e.starts_with("GARAN: must be a number from -1 to 1"), "{e}");
        assert!(Beliefs::restore(&p, saved(1.5)).is_err());
        // A view stored beyond the persona's reach of its stance (a firm
        // bull on GARAN) comes back within it.
        let (b, _) = Beliefs::restore(&p, saved(-1.0)).unwrap();
        assert_eq!(b.get("GARAN"), b.bounded(&p, "GARAN", -1.0));
        assert!(b.get("GARAN") > -1.0, "{}", b.get("GARAN"));
    }
}
