//! Price adapters: what a price server's answer means. A generic JSON
//! adapter (a JSON Pointer per symbol), a crypto exchange's public 24-hour
//! ticker (Binance's `/api/v3/ticker/24hr` format) and the central bank's
//! daily FX rates (TCMB's `today.xml`). A body is understood whole or not
//! at all: one missing or bad price refuses the batch, and the old prices
//! stay.

use engine::market::LivePrice;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format a price server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AdapterKind {
    /// Any JSON: `symbols` maps each symbol to a JSON Pointer (`/data/0/last`).
    Json,
    /// A crypto exchange's 24-hour ticker list (Binance format): `symbols`
    /// maps each symbol to the exchange's pair (`BTCUSD = "BTCUSDT"`).
    Binance,
    /// TCMB's daily rates (`today.xml`): `symbols` maps each symbol to a
    /// currency code (`USDTRY = "USD"`); the price is the middle of forex
    /// buying and selling, per one unit.
    Tcmb,
}

/// One price adapter (config `[[market.adapters]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdapterSettings {
    /// Names the adapter in logs and status (`binance`, `tcmb`).
    pub name: String,
    pub kind: AdapterKind,
    pub url: String,
    #[serde(default = "default_interval")]
    pub interval_ms: u64,
    /// Symbol → where its price is (a JSON Pointer, a pair, a currency code).
    pub symbols: BTreeMap<String, String>,
    /// For `json`: symbol → JSON Pointer of its daily change in percent.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub changes: BTreeMap<String, String>,
}

fn default_interval() -> u64 {
    60_000
}

/// Why an answer was not understood.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParseError {
    #[error("not JSON: {0}")]
    Json(String),
    #[error("not XML: {0}")]
    Xml(String),
    #[error("{symbol}: nothing at {at}")]
    Missing { symbol: String, at: String },
    #[error("{symbol}: '{value}' at {at} is not a number")]
    NotANumber { symbol: String, at: String, value: String },
}

impl AdapterSettings {
    /// Checks what types cannot; errors name the key (`market.adapters[i]`).
    pub fn validate(&self, key: &str) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err(format!("{key}.name: must not be empty"));
        }
        if !(self.url.starts_with("http://") || self.url.starts_with("https://")) {
            return Err(format!("{key}.url: '{}' must start with http:// or https://", self.url));
        }
        if self.interval_ms < 1_000 {
            return Err(format!("{key}.interval_ms: at least 1000 (polite polling), got {}", self.interval_ms));
        }
        if self.symbols.is_empty() {
            return Err(format!("{key}.symbols: name at least one symbol"));
        }
        for (symbol, at) in self.symbols.iter().chain(&self.changes) {
            if !engine::market::valid_symbol(symbol) {
                return Err(format!(
                    "{key}.symbols: '{symbol}' is not a symbol (2 to 12 upper-case letters or digits)"
                ));
            }
            if self.kind == AdapterKind::Json && !at.starts_with('/') {
                return Err(format!("{key}.symbols.{symbol}: '{at}' is not a JSON Pointer (write /path/to/price)"));
            }
            if at.trim().is_empty() {
                return Err(format!("{key}.symbols.{symbol}: must not be empty"));
            }
        }
        if self.kind != AdapterKind::Json && !self.changes.is_empty() {
            return Err(format!("{key}.changes: only for kind = \"json\""));
        }
        if let Some(s) = self.changes.keys().find(|s| !self.symbols.contains_key(*s)) {
            return Err(format!("{key}.changes.{s}: not among the adapter's symbols"));
        }
        Ok(())
    }

    /// Reads the adapter's prices out of a body.
    pub fn parse(&self, body: &[u8]) -> Result<Vec<LivePrice>, ParseError> {
        match self.kind {
            AdapterKind::Json => parse_json(body, &self.symbols, &self.changes),
            AdapterKind::Binance => parse_binance(body, &self.symbols),
            AdapterKind::Tcmb => parse_tcmb(body, &self.symbols),
        }
    }
}

/// A number, or a number written as a string ("97000.50", "41,82").
fn number(v: &serde_json::Value) -> Option<f64> {
    match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => text_number(s),
        _ => None,
    }
}

