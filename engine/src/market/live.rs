//! The live book: the last price each adapter reported per symbol. A live
//! room quotes only from here. The daily change is the adapter's own when it
//! reports one, else measured against the first price seen on the day.

use super::{Move, NOTABLE_STEP_PCT, Quote, SavedQuote, instrument, round_to};
use crate::ids::Millis;
use std::collections::BTreeMap;

/// One price as an adapter reported it.
#[derive(Debug, Clone, PartialEq)]
pub struct LivePrice {
    pub symbol: String,
    pub price: f64,
    /// The adapter's own daily change in percent, when it has one.
    pub change_pct: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
struct Entry {
    price: f64,
    reference: f64,
    change_pct: Option<f64>,
    source: String,
    at_ms: i64,
}

/// Last known live prices.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LiveBook {
    entries: BTreeMap<String, Entry>,
    /// The room's time zone: the reference resets at its midnight.
    utc_offset_minutes: i32,
}

/// Why an adapter's price was not taken.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refused {
    #[error("{symbol}: price {price} is not a positive number")]
    NotPositive { symbol: String, price: f64 },
    #[error("'{0}' is not a symbol (2 to 12 upper-case letters or digits)")]
    BadSymbol(String),
}

impl LiveBook {
    pub fn new(utc_offset_minutes: i32) -> Self {
        LiveBook { entries: BTreeMap::new(), utc_offset_minutes }
    }

    /// A book that goes on from saved prices (a restart).
    pub fn resume(utc_offset_minutes: i32, saved: &[SavedQuote]) -> Self {
        let mut b = LiveBook::new(utc_offset_minutes);
        for q in saved.iter().filter(|q| q.price.is_finite() && q.price > 0.0) {
            let reference = if q.reference.is_finite() && q.reference > 0.0 { q.reference } else { q.price };
            let e =
                Entry { price: q.price, reference, change_pct: q.change_pct, source: q.source.clone(), at_ms: q.at_ms };
            b.entries.insert(q.symbol.clone(), e);
        }
        b
    }

    /// Checks a whole batch; nothing is taken unless every price is sound.
    pub fn check(prices: &[LivePrice]) -> Result<(), Refused> {
        for p in prices {
            if !super::valid_symbol(&p.symbol) {
                return Err(Refused::BadSymbol(p.symbol.clone()));
            }
            if !(p.price.is_finite() && p.price > 0.0) {
                return Err(Refused::NotPositive { symbol: p.symbol.clone(), price: p.price });
            }
        }
        Ok(())
    }

    /// Takes a checked batch from `source` at `at`; returns the notable moves.
    pub fn apply(&mut self, source: &str, prices: &[LivePrice], at: Millis) -> Result<Vec<Move>, Refused> {
        Self::check(prices)?;
        let day = |ms: i64| Millis(ms).plus_ms(i64::from(self.utc_offset_minutes) * 60_000).0.div_euclid(86_400_000);
        let mut moves = Vec::new();
        for p in prices {
            let prev = self.entries.get(&p.symbol);
            let reference = match prev {
                Some(e) if day(e.at_ms) == day(at.0) => e.reference,
                Some(e) => e.price,
                None => p.price,
            };
            if let Some(e) = prev {
                let step_pct = (p.price / e.price - 1.0) * 100.0;
                if step_pct.abs() >= NOTABLE_STEP_PCT {
                    let change_pct = p.change_pct.unwrap_or((p.price / reference - 1.0) * 100.0);
                    moves.push(Move { symbol: p.symbol.clone(), change_pct, step_pct });
                }
            }
            let e = Entry { price: p.price, reference, change_pct: p.change_pct, source: source.into(), at_ms: at.0 };
            self.entries.insert(p.symbol.clone(), e);
        }
        Ok(moves)
    }

