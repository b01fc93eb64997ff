//! A bot's books: cash and positions with their average cost, opened from
//! the persona's holdings and cash and moved only by trades. Positions are
//! marked to the market's prices; whatever a bot says about its position
//! comes from here, and a draft the books contradict is refused
//! ([`claims`]).
//!
//! - `style`: when and how much a persona trades (its risk and horizon).
//! - `claims`: what a draft says about the bot's own trades and PnL, checked
//!   against the books.

pub mod claims;
pub mod style;

use crate::ids::Millis;
use crate::market::Quote;
use crate::persona::Persona;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Buy or sell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Buy,
    Sell,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Buy => "buy",
            Side::Sell => "sell",
        }
    }

    pub fn parse(s: &str) -> Option<Side> {
        [Side::Buy, Side::Sell].into_iter().find(|x| x.as_str() == s)
    }
}

/// Why a bot traded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Bought a drop in something it believes in.
    Dip,
    /// Added to a strong view.
    Conviction,
    /// A headline turned its view.
    News,
    /// Sold part of a winner.
    TakeProfit,
    /// Cut a loser at its limit.
    StopLoss,
    /// Sold part of something it has turned against.
    Doubt,
}

impl Reason {
    pub const ALL: [Reason; 6] =
        [Reason::Dip, Reason::Conviction, Reason::News, Reason::TakeProfit, Reason::StopLoss, Reason::Doubt];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Dip => "dip",
            Reason::Conviction => "conviction",
            Reason::News => "news",
            Reason::TakeProfit => "take_profit",
            Reason::StopLoss => "stop_loss",
            Reason::Doubt => "doubt",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The reason as the bot would say it, for its prompt.
    pub fn said(self) -> &'static str {
        match self {
            Reason::Dip => "düşüşte ekledin",
            Reason::Conviction => "görüşüne güvenip aldın",
            Reason::News => "habere göre hareket ettin",
            Reason::TakeProfit => "kârın bir kısmını aldın",
            Reason::StopLoss => "zararı kestin",
            Reason::Doubt => "güvenin azaldığı için azalttın",
        }
    }
}

/// One trade, at the market's price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trade {
    pub symbol: String,
    pub side: Side,
    pub qty: f64,
    pub price: f64,
    pub at: Millis,
    pub reason: Reason,
}

impl Trade {
    /// Cash the trade moves: negative for a buy.
    pub fn cash_flow(&self) -> f64 {
        match self.side {
            Side::Buy => -self.qty * self.price,
            Side::Sell => self.qty * self.price,
        }
    }
}

/// A position: how many and at what average cost.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Position {
    pub qty: f64,
    pub avg_cost: f64,
}

impl Position {
    /// Profit or loss in percent at `price`.
    pub fn pnl_pct(&self, price: f64) -> f64 {
        (price / self.avg_cost - 1.0) * 100.0
    }
}

/// Why a trade cannot be booked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BookError {
    #[error("{symbol}: quantity and price must be positive numbers")]
    Invalid { symbol: String },
    #[error("{symbol}: buying {cost:.2} with {cash:.2} cash")]
    NoCash { symbol: String, cost: f64, cash: f64 },
    #[error("{symbol}: selling {qty} of {held} held")]
    Oversold { symbol: String, qty: f64, held: f64 },
}

/// Quantities below this are nothing (float dust after a partial sale).
const DUST: f64 = 1e-6;
/// Trades kept in the books for the prompt and the claims check.
const RECENT_KEPT: usize = 64;

/// A bot's books.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Book {
    pub cash: f64,
    positions: BTreeMap<String, Position>,
    /// Profit taken by sales, since the books opened.
    pub realised: f64,
    /// The last trades, oldest first.
    recent: Vec<Trade>,
}

/// Cash a persona starts with when its file names none: as much again as
/// its holdings cost, and never less than 50.000 TL.
pub fn default_cash(p: &Persona) -> f64 {
    let held: f64 = p.holdings.iter().map(|h| h.size * h.avg_price).sum();
    held.max(50_000.0)
}

impl Book {
    /// The books as the persona file opens them: its holdings and cash.
    pub fn open(p: &Persona) -> Book {
        let mut positions = BTreeMap::new();
        for h in &p.holdings {
            positions.insert(h.symbol.to_ascii_uppercase(), Position { qty: h.size, avg_cost: h.avg_price });
        }
        Book { cash: p.cash.unwrap_or_else(|| default_cash(p)), positions, realised: 0.0, recent: Vec::new() }
    }

    /// The books after `trades` (oldest first), from the persona's opening;
    /// a trade that does not fit the books says which.
    pub fn replay(p: &Persona, trades: impl IntoIterator<Item = Trade>) -> Result<Book, BookError> {
        let mut b = Book::open(p);
        for t in trades {
            b.apply(t)?;
        }
        Ok(b)
    }

