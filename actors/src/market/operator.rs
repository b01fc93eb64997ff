//! What operators do to the market, as typed methods: inject a headline or
//! a price shock now, schedule a scenario, call one off, read the status.
//! The CLI (another process) queues events in the store instead, and the
//! running market applies them as they fall due. Every input is checked
//! first; a refusal names the field and changes nothing.

use super::{Applied, Apply, MarketEvent, MarketStatus, Snapshot, Status};
use crate::Community;
use engine::ids::Millis;
use engine::market::sim::MAX_SHOCK_PCT;
use engine::market::{MACRO, PriceMode, Quote, instrument};
use engine::scenario::Scenario;
use schema::{MarketEventRow, Store};

/// Why an operator's input was refused (the field first, as the API shows it).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MarketInputError {
    #[error("symbol: '{0}' is not a market symbol")]
    UnknownSymbol(String),
    #[error("text: a headline is 3 to {max} characters", max = engine::news::MAX_HEADLINE_CHARS)]
    BadHeadline,
    #[error("direction: {0} is not up (1), down (-1) or flat (0)")]
    BadDirection(i8),
    #[error("jump: {0}% is out of range (not 0, at most ±{MAX_SHOCK_PCT}%)")]
    BadJump(f64),
    #[error("the market is not running")]
    Stopped,
    #[error("the store failed: {0}")]
    Store(String),
}

fn store_err(e: schema::StoreError) -> MarketInputError {
    MarketInputError::Store(e.to_string())
}

/// A known symbol's canonical spelling, or MACRO.
fn symbol(s: &str) -> Result<&'static str, MarketInputError> {
    if s.trim().eq_ignore_ascii_case(MACRO) {
        return Ok(MACRO);
    }
    instrument(s.trim()).map(|i| i.symbol).ok_or_else(|| MarketInputError::UnknownSymbol(s.trim().to_string()))
}

/// A checked headline event (the rules fill in what is not given).
pub fn headline_event(
    text: &str,
    symbol_: Option<&str>,
    direction: Option<i8>,
    origin: &str,
) -> Result<MarketEvent, MarketInputError> {
    let n = text.trim().chars().count();
    if !(3..=engine::news::MAX_HEADLINE_CHARS).contains(&n) {
        return Err(MarketInputError::BadHeadline);
    }
    if let Some(d) = direction.filter(|d| !(-1..=1).contains(d)) {
        return Err(MarketInputError::BadDirection(d));
    }
    let s = symbol_.map(symbol).transpose()?;
    let headline = engine::news::operator_headline(text, s, direction, origin);
    Ok(MarketEvent { headline: Some(headline), shocks: Vec::new(), origin: origin.to_string() })
}

/// A checked price shock.
pub fn shock_event(symbol_: &str, pct: f64, origin: &str) -> Result<MarketEvent, MarketInputError> {
    let s = symbol(symbol_)?;
    if s == MACRO {
        return Err(MarketInputError::UnknownSymbol(MACRO.into()));
    }
    if !pct.is_finite() || pct == 0.0 || pct.abs() > MAX_SHOCK_PCT {
        return Err(MarketInputError::BadJump(pct));
    }
    Ok(MarketEvent { headline: None, shocks: vec![(s.to_string(), pct)], origin: origin.to_string() })
}

/// Queues events in the store for the running market (the CLI's way in).
pub async fn queue(store: &Store, events: &[(Millis, MarketEvent)], now: Millis) -> Result<Vec<i64>, MarketInputError> {
    let rows: Vec<_> = events.iter().map(|(due, e)| e.to_row(*due, now, None)).collect();
    store.add_market_events(&rows).await.map_err(store_err)
}

impl Community {
    /// Applies an event now to the simulated rooms (recorded in the store).
    pub async fn apply_market_event(&self, ev: MarketEvent) -> Result<Applied, MarketInputError> {
        let now = self.clock.now();
        self.store.add_market_events(&[ev.to_row(now, now, Some(now))]).await.map_err(store_err)?;
        self.market.send(Apply(ev)).await.map_err(|_| MarketInputError::Stopped)
    }

    /// A headline now; `symbol` and `direction` override the rules.
    pub async fn inject_headline(
        &self,
        text: &str,
        symbol: Option<&str>,
        direction: Option<i8>,
        origin: &str,
    ) -> Result<Applied, MarketInputError> {
        self.apply_market_event(headline_event(text, symbol, direction, origin)?).await
    }

    /// A price shock of `pct` percent on `symbol` now.
    pub async fn shock(&self, symbol: &str, pct: f64, origin: &str) -> Result<Applied, MarketInputError> {
        self.apply_market_event(shock_event(symbol, pct, origin)?).await
    }

    /// Queues a scenario's events from `start` (clock times in the rooms' time zone); their ids.
    pub async fn schedule_scenario(
        &self,
        scenario: &Scenario,
        start: Millis,
        utc_offset_minutes: i32,
    ) -> Result<Vec<i64>, MarketInputError> {
        let events = MarketEvent::timeline(scenario, start, utc_offset_minutes);
        queue(&self.store, &events, self.clock.now()).await
    }

    /// Drops a scenario's events that have not happened yet; how many.
    pub async fn cancel_scenario(&self, name: &str) -> Result<usize, MarketInputError> {
        self.store.cancel_market_events(&format!("scenario:{name}")).await.map_err(store_err)
    }

    /// Events queued and not yet applied, soonest first.
    pub async fn pending_market_events(&self) -> Result<Vec<MarketEventRow>, MarketInputError> {
        self.store.pending_market_events().await.map_err(store_err)
    }

    /// Both books, the sources' health, the last headlines.
    pub async fn market_status(&self) -> Result<MarketStatus, MarketInputError> {
        self.market.send(Status).await.map_err(|_| MarketInputError::Stopped)
    }

    /// The quotes of one book.
    pub async fn quotes(&self, book: PriceMode) -> Result<Vec<Quote>, MarketInputError> {
        self.market.send(Snapshot(book)).await.map_err(|_| MarketInputError::Stopped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_inputs_name_their_field() {
        assert_eq!(shock_event("THYOA", 5.0, "t").unwrap_err().to_string(), "symbol: 'THYOA' is not a market symbol");
        assert!(shock_event("THYAO", 0.0, "t").unwrap_err().to_string().starts_with("jump: 0%"));
        assert!(shock_event("THYAO", 75.0, "t").is_err());
        assert!(shock_event("MACRO", 5.0, "t").is_err());
        assert!(headline_event("x", None, None, "t").unwrap_err().to_string().starts_with("text:"));
        assert!(headline_event("Bir haber", None, Some(3), "t").unwrap_err().to_string().starts_with("direction:"));
        let ok = headline_event("THY rekor kırdı", Some("thyao"), None, "cli").unwrap();
        assert_eq!(ok.headline.unwrap().symbol, "THYAO");
        assert_eq!(shock_event("garan", -8.0, "cli").unwrap().shocks, [("GARAN".to_string(), -8.0)]);
    }
}
