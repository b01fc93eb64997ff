//! `market_quotes`: the last known price of each symbol in each book
//! (simulated, live), so a restart goes on from them.

use crate::schema::market_quotes;
use crate::types::PriceModeColumn;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::{AsyncConnection, RunQueryDsl};
use engine::market::{PriceMode, SavedQuote};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = market_quotes)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct QuoteRow {
    #[diesel(serialize_as = PriceModeColumn, deserialize_as = PriceModeColumn)]
    book: PriceMode,
    symbol: String,
    price: f64,
    reference: f64,
    change_pct: Option<f64>,
    source: String,
    updated_at: i64,
}

impl Store {
    /// Writes (or replaces) the book's prices.
    pub async fn save_quotes(&self, book: PriceMode, quotes: &[SavedQuote]) -> Result<(), StoreError> {
        if quotes.is_empty() {
            return Ok(());
        }
        let rows: Vec<QuoteRow> = quotes
            .iter()
            .map(|q| QuoteRow {
                book,
                symbol: q.symbol.clone(),
                price: q.price,
                reference: q.reference,
                change_pct: q.change_pct,
                source: q.source.clone(),
                updated_at: q.at_ms,
            })
            .collect();
        // One row at a time: SQLite takes no batch upsert; one transaction for all.
        with_conn!(self, |c| c
            .transaction::<_, StoreError, _>(async |c| {
                for row in rows {
                    diesel::insert_into(market_quotes::table)
                        .values(row)
                        .on_conflict((market_quotes::book, market_quotes::symbol))
                        .do_update()
                        .set((
                            market_quotes::price.eq(excluded(market_quotes::price)),
                            market_quotes::reference.eq(excluded(market_quotes::reference)),
                            market_quotes::change_pct.eq(excluded(market_quotes::change_pct)),
                            market_quotes::source.eq(excluded(market_quotes::source)),
                            market_quotes::updated_at.eq(excluded(market_quotes::updated_at)),
                        ))
                        .execute(c)
                        .await?;
                }
                Ok(())
            })
            .await)
    }

    /// The book's last known prices, by symbol.
    pub async fn quotes(&self, book: PriceMode) -> Result<Vec<SavedQuote>, StoreError> {
        let rows: Vec<QuoteRow> = with_conn!(self, |c| market_quotes::table
            .filter(market_quotes::book.eq(PriceModeColumn(book)))
            .order(market_quotes::symbol.asc())
            .select(QuoteRow::as_select())
            .load(c)
            .await)?;
        Ok(rows
            .into_iter()
            .map(|r| SavedQuote {
                symbol: r.symbol,
                price: r.price,
                reference: r.reference,
                change_pct: r.change_pct,
                source: r.source,
                at_ms: r.updated_at,
            })
            .collect())
    }
}
