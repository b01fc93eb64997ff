//! Scenario files: what happens when, written by an operator in YAML and
//! replayed the same way live and in `piyasa simulate`.
//!
//! ```yaml
//! name: faiz-gunu
//! events:
//!   - at: "+10m"                 # after the start (s, m, h, d), or "14:00" local time
//!     headline: "THY yolcu sayısında rekor kırdı"
//!   - at: "+30m"
//!     jump: -8%                  # a price shock on a symbol
//!     symbol: THYAO
//!   - at: "10:00"
//!     earnings: GARAN            # an earnings release: headline and jump
//!     result: beat               # beat, miss or inline
//!   - at: "14:00"
//!     rate_decision: 250         # basis points (+ hike, − cut, 0 hold)
//!     bank: TCMB                 # TCMB (default) or Fed
//! ```
//!
//! Every error names the line of the event (or of the YAML fault).

use crate::ids::Millis;
use crate::market::sim::MAX_SHOCK_PCT;
use crate::market::{Headline, MACRO, instrument};
use crate::news::operator_headline;
use serde::Deserialize;

/// A scenario file refused: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct ScenarioError {
    /// 1-based line in the file, when it can be told.
    pub line: Option<usize>,
    pub message: String,
}

/// When an event happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// This long after the scenario starts.
    After(i64),
    /// This local time (minutes after midnight), on the start day or the next.
    Clock(u32),
}

/// What one event does: perhaps a headline, perhaps price shocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at: At,
    /// The line of the event in the file.
    pub line: usize,
    pub headline: Option<Headline>,
    /// (symbol, percent) shocks; when there are none, the headline's own
    /// direction moves simulated prices.
    pub shocks: Vec<(String, f64)>,
}

/// A parsed, valid scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub events: Vec<Event>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    name: Option<String>,
    #[serde(default)]
    description: String,
    events: Vec<RawEvent>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    at: yaml_serde::Value,
    headline: Option<String>,
    symbol: Option<String>,
    direction: Option<String>,
    jump: Option<yaml_serde::Value>,
    earnings: Option<String>,
    result: Option<String>,
    rate_decision: Option<i64>,
    bank: Option<String>,
}

impl Scenario {
    /// Parses and validates a scenario file; `fallback_name` names it when
    /// the file does not (its file name).
    pub fn parse(text: &str, fallback_name: &str) -> Result<Scenario, ScenarioError> {
        let raw: RawScenario = yaml_serde::from_str(text).map_err(|e| ScenarioError {
            line: e.location().map(|l| l.line()),
            message: e.to_string().split(" at line ").next().unwrap_or_default().to_string(),
        })?;
        let lines = item_lines(text);
        if raw.events.is_empty() {
            return Err(ScenarioError { line: None, message: "events: the scenario has no events".into() });
        }
        let name = raw.name.unwrap_or_else(|| fallback_name.to_string()).trim().to_string();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(ScenarioError { line: None, message: "name: 1 to 64 characters".into() });
        }
        let source = format!("scenario:{name}");
        let mut events = Vec::with_capacity(raw.events.len());
        for (i, e) in raw.events.into_iter().enumerate() {
            let line = lines.get(i).copied().unwrap_or(0);
            let err = |message: String| ScenarioError { line: (line > 0).then_some(line), message };
            events.push(event(e, line, &source).map_err(err)?);
        }
        Ok(Scenario { name, description: raw.description, events })
    }

    /// The events in time order (ties in file order) from `start`, with
    /// clock times in the room's time zone.
    pub fn timeline(&self, start: Millis, utc_offset_minutes: i32) -> Vec<(Millis, &Event)> {
        let mut out: Vec<(Millis, &Event)> =
            self.events.iter().map(|e| (resolve(e.at, start, utc_offset_minutes), e)).collect();
        out.sort_by_key(|(t, e)| (*t, e.line));
        out
    }
}

/// When `at` falls for a scenario started at `start`.
pub fn resolve(at: At, start: Millis, utc_offset_minutes: i32) -> Millis {
    match at {
        At::After(ms) => start.plus_ms(ms),
        At::Clock(minute) => {
            let (now_minute, _) = start.local_minute_of_day(utc_offset_minutes);
            let second_ms = start.0.rem_euclid(60_000);
            let mut delta = (i64::from(minute) - i64::from(now_minute)) * 60_000 - second_ms;
            if delta < 0 {
                delta += Millis::DAY;
            }
            start.plus_ms(delta)
        }
    }
}

