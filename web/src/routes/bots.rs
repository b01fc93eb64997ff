//! `/api/bots`: every bot with its display name and persona;
//! `/api/bots/{bot}/book`: its books (cash, positions, PnL, trades) and,
//! where its rooms run in this process, its mood and beliefs.

use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use serde_json::json;

pub async fn list(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(read(&state).await?))
}

/// Every bot, as `GET /api/bots` answers (the console renders the same).
pub(crate) async fn read(state: &AppState) -> Result<Vec<serde_json::Value>, ApiError> {
    let rows = state.community.store.bots().await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let persona = row.persona()?;
        out.push(json!({
            "id": row.id,
            "display_name": row.display_name,
            "is_ai": true,
            "role": persona.role,
            "active": row.active,
            "mood": row.mood(),
        }));
    }
    Ok(out)
}

/// Trades shown by `GET /api/bots/{bot}/book`, newest first.
const TRADES_SHOWN: usize = 100;

/// `GET /api/bots/{bot}/book`: the bot's books from its stored trades,
/// marked to the last known prices (live where the live book has the
/// symbol, else simulated; at cost where neither has it).
pub async fn book(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    use engine::book::Book;
    use engine::market::{PriceMode, Quote};
    let store = &state.community.store;
    let row = store
        .bot(&path)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::BotNotFound, format!("no bot {}", path.as_str())))?;
    let persona = row.persona()?;
    let trades = store.trades_of(&row.id).await?;
    let book = Book::replay(&persona, trades.iter().cloned())
        .map_err(|e| schema::StoreError::Corrupt(format!("bot {}: trades do not fit the books: {e}", row.id)))?;
    let mut quotes: Vec<(Quote, &str)> = Vec::new();
    for mode in [PriceMode::Live, PriceMode::Simulated] {
        for q in store.quotes(mode).await? {
            if !quotes.iter().any(|(have, _)| have.symbol == q.symbol) {
                let quote =
                    Quote { symbol: q.symbol, name: String::new(), price: q.price, change_pct: 0.0, decimals: 2 };
                quotes.push((quote, mode.as_str()));
            }
        }
    }
    let plain: Vec<Quote> = quotes.iter().map(|(q, _)| q.clone()).collect();
    let positions: Vec<_> = book
        .positions()
        .iter()
        .map(|(symbol, p)| {
            let marked = quotes.iter().find(|(q, _)| q.symbol == *symbol);
            let price = marked.map_or(p.avg_cost, |(q, _)| q.price);
            json!({
                "symbol": symbol,
                "qty": p.qty,
                "avg_cost": p.avg_cost,
                "price": price,
                "marked_with": marked.map_or("cost", |(_, m)| m),
                "pnl": p.qty * (price - p.avg_cost),
                "pnl_pct": p.pnl_pct(price),
            })
        })
        .collect();
    let shown: Vec<_> = trades.iter().rev().take(TRADES_SHOWN).collect();
    // Mood and beliefs live in the process that runs the bot's rooms.
    let mind = state
        .community
        .mind_of(&row.id)
        .map(|(mood, beliefs)| json!({"mood": mood, "feels": mood.describe(), "beliefs": beliefs}));
    Ok(HttpResponse::Ok().json(json!({
        "bot": row.id,
        "cash": book.cash,
        "realised": book.realised,
        "unrealised": book.unrealised(&plain),
        "value": book.value(&plain),
        "positions": positions,
        "trades": shown,
        "trade_count": trades.len(),
        "mind": mind,
    })))
}
