//! When and how much a persona trades. Its `risk` text gives an appetite
//! (how often, how big a stake, how far it lets a winner run or a loser
//! fall) and its `risk` and `style` a horizon (a day trader trades several
//! times a day, a dividend holder a few times a month). Its `never_do`
//! rules bind it: "tüm parayı tek hisseye koymam" caps a position's share
//! of its money, "kalabalığın coşkusuyla işlem yapmam" keeps it from
//! trading on a headline. [`decide`] is asked
//! at each market step and answers with at most one order; it is
//! deterministic given the random source.

use super::{Book, Reason, Side, Trade, price_of};
use crate::belief::{Beliefs, VIEW_AT};
use crate::ids::Millis;
use crate::market::{Headline, Move, Quote};
use crate::persona::Persona;
use crate::text::fold;
use rand::Rng;

/// How a persona trades.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// 0 (keeps its capital safe) … 1 (chases risk).
    pub appetite: f64,
    /// Trades a day it looks for when nothing forces its hand.
    pub per_day: f64,
    /// Share of cash put into one buy.
    pub stake: f64,
    /// Gain in percent at which it sells half.
    pub take_profit_pct: f64,
    /// Loss in percent at which it sells everything.
    pub stop_loss_pct: f64,
    /// Most of its money one position may hold (a buy stops there).
    pub max_share: f64,
    /// Whether a headline may make it trade.
    pub on_news: bool,
}

/// `never_do` rules (folded) against putting everything in one place.
const ONE_PLACE: &[&str] = &["tek hisse", "tamamini", "tum parayi", "hepsini"];
/// Against trading big.
const NOT_BIG: &[&str] = &["buyuklugumu abart", "buyuk pozisyon"];
/// Against trading on news or hearsay.
const NOT_ON_NEWS: &[&str] =
    &["coskusuyla", "biri soyledi", "veri aninda", "haberine gore", "haberle", "veriyle hukum"];
/// A position's share of the money under a [`ONE_PLACE`] rule.
pub const ONE_PLACE_SHARE: f64 = 0.35;

/// Appetites by what a persona file says of its risk, the longer phrase
/// first ("düşük-orta" before "düşük").
const APPETITE: &[(&str, f64)] = &[
    ("cok dusuk", 0.1),
    ("dusuk orta", 0.35),
    ("orta yuksek", 0.65),
    ("cok yuksek", 0.9),
    ("dusuk", 0.2),
    ("orta", 0.5),
    ("yuksek", 0.8),
    ("very low", 0.1),
    ("low", 0.2),
    ("medium", 0.5),
    ("high", 0.8),
];
const SHORT: &[&str] = &["dakika", "saat", "kisa vade", "gun ici", "swing", "scalp", "trade"];
const LONG: &[&str] = &["uzun vade", "temettu", "anapara", "sabit getiri", "birikim"];

/// How far ahead a persona looks, from its `risk` and `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Horizon {
    /// Minutes to days: a day trader, a swing trader.
    Short,
    Medium,
    /// Years: a dividend holder, a saver.
    Long,
}

impl Horizon {
    pub fn of(p: &Persona) -> Horizon {
        let both = format!("{} {}", fold(&p.risk), fold(&p.style));
        if SHORT.iter().any(|w| both.contains(w)) {
            Horizon::Short
        } else if LONG.iter().any(|w| both.contains(w)) {
            Horizon::Long
        } else {
            Horizon::Medium
        }
    }
}

impl Style {
    pub fn of(p: &Persona) -> Style {
        let risk = fold(&p.risk);
        let appetite = APPETITE.iter().find(|(w, _)| risk.contains(w)).map_or(0.35, |(_, a)| *a);
        // (trades a day, take-profit %, stop-loss %) by horizon: a day
        // trader closes small moves, a long holder lets them run.
        let (per_day, tp, sl) = match Horizon::of(p) {
            Horizon::Short => (3.0, 3.0, 2.0),
            Horizon::Long => (0.25, 60.0, 15.0),
            Horizon::Medium => (0.8, 15.0, 8.0),
        };
        let rules: Vec<String> = p.never_do.iter().map(|r| fold(r)).collect();
        let rule = |words: &[&str]| rules.iter().any(|r| words.iter().any(|w| r.contains(w)));
        Style {
            appetite,
            per_day: per_day * (0.5 + appetite),
            stake: (0.05 + 0.3 * appetite) * if rule(NOT_BIG) { 0.5 } else { 1.0 },
            take_profit_pct: tp * (0.8 + 0.4 * appetite),
            stop_loss_pct: sl * (0.7 + 0.6 * appetite),
            max_share: if rule(ONE_PLACE) { ONE_PLACE_SHARE } else { 1.0 },
            on_news: !rule(NOT_ON_NEWS),
        }
    }
}

impl Style {
    /// How long it leaves a ticker alone after trading it (limits aside).
    pub fn cooldown_ms(&self) -> i64 {
        (Millis::DAY as f64 / self.per_day.max(0.1)).min(7.0 * Millis::DAY as f64) as i64
    }
}

/// Below this a buy is not worth the commission.
const MIN_TICKET_TL: f64 = 500.0;

/// What the market did since the last step.
pub struct Step<'a> {
    pub quotes: &'a [Quote],
    pub moves: &'a [Move],
    pub headline: Option<&'a Headline>,
    /// Since the last time the persona was asked.
    pub elapsed_ms: i64,
    pub now: Millis,
}