fn event(e: RawEvent, line: usize, source: &str) -> Result<Event, String> {
    let at = parse_at(&e.at)?;
    let kinds = [e.headline.is_some(), e.earnings.is_some(), e.rate_decision.is_some()];
    if kinds.iter().filter(|k| **k).count() > 1 {
        return Err("an event is one of headline, earnings or rate_decision".into());
    }
    let symbol = e.symbol.as_deref().map(known_symbol).transpose()?;
    let jump = e.jump.as_ref().map(parse_jump).transpose()?;
    let direction = e.direction.as_deref().map(parse_direction).transpose()?;
    if let Some(name) = &e.earnings {
        if e.symbol.is_some() || e.direction.is_some() {
            return Err("earnings: names its symbol itself (earnings: THYAO); leave out symbol and direction".into());
        }
        return earnings(at, line, known_symbol(name)?, e.result.as_deref(), jump, source);
    }
    if e.result.is_some() {
        return Err("result: belongs to an earnings event".into());
    }
    if let Some(bp) = e.rate_decision {
        if e.symbol.is_some() || e.direction.is_some() || jump.is_some() {
            return Err("rate_decision: moves its own symbols; leave out symbol, direction and jump".into());
        }
        return rate_decision(at, line, bp, e.bank.as_deref(), source);
    }
    if e.bank.is_some() {
        return Err("bank: belongs to a rate_decision event".into());
    }
    if let Some(text) = &e.headline {
        if text.trim().chars().count() < 3 {
            return Err("headline: write the headline's text".into());
        }
        if jump.is_some() && symbol.is_none() {
            return Err("jump: needs a symbol (symbol: THYAO)".into());
        }
        let h = operator_headline(text, symbol, direction, source);
        let shocks = jump.map(|j| vec![(h.symbol.clone(), j)]).unwrap_or_default();
        return Ok(Event { at, line, headline: Some(h), shocks });
    }
    match (symbol, jump) {
        (Some(s), Some(j)) if s != MACRO && direction.is_none() => {
            Ok(Event { at, line, headline: None, shocks: vec![(s.to_string(), j)] })
        }
        (_, Some(_)) if direction.is_some() => Err("direction: belongs to a headline".into()),
        (Some(MACRO), Some(_)) => Err("jump: MACRO has no price; name a symbol".into()),
        (None, Some(_)) => Err("jump: needs a symbol (symbol: THYAO)".into()),
        _ => Err("an event needs headline, jump (with symbol), earnings or rate_decision".into()),
    }
}

fn earnings(
    at: At,
    line: usize,
    symbol: &'static str,
    result: Option<&str>,
    jump: Option<f64>,
    source: &str,
) -> Result<Event, String> {
    let inst = instrument(symbol).ok_or_else(|| format!("earnings: {symbol} has no price"))?;
    // A surprise moves a stock about two days' volatility.
    let usual = (inst.daily_vol * 200.0 * 10.0).round() / 10.0;
    let (text, direction, pct) = match result {
        Some("beat") => (format!("{} çeyreklik bilançosu beklentilerin üzerinde geldi", inst.name), 1, usual),
        Some("miss") => (format!("{} çeyreklik bilançosu beklentilerin altında kaldı", inst.name), -1, -usual),
        Some("inline") => (format!("{} çeyreklik bilançosu beklentilere paralel geldi", inst.name), 0, 0.0),
        Some(other) => return Err(format!("result: '{other}' is not beat, miss or inline")),
        None => return Err("result: an earnings event needs result: beat, miss or inline".into()),
    };
    let h = operator_headline(&text, Some(symbol), Some(direction), source);
    let pct = jump.unwrap_or(pct);
    let shocks = if pct == 0.0 { Vec::new() } else { vec![(symbol.to_string(), pct)] };
    Ok(Event { at, line, headline: Some(h), shocks })
}

fn rate_decision(at: At, line: usize, bp: i64, bank: Option<&str>, source: &str) -> Result<Event, String> {
    if bp.abs() > 2_000 {
        return Err(format!("rate_decision: {bp} basis points is out of range (±2000)"));
    }
    // (name, [(symbol, percent per 100 bp of hike)]).
    let (name, effects): (&str, &[(&str, f64)]) = match bank.unwrap_or("TCMB") {
        "TCMB" => ("Merkez Bankası", &[("USDTRY", -0.4), ("XU100", -0.8), ("GARAN", -1.0), ("AKBNK", -1.0)]),
        "Fed" => ("Fed", &[("USDTRY", 0.3), ("XU100", -0.5), ("BTCUSD", -2.0), ("GRAMALTIN", -0.8)]),
        other => return Err(format!("bank: '{other}' is not TCMB or Fed")),
    };
    let size = bp.abs() as f64 / 100.0;
    let (text, direction) = match bp.signum() {
        1 => (format!("{name} politika faizini {bp} baz puan artırdı"), -1),
        -1 => (format!("{name} politika faizini {} baz puan indirdi", -bp), 1),
        _ => (format!("{name} politika faizini sabit bıraktı"), 0),
    };
    let h = operator_headline(&text, Some(MACRO), Some(direction), source);
    let sign = bp.signum() as f64;
    let shocks = effects
        .iter()
        .map(|(s, per)| ((*s).to_string(), (sign * per * size * 10.0).round() / 10.0))
        .filter(|(_, pct)| *pct != 0.0)
        .map(|(s, pct)| (s, pct.clamp(-MAX_SHOCK_PCT, MAX_SHOCK_PCT)))
        .collect();
    Ok(Event { at, line, headline: Some(h), shocks })
}

