//! What a draft says about the bot's own books, checked against them. A bot
//! that still holds GARAN does not write "GARAN'ı sattım"; one at a loss
//! does not write "%40 kârdayım". Only first-person claims count ("THY
//! kârda" is about the company), and a clause without a ticker speaks of
//! the last one named, or of the message's topic.

use super::{Book, Side, price_of};
use crate::guard::stance::tickers_in;
use crate::ids::Millis;
use crate::market::Quote;
use crate::text::{clauses, word_is};

/// A claim the books contradict, with the hint for the next draft.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{symbol}: {what}")]
pub struct Contradiction {
    pub symbol: String,
    pub what: String,
}

impl Contradiction {
    /// The reason handed to the model when the draft is regenerated.
    pub fn instruction(&self) -> String {
        format!("Defterine göre {}; pozisyonun hakkında yalnızca defterinde olanı söyle.", self.what)
    }
}

/// Verbs that are a trade wherever they stand ("sattım").
const SOLD: &str = "sattim|sattik|bozdum|bosalttim|cikardim";
const BOUGHT: &str = "ekledim|topladim|ekledik|topladik";
/// Verbs that are a trade only beside a ticker or a position word
/// ("haber aldım", "bilgisayarı kapattım" are not).
const SOLD_NEAR: &str = "kapattim|ciktim|ciktik";
const BOUGHT_NEAR: &str = "aldim|aldik|girdim|girdik";
const POSITION_WORDS: &str = "adet|lot|lotu|hisse*|pozisyon*";
const EVERYTHING: &str = "hepsini|hepsi|tumunu|butun*|portfoy*";
const IN_CASH: &str = "nakitteyim|nakitteyiz|nakde";
const PROFIT: &str = "kardayim|kardayiz|kazanctayim|kazanctayiz|artidayim|artidayiz";
const LOSS: &str = "zarardayim|zarardayiz|eksideyim|eksideyiz|kaybediyorum|kaybettim";
const NONE_HELD: &[&str] = &["pozisyonum yok", "bende yok", "elimde yok", "hic yok"];
/// Being stopped out: a sale at the stop ("stop yedim").
const STOPPED: &[&str] = &["stop yedim", "stop oldum", "stopum patladi", "stop patladi"];
/// A claimed percent this far from the books' (in points) is a contradiction.
const PCT_SLACK: f64 = 3.0;
/// A trade claimed in the past tense is taken as this recent at most.
const CLAIM_WINDOW_MS: i64 = 7 * Millis::DAY;

/// Whether `text` makes a first-person claim about the bot's trades or
/// PnL at all (true or not): what [`check`] has something to check in.
pub fn makes_claim(text: &str) -> bool {
    clauses(text).iter().any(|clause| {
        let words: Vec<&str> = clause.split(' ').collect();
        let has = |alts: &str| words.iter().any(|w| word_is(w, alts));
        let near = !tickers_in(clause).is_empty() || has(POSITION_WORDS);
        has(SOLD)
            || STOPPED.iter().any(|p| clause.contains(p))
            || has(BOUGHT)
            || has(IN_CASH)
            || has(PROFIT)
            || has(LOSS)
            || (near && (has(SOLD_NEAR) || has(BOUGHT_NEAR)))
            || NONE_HELD.iter().any(|p| clause.contains(p))
    })
}