fn text_number(s: &str) -> Option<f64> {
    let s = s.trim();
    let s = if s.contains(',') && !s.contains('.') { s.replace(',', ".") } else { s.to_string() };
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn parse_json(
    body: &[u8],
    symbols: &BTreeMap<String, String>,
    changes: &BTreeMap<String, String>,
) -> Result<Vec<LivePrice>, ParseError> {
    let doc: serde_json::Value = serde_json::from_slice(body).map_err(|e| ParseError::Json(e.to_string()))?;
    let at = |symbol: &str, pointer: &str| -> Result<f64, ParseError> {
        let v =
            doc.pointer(pointer).ok_or_else(|| ParseError::Missing { symbol: symbol.into(), at: pointer.into() })?;
        number(v).ok_or_else(|| ParseError::NotANumber {
            symbol: symbol.into(),
            at: pointer.into(),
            value: v.to_string(),
        })
    };
    symbols
        .iter()
        .map(|(symbol, pointer)| {
            let change_pct = changes.get(symbol).map(|p| at(symbol, p)).transpose()?;
            Ok(LivePrice { symbol: symbol.clone(), price: at(symbol, pointer)?, change_pct })
        })
        .collect()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BinanceTicker {
    symbol: String,
    last_price: String,
    price_change_percent: Option<String>,
}

/// Binance's `ticker/24hr` answers one object, or a list when asked for several.
#[derive(Deserialize)]
#[serde(untagged)]
enum BinanceBody {
    Many(Vec<BinanceTicker>),
    One(BinanceTicker),
}

fn parse_binance(body: &[u8], symbols: &BTreeMap<String, String>) -> Result<Vec<LivePrice>, ParseError> {
    let tickers = match serde_json::from_slice::<BinanceBody>(body).map_err(|e| ParseError::Json(e.to_string()))? {
        BinanceBody::Many(v) => v,
        BinanceBody::One(t) => vec![t],
    };
    symbols
        .iter()
        .map(|(symbol, pair)| {
            let t = tickers
                .iter()
                .find(|t| t.symbol == *pair)
                .ok_or_else(|| ParseError::Missing { symbol: symbol.clone(), at: pair.clone() })?;
            let price = text_number(&t.last_price).ok_or_else(|| ParseError::NotANumber {
                symbol: symbol.clone(),
                at: format!("{pair}.lastPrice"),
                value: t.last_price.clone(),
            })?;
            let change_pct = t.price_change_percent.as_deref().and_then(text_number);
            Ok(LivePrice { symbol: symbol.clone(), price, change_pct })
        })
        .collect()
}

/// One `<Currency>` of TCMB's file.
#[derive(Default)]
struct TcmbCurrency {
    unit: Option<f64>,
    buying: Option<f64>,
    selling: Option<f64>,
}

fn parse_tcmb(body: &[u8], symbols: &BTreeMap<String, String>) -> Result<Vec<LivePrice>, ParseError> {
    use quick_xml::events::Event;
    let text = std::str::from_utf8(body).map_err(|e| ParseError::Xml(e.to_string()))?;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut found: BTreeMap<String, TcmbCurrency> = BTreeMap::new();
    let (mut code, mut field): (Option<String>, Option<String>) = (None, None);
    let mut root = false;
    loop {
        match reader.read_event().map_err(|e| ParseError::Xml(e.to_string()))? {
            Event::Start(e) if e.name().as_ref() == "Tarih_Date" => root = true,
            Event::Start(e) if e.name().as_ref() == "Currency" => {
                let kod = e.try_get_attribute("Kod").map_err(|e| ParseError::Xml(e.to_string()))?;
                code = kod.map(|a| a.value.into_owned());
            }
            Event::Start(e) => field = Some(e.name().as_ref().to_string()),
            Event::Text(t) => {
                if let (Some(c), Some(f)) = (&code, &field) {
                    let v = text_number(&t.xml10_content());
                    let cur = found.entry(c.clone()).or_default();
                    match f.as_str() {
                        "Unit" => cur.unit = v,
                        "ForexBuying" => cur.buying = v,
                        "ForexSelling" => cur.selling = v,
                        _ => {}
                    }
                }
            }
            Event::End(e) if e.name().as_ref() == "Currency" => code = None,
            Event::End(_) => field = None,
            Event::Eof => break,
            _ => {}
        }
    }
    if !root {
        return Err(ParseError::Xml("no <Tarih_Date> element: not TCMB's daily rates".into()));
    }
    symbols
        .iter()
        .map(|(symbol, kod)| {
            let missing = || ParseError::Missing { symbol: symbol.clone(), at: format!("Currency Kod=\"{kod}\"") };
            let c = found.get(kod).ok_or_else(missing)?;
            let (Some(buy), Some(sell)) = (c.buying, c.selling) else { return Err(missing()) };
            let unit = c.unit.filter(|u| *u > 0.0).unwrap_or(1.0);
            Ok(LivePrice { symbol: symbol.clone(), price: (buy + sell) / 2.0 / unit, change_pct: None })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adapter(kind: AdapterKind, symbols: &[(&str, &str)]) -> AdapterSettings {
        AdapterSettings {
            name: "t".into(),
            kind,
            url: "http://127.0.0.1/x".into(),
            interval_ms: 60_000,
            symbols: symbols.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
            changes: BTreeMap::new(),
        }
    }

    #[test]
    fn a_json_pointer_finds_numbers_and_numeric_strings() {
        let mut a = adapter(AdapterKind::Json, &[("THYAO", "/q/THYAO/last"), ("GARAN", "/q/GARAN/last")]);
        a.changes.insert("THYAO".into(), "/q/THYAO/chg".into());
        let body = br#"{"q":{"THYAO":{"last":312.4,"chg":"-1,5"},"GARAN":{"last":"128,10"}}}"#;
        let p = a.parse(body).unwrap();
        assert_eq!(p[0], LivePrice { symbol: "GARAN".into(), price: 128.1, change_pct: None });
        assert_eq!(p[1], LivePrice { symbol: "THYAO".into(), price: 312.4, change_pct: Some(-1.5) });
        assert!(matches!(a.parse(br#"{"q":{"THYAO":{"last":1}}}"#), Err(ParseError::Missing { .. })));
        assert!(matches!(a.parse(b"{\"q\":"), Err(ParseError::Json(_))));
        let bad = br#"{"q":{"THYAO":{"last":"yok","chg":1},"GARAN":{"last":1}}}"#;
        assert_eq!(a.parse(bad).unwrap_err().to_string(), "THYAO: '\"yok\"' at /q/THYAO/last is not a number");
    }

    #[test]
    fn the_exchange_ticker_gives_price_and_daily_change() {
        let a = adapter(AdapterKind::Binance, &[("BTCUSD", "BTCUSDT")]);
        let many = br#"[{"symbol":"ETHUSDT","lastPrice":"3500.1","priceChangePercent":"2.0"},
                        {"symbol":"BTCUSDT","lastPrice":"97000.50","priceChangePercent":"-1.250"}]"#;
        assert_eq!(
            a.parse(many).unwrap(),
            [LivePrice { symbol: "BTCUSD".into(), price: 97_000.5, change_pct: Some(-1.25) }]
        );
        let one = br#"{"symbol":"BTCUSDT","lastPrice":"96000","priceChangePercent":"0.5"}"#;
        assert_eq!(a.parse(one).unwrap()[0].price, 96_000.0);
        assert!(matches!(a.parse(br#"[{"symbol":"ETHUSDT","lastPrice":"1"}]"#), Err(ParseError::Missing { .. })));
        assert!(matches!(a.parse(b"<html>"), Err(ParseError::Json(_))));
    }

    #[test]
    fn the_central_banks_file_gives_the_middle_rate_per_unit() {
        let a = adapter(AdapterKind::Tcmb, &[("USDTRY", "USD"), ("JPYTRY", "JPY")]);
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
            <Tarih_Date Tarih="04.12.2026" Date="12/04/2026" Bulten_No="2026/230">
              <Currency CrossOrder="0" Kod="USD" CurrencyCode="USD">
                <Unit>1</Unit><Isim>ABD DOLARI</Isim><CurrencyName>US DOLLAR</CurrencyName>
                <ForexBuying>41.8000</ForexBuying><ForexSelling>41.9000</ForexSelling>
                <BanknoteBuying>41.7</BanknoteBuying><BanknoteSelling>42.0</BanknoteSelling>
                <CrossRateUSD/><CrossRateOther/>
              </Currency>
              <Currency CrossOrder="9" Kod="JPY" CurrencyCode="JPY">
                <Unit>100</Unit><ForexBuying>27.90</ForexBuying><ForexSelling>28.10</ForexSelling>
              </Currency>
            </Tarih_Date>"#;
        let p = a.parse(xml.as_bytes()).unwrap();
        assert_eq!(p[0].symbol, "JPYTRY");
        assert!((p[0].price - 0.28).abs() < 1e-9);
        assert!((p[1].price - 41.85).abs() < 1e-9);
        assert!(matches!(a.parse(b"<html><body>bakim</body></html>"), Err(ParseError::Xml(_))));
        assert!(a.parse(b"<Tarih_Date><Currency Kod=\"USD\"><Unit>1</Unit>").is_err(), "cut off: no rate");
    }

    #[test]
    fn settings_errors_name_the_key() {
        let mut a = adapter(AdapterKind::Json, &[("THYAO", "q.last")]);
        assert_eq!(
            a.validate("market.adapters[0]").unwrap_err(),
            "market.adapters[0].symbols.THYAO: 'q.last' is not a JSON Pointer (write /path/to/price)"
        );
        a.symbols = [("thy".to_string(), "/x".to_string())].into();
        assert!(a.validate("k").unwrap_err().starts_with("k.symbols: 'thy' is not a symbol"));
        a.symbols = [("THYAO".to_string(), "/x".to_string())].into();
        a.interval_ms = 10;
        assert!(a.validate("k").unwrap_err().starts_with("k.interval_ms: at least 1000"));
        a.interval_ms = 60_000;
        a.url = "ftp://x".into();
        assert!(a.validate("k").unwrap_err().starts_with("k.url:"));
    }
}
