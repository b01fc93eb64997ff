//! `market_events`: headlines and shocks that operators injected or
//! scheduled (the CLI, the API, scenario files). The running market takes
//! the due ones and marks each applied, so one applies once, even across a
//! restart, and another process (`piyasa market inject`) can queue them.

use crate::schema::market_events;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};

/// An event to queue. `headline` and `shocks` are the engine's JSON
/// (`Headline`, `[[symbol, percent]]`).
#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = market_events)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct NewMarketEvent {
    pub due_at: i64,
    pub headline: Option<String>,
    pub shocks: String,
    /// `cli`, `api`, `scenario:NAME`.
    pub origin: String,
    pub created_at: i64,
    /// Set when the event was applied at once (kept as a record).
    pub applied_at: Option<i64>,
}

/// A queued or applied event.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = market_events)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct MarketEventRow {
    pub id: i64,
    pub due_at: i64,
    pub headline: Option<String>,
    pub shocks: String,
    pub origin: String,
    pub created_at: i64,
    pub applied_at: Option<i64>,
}

impl Store {
    /// Queues events (all or none); their ids.
    pub async fn add_market_events(&self, events: &[NewMarketEvent]) -> Result<Vec<i64>, StoreError> {
        let rows = events.to_vec();
        with_conn!(self, |c| c
            .transaction::<_, StoreError, _>(async |c| {
                let mut ids = Vec::with_capacity(rows.len());
                for row in rows {
                    let id = diesel::insert_into(market_events::table)
                        .values(row)
                        .returning(market_events::id)
                        .get_result(c)
                        .await?;
                    ids.push(id);
                }
                Ok(ids)
            })
            .await)
    }

    /// Events due by `now` and not yet applied, oldest first.
    pub async fn due_market_events(&self, now_ms: i64, limit: i64) -> Result<Vec<MarketEventRow>, StoreError> {
        with_conn!(self, |c| Ok(market_events::table
            .filter(market_events::applied_at.is_null().and(market_events::due_at.le(now_ms)))
            .order((market_events::due_at.asc(), market_events::id.asc()))
            .limit(limit)
            .select(MarketEventRow::as_select())
            .load(c)
            .await?))
    }

    /// Events not yet applied, soonest first.
    pub async fn pending_market_events(&self) -> Result<Vec<MarketEventRow>, StoreError> {
        with_conn!(self, |c| Ok(market_events::table
            .filter(market_events::applied_at.is_null())
            .order((market_events::due_at.asc(), market_events::id.asc()))
            .select(MarketEventRow::as_select())
            .load(c)
            .await?))
    }

    /// Marks an event applied; false when it already was (another worker took it).
    pub async fn mark_market_event_applied(&self, id: i64, at_ms: i64) -> Result<bool, StoreError> {
        with_conn!(self, |c| Ok(diesel::update(
            market_events::table.filter(market_events::id.eq(id).and(market_events::applied_at.is_null()))
        )
        .set(market_events::applied_at.eq(at_ms))
        .execute(c)
        .await?
            == 1))
    }

    /// Drops queued events of an origin (a scenario called off); how many.
    pub async fn cancel_market_events(&self, origin: &str) -> Result<usize, StoreError> {
        with_conn!(self, |c| Ok(diesel::delete(
            market_events::table.filter(market_events::origin.eq(origin).and(market_events::applied_at.is_null()))
        )
        .execute(c)
        .await?))
    }
}