/// Checks every first-person claim of `text` about the bot's trades and
/// PnL against its books at `now`.
pub fn check(text: &str, topic: Option<&str>, book: &Book, quotes: &[Quote], now: Millis) -> Result<(), Contradiction> {
    let since = Millis(now.0 - CLAIM_WINDOW_MS);
    let mut current: Option<String> = topic.map(str::to_ascii_uppercase);
    for clause in clauses(text) {
        let named = tickers_in(&clause).into_iter().next_back();
        if let Some(s) = named {
            current = Some(s.to_string());
        }
        let words: Vec<&str> = clause.split(' ').collect();
        let has = |alts: &str| words.iter().any(|w| word_is(w, alts));
        let near = named.is_some() || has(POSITION_WORDS);
        let took_profit = has("kar|kari|karimi|karimizi|kazancimi") && has("aldim|aldik");
        // "Hepsini sattım", "tamamen nakitteyim": out of everything.
        let sold_all = has(SOLD) && has(EVERYTHING);
        if (sold_all || has(IN_CASH)) && !book.positions().is_empty() {
            let held: Vec<&str> = book.positions().keys().map(String::as_str).collect();
            return Err(Contradiction {
                symbol: "portföyün".into(),
                what: format!("hepsini satmadın, elinde hâlâ {} var", held.join(", ")),
            });
        }
        if sold_all && !book.recent().iter().any(|t| t.at >= since && t.side == Side::Sell) {
            return Err(Contradiction {
                symbol: "portföyün".into(), what: "son günlerde hiç satış yapmadın".into()
            });
        }
        let stopped = STOPPED.iter().any(|p| clause.contains(p));
        let Some(symbol) = current.clone() else {
            let any_stop = book.recent().iter().any(|t| t.at >= since && t.reason == super::Reason::StopLoss);
            if stopped && !any_stop {
                return Err(Contradiction { symbol: "portföyün".into(), what: "son günlerde stop olmadın".into() });
            }
            if let Some(c) = pnl_claim(&clause, &has, None, book, quotes) {
                return Err(c);
            }
            continue;
        };
        let held = book.position(&symbol);
        let traded = |side| book.recent().iter().any(|t| t.at >= since && t.side == side && t.symbol == symbol);
        let fail = |what: String| Err(Contradiction { symbol: symbol.clone(), what });
        if (has(SOLD) || stopped || (near && has(SOLD_NEAR)) || took_profit) && !traded(Side::Sell) {
            return fail(match held {
                Some(p) => format!("{symbol} satmadın, elinde hâlâ {} adet var", crate::market::format_tr(p.qty, 0)),
                None => format!("{symbol} satmadın, hiç pozisyonun yoktu"),
            });
        }
        if (has(BOUGHT) || (near && has(BOUGHT_NEAR))) && !took_profit && held.is_none() && !traded(Side::Buy) {
            return fail(format!("{symbol} almadın, pozisyonun yok"));
        }
        if NONE_HELD.iter().any(|n| clause.contains(n)) && held.is_some() {
            return fail(format!("{symbol} pozisyonun var"));
        }
        if let Some(c) = pnl_claim(&clause, &has, Some(&symbol), book, quotes) {
            return Err(c);
        }
    }
    Ok(())
}

/// A profit or loss claimed in `clause` that the books contradict: about
/// `symbol`'s position, or the whole book when no ticker is in view.
fn pnl_claim(
    clause: &str,
    has: &impl Fn(&str) -> bool,
    symbol: Option<&str>,
    book: &Book,
    quotes: &[Quote],
) -> Option<Contradiction> {
    let (profit, loss) = (has(PROFIT), has(LOSS));
    if !profit && !loss {
        return None;
    }
    let name = symbol.unwrap_or("portföyün").to_string();
    let pct = match symbol {
        Some(s) => {
            let Some(p) = book.position(s) else {
                return Some(Contradiction { symbol: name, what: format!("{s} pozisyonun yok") });
            };
            p.pnl_pct(price_of(quotes, s).unwrap_or(p.avg_cost))
        }
        None => {
            let cost: f64 = book.positions().values().map(|p| p.qty * p.avg_cost).sum();
            if cost <= 0.0 {
                return None;
            }
            book.unrealised(quotes) / cost * 100.0
        }
    };
    let actual =
        format!("{name} %{} {}", crate::market::format_tr(pct.abs(), 1), if pct >= 0.0 { "kârda" } else { "zararda" });
    let wrong_way = (profit && pct < -0.5) || (loss && pct > 0.5);
    let stated = stated_pct(clause);
    let wrong_size = stated.is_some_and(|n| (n - pct.abs()).abs() > PCT_SLACK.max(pct.abs() * 0.5));
    (wrong_way || wrong_size).then_some(Contradiction { symbol: name, what: actual })
}

/// A percent written in a folded clause ("%40", "yuzde 40").
fn stated_pct(clause: &str) -> Option<f64> {
    let mut words = clause.split(' ').peekable();
    while let Some(w) = words.next() {
        let digits = if let Some(d) = w.strip_prefix('%') {
            d.to_string()
        } else if w == "yuzde" {
            words.peek().map(|d| d.to_string()).unwrap_or_default()
        } else {
            continue;
        };
        if let Ok(n) = digits.parse::<f64>() {
            return Some(n);
        }
    }
    None
}