/// At most one trade for this step: a limit crossed first (it fills at
/// once, like a resting order), then a headline
/// about something the persona follows, then now and then an opportunity
/// its beliefs point to.
pub fn decide(
    p: &Persona,
    style: &Style,
    book: &Book,
    beliefs: &Beliefs,
    step: &Step,
    rng: &mut impl Rng,
) -> Option<Trade> {
    let dt = step.elapsed_ms.max(0) as f64;
    let chance = |per_ms: f64| 1.0 - (-per_ms * dt).exp();
    let trade = |symbol: &str, side, qty: f64, price, reason| Trade {
        symbol: symbol.to_string(),
        side,
        qty: tidy(qty),
        price,
        at: step.now,
        reason,
    };
    // Limits, on what it holds, once a day at most per ticker (a sale
    // leaves the average cost as it was, so a winner would be halved again
    // at every step).
    let day_ago = Millis(step.now.0 - Millis::DAY);
    for (s, pos) in book.positions() {
        let Some(price) = price_of(step.quotes, s) else { continue };
        if book.last_trade(s, day_ago).is_some_and(|t| t.side == Side::Sell) {
            continue;
        }
        let pnl = pos.pnl_pct(price);
        // A winner is halved again only after it ran as far once more.
        let run_from = book
            .recent()
            .iter()
            .rev()
            .find(|t| t.symbol == *s && t.reason == Reason::TakeProfit)
            .map_or(pos.avg_cost, |t| t.price.max(pos.avg_cost));
        // Limits are resting orders: a price across one fills at once.
        if pnl <= -style.stop_loss_pct {
            return Some(trade(s, Side::Sell, pos.qty, price, Reason::StopLoss));
        }
        if (price / run_from - 1.0) * 100.0 >= style.take_profit_pct {
            return Some(trade(s, Side::Sell, half(pos.qty, price), price, Reason::TakeProfit));
        }
    }
    // A ticker traded lately is left alone for a while: a day trader's
    // while is hours, a long holder's days.
    let rested = |s: &str| book.last_trade(s, Millis(step.now.0 - style.cooldown_ms())).is_none();
    // A headline about something it follows; the slower its style, the
    // likelier it lets the news pass.
    let pace = (style.per_day / 3.0).min(1.0);
    if let Some(h) = step.headline.filter(|h| h.direction != 0 && style.on_news) {
        for s in h.symbols() {
            let (Some(price), true) = (price_of(step.quotes, s), p.cares_about(s) || book.position(s).is_some()) else {
                continue;
            };
            if !rested(s) {
                continue;
            }
            let belief = beliefs.get(s);
            if belief >= 2.0 * VIEW_AT && rng.random_bool((0.2 + 0.5 * style.appetite) * pace) {
                return buy(book, style, s, price, step.quotes).map(|q| trade(s, Side::Buy, q, price, Reason::News));
            }
            if belief <= -2.0 * VIEW_AT
                && let Some(pos) = book.position(s)
                && rng.random_bool((0.6 - 0.4 * style.appetite) * pace)
            {
                return Some(trade(s, Side::Sell, half(pos.qty, price), price, Reason::News));
            }
        }
    }
    // Now and then, an opportunity.
    if !rng.random_bool(chance(style.per_day / Millis::DAY as f64)) {
        return None;
    }
    let followed: Vec<&Quote> = step.quotes.iter().filter(|q| p.cares_about(&q.symbol) && rested(&q.symbol)).collect();
    if followed.is_empty() {
        return None;
    }
    let q = followed[rng.random_range(0..followed.len())];
    let belief = beliefs.get(&q.symbol);
    let dipped = step.moves.iter().any(|m| m.symbol == q.symbol && m.step_pct < 0.0) || q.change_pct < -1.0;
    if belief >= VIEW_AT {
        let reason = if dipped { Reason::Dip } else { Reason::Conviction };
        return buy(book, style, &q.symbol, q.price, step.quotes)
            .map(|n| trade(&q.symbol, Side::Buy, n, q.price, reason));
    }
    if belief <= -VIEW_AT
        && let Some(pos) = book.position(&q.symbol)
    {
        return Some(trade(&q.symbol, Side::Sell, half(pos.qty, q.price), q.price, Reason::Doubt));
    }
    None
}

/// Half a position, in whole units where a unit is cheap (shares), in
/// thousandths where it is dear (a bitcoin); all of one too small to split.
fn half(qty: f64, price: f64) -> f64 {
    let h = round_lot(qty / 2.0, price);
    if h * price < MIN_TICKET_TL { qty } else { h }
}

/// How much a buy of a `stake` share of cash gets, if worth a ticket.
/// No more than the style's share of its money goes into one position.
fn buy(book: &Book, style: &Style, symbol: &str, price: f64, quotes: &[Quote]) -> Option<f64> {
    let held = book.position(symbol).map_or(0.0, |p| p.qty * price);
    let room = (style.max_share * book.value(quotes) - held).max(0.0);
    let qty = round_lot((book.cash * style.stake).min(room) / price, price);
    (qty > 0.0 && qty * price >= MIN_TICKET_TL && qty * price <= book.cash).then_some(qty)
}

fn round_lot(qty: f64, price: f64) -> f64 {
    if price >= 1_000.0 { (qty * 1_000.0).floor() / 1_000.0 } else { qty.floor() }
}

/// Rounds away float dust (0.001999… is 0.002).
fn tidy(qty: f64) -> f64 {
    (qty * 1e6).round() / 1e6
}