fn known_symbol(s: &str) -> Result<&'static str, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case(MACRO) {
        return Ok(MACRO);
    }
    instrument(s).map(|i| i.symbol).ok_or_else(|| {
        let known: Vec<&str> = crate::market::INSTRUMENTS.iter().map(|i| i.symbol).collect();
        format!("symbol: '{s}' is not a market symbol ({} or MACRO)", known.join(", "))
    })
}

fn parse_direction(s: &str) -> Result<i8, String> {
    match s.trim() {
        "up" | "+" => Ok(1),
        "down" | "-" => Ok(-1),
        "flat" | "0" => Ok(0),
        other => Err(format!("direction: '{other}' is not up, down or flat")),
    }
}

fn parse_jump(v: &yaml_serde::Value) -> Result<f64, String> {
    let pct = match v {
        yaml_serde::Value::Number(n) => n.as_f64(),
        yaml_serde::Value::String(s) => s.trim().trim_end_matches('%').trim().replace(',', ".").parse().ok(),
        _ => None,
    }
    .ok_or_else(|| format!("jump: {} is not a percentage (write -8% or 3.5)", yaml_text(v)))?;
    if !pct.is_finite() || pct == 0.0 || pct.abs() > MAX_SHOCK_PCT {
        return Err(format!("jump: {pct}% is out of range (not 0, at most ±{MAX_SHOCK_PCT}%)"));
    }
    Ok(pct)
}

/// [`parse_at`] of a command-line argument; `now` is `+0s`.
pub fn parse_at_text(text: &str) -> Result<At, String> {
    if text.trim() == "now" {
        return Ok(At::After(0));
    }
    parse_at(&yaml_serde::Value::String(text.to_string()))
}

/// A shock's size from a command-line argument (`-8%`, `3.5`).
pub fn parse_jump_text(text: &str) -> Result<f64, String> {
    parse_jump(&yaml_serde::Value::String(text.to_string()))
}

/// Parses `+90s`, `15m`, `+1h30m`, `+1d` (after the start) or `14:00` (local time).
pub fn parse_at(v: &yaml_serde::Value) -> Result<At, String> {
    let text = match v {
        yaml_serde::Value::String(s) => s.trim().to_string(),
        other => yaml_text(other),
    };
    let bad = || format!("at: '{text}' is not a time (write +90s, +15m, +1h30m, +1d or 14:00)");
    if let Some((h, m)) = text.split_once(':') {
        let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if h > 23 || m > 59 || text.len() != 5 {
            return Err(bad());
        }
        return Ok(At::Clock(h * 60 + m));
    }
    let body = text.strip_prefix('+').unwrap_or(&text);
    if body.is_empty() || body.starts_with('-') {
        return Err(bad());
    }
    let (mut total, mut number) = (0i64, String::new());
    for c in body.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            's' => 1_000,
            'm' => 60_000,
            'h' => Millis::HOUR,
            'd' => Millis::DAY,
            _ => return Err(bad()),
        };
        let n: i64 = number.parse().map_err(|_| bad())?;
        total = total.checked_add(n.checked_mul(unit).ok_or_else(bad)?).ok_or_else(bad)?;
        number.clear();
    }
    if !number.is_empty() || total > 30 * Millis::DAY {
        return Err(bad());
    }
    Ok(At::After(total))
}

fn yaml_text(v: &yaml_serde::Value) -> String {
    yaml_serde::to_string(v).unwrap_or_default().trim().to_string()
}

/// The 1-based line of each item of the top-level `events:` list.
fn item_lines(text: &str) -> Vec<usize> {
    let (mut in_events, mut indent, mut out) = (false, None, Vec::new());
    for (n, line) in text.lines().enumerate() {
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let here = line.len() - body.len();
        let item = body == "-" || body.starts_with("- ");
        if here == 0 && !(in_events && item) {
            in_events = body.starts_with("events:");
            continue;
        }
        if in_events && item && *indent.get_or_insert(here) == here {
            out.push(n + 1);
        }
    }
    out
}

#[cfg(test)]
mod tests;