    /// Books a trade; refused (and nothing changed) when the cash or the
    /// position does not cover it.
    pub fn apply(&mut self, t: Trade) -> Result<(), BookError> {
        let symbol = t.symbol.to_ascii_uppercase();
        if !(t.qty.is_finite() && t.qty > 0.0 && t.price.is_finite() && t.price > 0.0) {
            return Err(BookError::Invalid { symbol });
        }
        match t.side {
            Side::Buy => {
                let cost = t.qty * t.price;
                if cost > self.cash + 1e-6 {
                    return Err(BookError::NoCash { symbol, cost, cash: self.cash });
                }
                self.cash -= cost;
                let p = self.positions.entry(symbol).or_insert(Position { qty: 0.0, avg_cost: t.price });
                p.avg_cost = (p.qty * p.avg_cost + cost) / (p.qty + t.qty);
                p.qty += t.qty;
            }
            Side::Sell => {
                let held = self.positions.get(&symbol).map_or(0.0, |p| p.qty);
                if t.qty > held + DUST {
                    return Err(BookError::Oversold { symbol, qty: t.qty, held });
                }
                // unwrap-free: a sale above is only allowed on a held position.
                if let Some(p) = self.positions.get_mut(&symbol) {
                    self.realised += t.qty * (t.price - p.avg_cost);
                    self.cash += t.qty * t.price;
                    p.qty -= t.qty;
                    if p.qty <= DUST {
                        self.positions.remove(&symbol);
                    }
                }
            }
        }
        self.recent.push(t);
        if self.recent.len() > RECENT_KEPT {
            self.recent.remove(0);
        }
        Ok(())
    }

    /// The position in `symbol`, if any.
    pub fn position(&self, symbol: &str) -> Option<&Position> {
        self.positions.get(&symbol.to_ascii_uppercase())
    }

    /// Every position, by symbol.
    pub fn positions(&self) -> &BTreeMap<String, Position> {
        &self.positions
    }

    /// The last trades, oldest first.
    pub fn recent(&self) -> &[Trade] {
        &self.recent
    }

    /// The last trade in `symbol` since `since`, if any.
    pub fn last_trade(&self, symbol: &str, since: Millis) -> Option<&Trade> {
        self.recent.iter().rev().find(|t| t.at >= since && t.symbol.eq_ignore_ascii_case(symbol))
    }

    /// Cash plus every position at its market price (at cost where the
    /// market has no price).
    pub fn value(&self, quotes: &[Quote]) -> f64 {
        self.cash + self.positions.iter().map(|(s, p)| p.qty * price_of(quotes, s).unwrap_or(p.avg_cost)).sum::<f64>()
    }

    /// Profit or loss not yet taken, at the market's prices.
    pub fn unrealised(&self, quotes: &[Quote]) -> f64 {
        self.positions.iter().map(|(s, p)| p.qty * (price_of(quotes, s).unwrap_or(p.avg_cost) - p.avg_cost)).sum()
    }
}

/// What a bot may say of its position in one ticker: the books' numbers,
/// for its prompt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Held {
    /// Zero when it sold out.
    pub qty: f64,
    pub avg_cost: f64,
    pub pnl_pct: f64,
    /// Its last trade in the ticker, if recent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<Trade>,
}

impl Held {
    /// The numbers a message about this position may contain.
    pub fn numbers(&self) -> Vec<f64> {
        let mut v =
            vec![self.qty, self.avg_cost, self.pnl_pct, self.pnl_pct.abs(), (self.pnl_pct.abs() * 10.0).round() / 10.0];
        if let Some(t) = &self.last {
            v.extend([t.qty, t.price]);
        }
        v
    }
}

/// A trade this recent is the bot's "last trade" in its prompt.
pub const RECENT_TRADE_MS: i64 = 3 * Millis::DAY;

impl Book {
    /// The position in `symbol` at `price`, with the last trade since
    /// [`RECENT_TRADE_MS`] before `now`; none when it holds none and has
    /// not traded it lately.
    pub fn held(&self, symbol: &str, price: f64, now: Millis) -> Option<Held> {
        let last = self.last_trade(symbol, Millis(now.0 - RECENT_TRADE_MS)).cloned();
        match self.position(symbol) {
            Some(p) => Some(Held { qty: p.qty, avg_cost: p.avg_cost, pnl_pct: p.pnl_pct(price), last }),
            None => last.map(|t| Held { qty: 0.0, avg_cost: t.price, pnl_pct: 0.0, last: Some(t) }),
        }
    }
}

/// The market's price of `symbol`.
pub fn price_of(quotes: &[Quote], symbol: &str) -> Option<f64> {
    quotes.iter().find(|q| q.symbol.eq_ignore_ascii_case(symbol)).map(|q| q.price)
}

/// Whether `book` is what the persona's opening and `trades` add up to:
/// cash to the kuruş, every position's quantity. Used to check a long run.
pub fn reconciles(p: &Persona, trades: &[Trade], book: &Book) -> Result<(), String> {
    let start = Book::open(p);
    let cash = start.cash + trades.iter().map(Trade::cash_flow).sum::<f64>();
    if (cash - book.cash).abs() > 0.01 {
        return Err(format!("cash {:.2} in the books, {cash:.2} by the trades", book.cash));
    }
    let mut qty: BTreeMap<String, f64> = start.positions.iter().map(|(s, p)| (s.clone(), p.qty)).collect();
    for t in trades {
        let q = qty.entry(t.symbol.to_ascii_uppercase()).or_insert(0.0);
        *q += if t.side == Side::Buy { t.qty } else { -t.qty };
    }
    for (s, q) in &qty {
        let held = book.position(s).map_or(0.0, |p| p.qty);
        if q.abs() > DUST && (q - held).abs() > 1e-6 || q.abs() <= DUST && held > DUST {
            return Err(format!("{s}: {held} in the books, {q} by the trades"));
        }
    }
    if let Some((s, _)) = book.positions.iter().find(|(s, _)| !qty.contains_key(*s)) {
        return Err(format!("{s}: held in the books, never bought"));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
