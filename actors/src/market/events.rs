//! Operators' events: a headline, price shocks, or both. Applied at once
//! (the API, the console) or queued in the store with a due time (the CLI,
//! scenario files): the running market takes queued ones as they fall due,
//! whichever process queued them.

use engine::ids::Millis;
use engine::market::Headline;
use engine::scenario::Scenario;
use schema::{MarketEventRow, NewMarketEvent};

/// A headline and/or shocks (symbol, percent) on simulated prices.
#[derive(Debug, Clone, PartialEq)]
pub struct MarketEvent {
    pub headline: Option<Headline>,
    pub shocks: Vec<(String, f64)>,
    /// `cli`, `api`, `scenario:NAME`.
    pub origin: String,
}

impl MarketEvent {
    /// The row that queues it (or records it applied at `applied_at`).
    pub fn to_row(&self, due: Millis, now: Millis, applied_at: Option<Millis>) -> NewMarketEvent {
        NewMarketEvent {
            due_at: due.0,
            // unwrap: plain data always serialises.
            headline: self.headline.as_ref().map(|h| serde_json::to_string(h).unwrap()),
            shocks: serde_json::to_string(&self.shocks).unwrap(),
            origin: self.origin.clone(),
            created_at: now.0,
            applied_at: applied_at.map(|t| t.0),
        }
    }

    /// The event a stored row holds.
    pub fn from_row(row: &MarketEventRow) -> Result<MarketEvent, serde_json::Error> {
        let headline = row.headline.as_deref().map(serde_json::from_str).transpose()?;
        let shocks = serde_json::from_str(&row.shocks)?;
        Ok(MarketEvent { headline, shocks, origin: row.origin.clone() })
    }

    /// A scenario's events with their due times from `start`.
    pub fn timeline(s: &Scenario, start: Millis, utc_offset_minutes: i32) -> Vec<(Millis, MarketEvent)> {
        let origin = format!("scenario:{}", s.name);
        s.timeline(start, utc_offset_minutes)
            .into_iter()
            .map(|(at, e)| {
                (at, MarketEvent { headline: e.headline.clone(), shocks: e.shocks.clone(), origin: origin.clone() })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_survives_the_store_row_unchanged() {
        let h = engine::news::operator_headline("THY'ye soruşturma", Some("THYAO"), Some(-1), "cli");
        let ev = MarketEvent { headline: Some(h), shocks: vec![("THYAO".into(), -8.5)], origin: "cli".into() };
        let row = ev.to_row(Millis(10), Millis(5), None);
        let stored = MarketEventRow {
            id: 1,
            due_at: row.due_at,
            headline: row.headline,
            shocks: row.shocks,
            origin: row.origin,
            created_at: row.created_at,
            applied_at: row.applied_at,
        };
        assert_eq!(MarketEvent::from_row(&stored).unwrap(), ev);
    }
}
