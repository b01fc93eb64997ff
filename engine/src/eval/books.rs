//! Whether what bots say of their own books is true: each bot message that
//! makes a first-person claim (sold, bought, in profit, in cash, …) is
//! checked against the bot's books as they stood when it was sent
//! ([`crate::book::claims`]), marked to the last prices seen by then. It
//! needs a [`Ledger`]: the bots' opening books, their trades and prices.

use crate::book::claims::{check as check_claims, makes_claim};
use crate::book::{Book, Trade};
use crate::ids::Millis;
use crate::market::Quote;
use crate::stats::Record;
use serde::Serialize;
use std::collections::BTreeMap;

/// What the books check needs.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    /// Each bot's opening books (from its persona).
    pub opening: BTreeMap<String, Book>,
    /// Each bot's trades, in order.
    pub trades: BTreeMap<String, Vec<Trade>>,
    /// Prices seen: symbol, when, price.
    pub prices: Vec<(String, Millis, f64)>,
}

/// Claims made and how many the books contradict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BookStats {
    /// Bot messages making a claim about the bot's own books.
    pub claims: usize,
    pub contradicted: usize,
    /// Contradicted over claims; none without claims.
    pub contradicted_share: Option<f64>,
    /// The first few contradicted messages, with the books' side.
    pub examples: Vec<BookExample>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BookExample {
    pub room: String,
    pub seq: u64,
    pub bot: String,
    pub text: String,
    pub books_say: String,
}

const EXAMPLES: usize = 5;

/// The last price of each symbol seen by `at` (else the first seen after).
fn quotes_at(prices: &[(String, Millis, f64)], at: Millis) -> Vec<Quote> {
    // Seen by `at` ranks above after it; then the later by `at`, the earlier after.
    let rank = |t: Millis| if t <= at { (true, t.0) } else { (false, -t.0) };
    let mut best: BTreeMap<&str, ((bool, i64), f64)> = BTreeMap::new();
    for (s, t, p) in prices {
        let e = best.entry(s.as_str()).or_insert((rank(*t), *p));
        if rank(*t) > e.0 {
            *e = (rank(*t), *p);
        }
    }
    best.into_iter()
        .map(|(s, (_, price))| Quote {
            symbol: s.to_string(),
            name: String::new(),
            price,
            change_pct: 0.0,
            decimals: 2,
        })
        .collect()
}

/// Checks every bot message of `records` (times from `start`) that makes a
/// claim, for the bots the ledger has books of.
pub fn check(records: &[Record], start: Millis, ledger: &Ledger) -> BookStats {
    let (mut claims, mut contradicted, mut examples) = (0, 0, Vec::new());
    for r in records.iter().filter(|r| !r.is_human() && makes_claim(&r.text)) {
        let Some(opening) = ledger.opening.get(&r.author) else { continue };
        let at = Millis(start.0 + r.t_ms);
        let mut book = opening.clone();
        for t in ledger.trades.get(&r.author).into_iter().flatten().filter(|t| t.at <= at) {
            // Stored trades were booked once; one that does not fit is the
            // store's problem, not this message's.
            let _ = book.apply(t.clone());
        }
        claims += 1;
        if let Err(c) = check_claims(&r.text, None, &book, &quotes_at(&ledger.prices, at), at) {
            contradicted += 1;
            if examples.len() < EXAMPLES {
                examples.push(BookExample {
                    room: r.room.clone(),
                    seq: r.seq,
                    bot: r.author.clone(),
                    text: r.text.clone(),
                    books_say: c.to_string(),
                });
            }
        }
    }
    let contradicted_share = (claims > 0).then(|| contradicted as f64 / claims as f64);
    BookStats { claims, contradicted, contradicted_share, examples }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{Reason, Side};
    use crate::eval::tests::rec;

    fn ledger() -> Ledger {
        let p = &crate::persona::tests::bundled("can_scalp");
        let held = Book::open(p).position("THYAO").unwrap().avg_cost;
        let sale = Trade {
            symbol: "THYAO".into(),
            side: Side::Sell,
            qty: 300.0,
            price: held * 0.97,
            at: Millis(600_000),
            reason: Reason::StopLoss,
        };
        Ledger {
            opening: [("can_scalp".to_string(), Book::open(p))].into(),
            trades: [("can_scalp".to_string(), vec![sale])].into(),
            prices: vec![("ASELS".into(), Millis(0), 150.0), ("ASELS".into(), Millis(900_000), 120.0)],
        }
    }

    #[test]
    fn a_claim_is_true_or_false_by_the_books_as_they_stood_when_it_was_said() {
        let records = vec![
            // Before the sale at 10 min: still holding THYAO.
            rec("a", 1, 60, "can_scalp", None, "THY'yi sattım, nakitteyim artık."),
            // After it: true.
            rec("a", 2, 700, "can_scalp", None, "THYAO'yu stop olunca sattım."),
            // ASELS (held at 146,20) at 150 is in profit, at 120 at a loss.
            rec("a", 3, 800, "can_scalp", None, "Aselsan'da kârdayım şimdilik."),
            rec("a", 4, 1000, "can_scalp", None, "Aselsan'da kârdayım şimdilik."),
            // Not a claim, and not a bot with books.
            rec("a", 5, 1100, "can_scalp", None, "THY bu çeyrekte kârda."),
            rec("a", 6, 1200, "web:Ece", None, "THY'yi sattım ben."),
            rec("a", 7, 1300, "other_bot", None, "GARAN'ı sattım."),
        ];
        let s = check(&records, Millis(0), &ledger());
        assert_eq!((s.claims, s.contradicted), (4, 2), "{s:?}");
        let seqs: Vec<u64> = s.examples.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [1, 4]);
        assert!(s.examples[0].books_say.contains("THYAO") || s.examples[0].books_say.contains("portföy"), "{s:?}");
    }
}