    /// Quotes of every symbol known, in symbol order.
    pub fn snapshot(&self) -> Vec<Quote> {
        self.entries
            .iter()
            .map(|(symbol, e)| {
                let (name, decimals) = match instrument(symbol) {
                    Some(i) => (i.name.to_string(), i.decimals),
                    None => (symbol.clone(), decimals_for(e.price)),
                };
                let change = e.change_pct.unwrap_or((e.price / e.reference - 1.0) * 100.0);
                Quote {
                    symbol: symbol.clone(),
                    name,
                    price: round_to(e.price, decimals),
                    change_pct: round_to(change, 2),
                    decimals,
                }
            })
            .collect()
    }

    /// The prices to keep across a restart.
    pub fn saved(&self) -> Vec<SavedQuote> {
        self.entries
            .iter()
            .map(|(symbol, e)| SavedQuote {
                symbol: symbol.clone(),
                price: e.price,
                reference: e.reference,
                change_pct: e.change_pct,
                source: e.source.clone(),
                at_ms: e.at_ms,
            })
            .collect()
    }

    /// When each symbol was last reported, and by whom.
    pub fn freshness(&self) -> Vec<(String, String, i64)> {
        self.entries.iter().map(|(s, e)| (s.clone(), e.source.clone(), e.at_ms)).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Decimals to show for a symbol the market does not know.
fn decimals_for(price: f64) -> usize {
    match price {
        p if p >= 1_000.0 => 0,
        p if p >= 1.0 => 2,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-24 10:00 Istanbul.
    const T: Millis = Millis(1_795_503_600_000);

    fn p(symbol: &str, price: f64) -> LivePrice {
        LivePrice { symbol: symbol.into(), price, change_pct: None }
    }

    #[test]
    fn the_book_quotes_what_the_adapter_said_and_measures_the_day() {
        let mut b = LiveBook::new(180);
        assert!(b.apply("tcmb", &[p("USDTRY", 42.0)], T).unwrap().is_empty());
        let moves = b.apply("tcmb", &[p("USDTRY", 42.84)], T.plus_ms(60_000)).unwrap();
        assert_eq!(moves.len(), 1);
        assert!((moves[0].change_pct - 2.0).abs() < 1e-9);
        let q = &b.snapshot()[0];
        assert_eq!((q.symbol.as_str(), q.name.as_str(), q.price, q.change_pct), ("USDTRY", "Dolar/TL", 42.84, 2.0));
        // The next Istanbul day measures from yesterday's last price.
        b.apply("tcmb", &[p("USDTRY", 42.84)], T.plus_ms(Millis::HOUR * 15)).unwrap();
        assert_eq!(b.snapshot()[0].change_pct, 0.0);
    }

    #[test]
    fn an_adapters_own_change_wins_and_unknown_symbols_get_a_name() {
        let mut b = LiveBook::new(0);
        let btc = LivePrice { symbol: "SOLUSD".into(), price: 187.456, change_pct: Some(-3.5) };
        b.apply("binance", &[btc], T).unwrap();
        let q = &b.snapshot()[0];
        assert_eq!((q.name.as_str(), q.price, q.change_pct), ("SOLUSD", 187.46, -3.5));
    }

    #[test]
    fn a_bad_batch_changes_nothing() {
        let mut b = LiveBook::new(0);
        b.apply("json", &[p("THYAO", 300.0)], T).unwrap();
        let before = b.clone();
        assert!(matches!(b.apply("json", &[p("THYAO", 301.0), p("GARAN", 0.0)], T), Err(Refused::NotPositive { .. })));
        assert!(matches!(b.apply("json", &[p("thy ao", 1.0)], T), Err(Refused::BadSymbol(_))));
        assert!(b.apply("json", &[p("THYAO", f64::NAN)], T).is_err());
        assert_eq!(b, before);
    }

    #[test]
    fn saved_prices_come_back_after_a_restart() {
        let mut b = LiveBook::new(180);
        b.apply("binance", &[p("BTCUSD", 97_000.0)], T).unwrap();
        b.apply("binance", &[p("BTCUSD", 98_000.0)], T.plus_ms(1)).unwrap();
        let again = LiveBook::resume(180, &b.saved());
        assert_eq!(again.snapshot(), b.snapshot());
        assert_eq!(again.freshness(), vec![("BTCUSD".into(), "binance".into(), T.0 + 1)]);
    }
}
