//! Prices and headlines. Every price a bot quotes comes from here, never
//! from the model: the seeded simulator ([`sim`]) of the embedded default,
//! or the live book ([`live`]) the price adapters fill. A room runs on one
//! of the two ([`PriceMode`]) and says which ([`label`]).
//!
//! - `sim`: the seeded random walk; shocks and headlines move it.
//! - `live`: the last prices the adapters reported.
//! - `label`: how a room on simulated prices says so.
//! - `sector`: sectors as people name them ("bankalar") and their tickers.

pub mod label;
pub mod live;
pub mod sector;
pub mod sim;

pub use live::{LiveBook, LivePrice};
pub use sim::MarketSim;

use serde::{Deserialize, Serialize};

/// One instrument the simulator moves.
#[derive(Debug, Clone, Copy)]
pub struct Instrument {
    pub symbol: &'static str,
    pub name: &'static str,
    pub start: f64,
    /// Daily volatility (standard deviation of the log return over a day).
    pub daily_vol: f64,
    pub decimals: usize,
}

/// The instruments of the embedded market.
pub const INSTRUMENTS: &[Instrument] = &[
    Instrument { symbol: "XU100", name: "BIST 100", start: 10250.0, daily_vol: 0.015, decimals: 0 },
    Instrument { symbol: "USDTRY", name: "Dolar/TL", start: 41.8, daily_vol: 0.004, decimals: 2 },
    Instrument { symbol: "EURTRY", name: "Euro/TL", start: 48.3, daily_vol: 0.005, decimals: 2 },
    Instrument { symbol: "GRAMALTIN", name: "Gram altın", start: 5450.0, daily_vol: 0.012, decimals: 0 },
    Instrument { symbol: "BTCUSD", name: "Bitcoin", start: 96000.0, daily_vol: 0.035, decimals: 0 },
    Instrument { symbol: "THYAO", name: "Türk Hava Yolları", start: 312.0, daily_vol: 0.022, decimals: 2 },
    Instrument { symbol: "GARAN", name: "Garanti BBVA", start: 128.0, daily_vol: 0.025, decimals: 2 },
    Instrument { symbol: "AKBNK", name: "Akbank", start: 64.0, daily_vol: 0.025, decimals: 2 },
    Instrument { symbol: "ASELS", name: "Aselsan", start: 148.0, daily_vol: 0.024, decimals: 2 },
    Instrument { symbol: "EREGL", name: "Ereğli Demir Çelik", start: 27.5, daily_vol: 0.02, decimals: 2 },
    Instrument { symbol: "SISE", name: "Şişecam", start: 39.0, daily_vol: 0.021, decimals: 2 },
    Instrument { symbol: "KCHOL", name: "Koç Holding", start: 178.0, daily_vol: 0.018, decimals: 2 },
    Instrument { symbol: "BIMAS", name: "BİM", start: 520.0, daily_vol: 0.016, decimals: 2 },
    Instrument { symbol: "TUPRS", name: "Tüpraş", start: 172.0, daily_vol: 0.02, decimals: 2 },
    Instrument { symbol: "FROTO", name: "Ford Otosan", start: 1010.0, daily_vol: 0.019, decimals: 2 },
    Instrument { symbol: "SAHOL", name: "Sabancı Holding", start: 92.0, daily_vol: 0.02, decimals: 2 },
    Instrument { symbol: "YKBNK", name: "Yapı Kredi", start: 31.0, daily_vol: 0.026, decimals: 2 },
];

/// A price as shown and quoted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub symbol: String,
    pub name: String,
    pub price: f64,
    /// Change since the session's reference price, in percent.
    pub change_pct: f64,
    #[serde(skip)]
    pub decimals: usize,
}

impl Quote {
    /// The price written the way bots and the room write it ("312,40").
    pub fn price_text(&self) -> String {
        format_tr(self.price, self.decimals)
    }
}

/// Formats a number Turkish style: comma decimals, dot thousands.
pub fn format_tr(value: f64, decimals: usize) -> String {
    let s = format!("{value:.decimals$}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    if frac.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped},{frac}") }
}

/// A move worth talking about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Move {
    pub symbol: String,
    pub change_pct: f64,
    /// Size of the move in this step, in percent.
    pub step_pct: f64,
}

/// Step moves at or above this size are reported as events.
pub const NOTABLE_STEP_PCT: f64 = 0.6;

/// The instrument of a symbol, if the market knows it.
pub fn instrument(symbol: &str) -> Option<&'static Instrument> {
    INSTRUMENTS.iter().find(|i| i.symbol.eq_ignore_ascii_case(symbol))
}

