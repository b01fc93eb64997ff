//! `trades`: every trade a bot made. A bot's books are its persona's opening
//! plus its trades in order ([`engine::book::Book::replay`]); rows are only
//! ever added. A stored row that is not a trade (unknown side or reason) is
//! reported as corrupt, naming the row.

use crate::schema::trades;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use engine::book::{Reason, Side, Trade};
use engine::ids::Millis;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = trades)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct TradeRow {
    pub id: i64,
    pub bot_id: String,
    pub symbol: String,
    pub side: String,
    pub qty: f64,
    pub price: f64,
    pub reason: String,
    pub at_ms: i64,
}

impl TradeRow {
    pub fn trade(&self) -> Result<Trade, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("trade {}: {what}", self.id));
        Ok(Trade {
            symbol: self.symbol.clone(),
            side: Side::parse(&self.side).ok_or_else(|| corrupt(&format!("side '{}'", self.side)))?,
            qty: self.qty,
            price: self.price,
            at: Millis(self.at_ms),
            reason: Reason::parse(&self.reason).ok_or_else(|| corrupt(&format!("reason '{}'", self.reason)))?,
        })
    }
}

impl Store {
    /// Records a bot's trade.
    pub async fn record_trade(&self, bot_id: &str, t: &Trade) -> Result<(), StoreError> {
        let row = (
            trades::bot_id.eq(bot_id),
            trades::symbol.eq(t.symbol.as_str()),
            trades::side.eq(t.side.as_str()),
            trades::qty.eq(t.qty),
            trades::price.eq(t.price),
            trades::reason.eq(t.reason.as_str()),
            trades::at_ms.eq(t.at.0),
        );
        with_conn!(self, |c| {
            diesel::insert_into(trades::table).values(row).execute(c).await?;
            Ok(())
        })
    }

    /// A bot's trades, oldest first.
    pub async fn trades_of(&self, bot_id: &str) -> Result<Vec<Trade>, StoreError> {
        let rows: Vec<TradeRow> = with_conn!(self, |c| Ok::<_, StoreError>(
            trades::table
                .filter(trades::bot_id.eq(bot_id))
                .order(trades::id.asc())
                .select(TradeRow::as_select())
                .load(c)
                .await?
        ))?;
        rows.iter().map(TradeRow::trade).collect()
    }
}