/// Whether `s` can be a symbol: 2 to 12 upper-case ASCII letters or digits.
pub fn valid_symbol(s: &str) -> bool {
    (2..=12).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Where a room's prices come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PriceMode {
    /// The seeded simulator: never real prices, and labelled so.
    #[default]
    Simulated,
    /// Only what the price adapters reported.
    Live,
}

impl PriceMode {
    pub fn as_str(self) -> &'static str {
        match self {
            PriceMode::Simulated => "simulated",
            PriceMode::Live => "live",
        }
    }

    /// Parses `simulated` or `live`.
    pub fn parse(s: &str) -> Option<PriceMode> {
        [PriceMode::Simulated, PriceMode::Live].into_iter().find(|m| m.as_str() == s.trim())
    }

    /// Parses, or says what is allowed.
    pub fn parse_named(s: &str) -> Result<PriceMode, String> {
        Self::parse(s).ok_or_else(|| format!("'{}' is not a price mode (simulated or live)", s.trim()))
    }
}

impl std::str::FromStr for PriceMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse_named(s)
    }
}

impl std::fmt::Display for PriceMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A price as kept across restarts: the store's `market_quotes` row, for
/// either book.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedQuote {
    pub symbol: String,
    pub price: f64,
    /// What `change_pct` is measured against.
    pub reference: f64,
    /// The adapter's own daily change, when it reports one.
    pub change_pct: Option<f64>,
    /// `simulator`, or the adapter that reported it.
    pub source: String,
    pub at_ms: i64,
}

/// A headline: bundled, from a feed, or from an operator or a scenario.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    /// The main ticker, or `MACRO` for news about no one ticker.
    pub symbol: String,
    /// Expected effect: +1, 0 or −1.
    pub direction: i8,
    pub text: String,
    /// Every ticker the headline names (the main one first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tickers: Vec<String>,
    /// Topics (`rates`, `fx`, `crypto`, …), see [`crate::news::Topic`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    /// `bundled`, `feed:NAME`, `operator` or `scenario:NAME`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// The symbol headlines about no one ticker carry.
pub const MACRO: &str = "MACRO";

impl Headline {
    /// The tickers a headline concerns: its list, else its main symbol
    /// (none for a macro headline).
    pub fn symbols(&self) -> Vec<&str> {
        if !self.tickers.is_empty() {
            return self.tickers.iter().map(String::as_str).collect();
        }
        if self.symbol == MACRO || self.symbol.is_empty() { Vec::new() } else { vec![self.symbol.as_str()] }
    }
}

/// The bundled Turkish headlines.
pub const BUNDLED_HEADLINES: &str = include_str!("../../../data/headlines.tr.txt");

/// Parses `SYMBOL|+|text` lines; bad lines are reported with their number.
pub fn parse_headlines(text: &str) -> Result<Vec<Headline>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(3, '|');
        let (Some(sym), Some(dir), Some(t)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("line {}: expected SYMBOL|direction|text", n + 1));
        };
        let direction = match dir.trim() {
            "+" => 1,
            "-" => -1,
            "0" => 0,
            other => {
                return Err(format!("line {}: direction '{other}' is not +, - or 0", n + 1));
            }
        };
        let symbol = sym.trim().to_string();
        let tickers = if symbol == MACRO { Vec::new() } else { vec![symbol.clone()] };
        let source = "bundled".into();
        out.push(Headline { symbol, direction, text: t.trim().into(), tickers, source, ..Headline::default() });
    }
    Ok(out)
}

/// Rounds to `decimals` places.
pub(crate) fn round_to(v: f64, decimals: usize) -> f64 {
    let p = 10f64.powi(decimals as i32);
    (v * p).round() / p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turkish_number_format() {
        assert_eq!(format_tr(10250.4, 0), "10.250");
        assert_eq!(format_tr(312.456, 2), "312,46");
        assert_eq!(format_tr(-1234567.0, 1), "-1.234.567,0");
    }

    #[test]
    fn the_bundled_headlines_parse() {
        let h = parse_headlines(BUNDLED_HEADLINES).unwrap();
        assert!(h.len() >= 40, "{}", h.len());
        assert!(parse_headlines("THYAO|x|metin").unwrap_err().contains("line 1"));
        let macro_news = h.iter().find(|h| h.symbol == MACRO).expect("a macro headline");
        assert!(macro_news.symbols().is_empty());
    }

    #[test]
    fn price_modes_and_symbols_parse_strictly() {
        assert_eq!(PriceMode::parse("live"), Some(PriceMode::Live));
        assert!(PriceMode::parse_named("real").unwrap_err().contains("simulated or live"));
        assert!(valid_symbol("THYAO") && valid_symbol("XU100"));
        assert!(!valid_symbol("thyao") && !valid_symbol("T") && !valid_symbol("BTC-USD"));
        assert_eq!(instrument("thyao").map(|i| i.name), Some("Türk Hava Yolları"));
    }
}
