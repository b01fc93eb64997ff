//! `/api/market`: the current quotes of a room's book (`?room=SLUG`; a
//! live room's are only the adapters' prices), or of the simulator; the
//! market's status for operators; and (`events`) operators' headlines,
//! shocks and scenarios.

mod events;

pub use events::{HeadlineBody, ScenarioBody, ShockBody, cancel, headline, pending, schedule, shock};

use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use actors::events::MarketView;
use engine::market::PriceMode;

#[derive(serde::Deserialize)]
pub struct MarketQuery {
    room: Option<String>,
}

pub async fn quotes(state: web::Data<AppState>, q: web::Query<MarketQuery>) -> Result<HttpResponse, ApiError> {
    let prices = match &q.room {
        Some(id) => {
            state
                .community
                .room(id)
                .ok_or_else(|| ApiError::new(ErrorCode::RoomNotFound, format!("no room '{id}'")))?
                .prices
        }
        None => PriceMode::Simulated,
    };
    let quotes = state
        .community
        .quotes(prices)
        .await
        .map_err(|_| ApiError::new(ErrorCode::Unavailable, "the market is not running"))?;
    let at_ms = actors::clock::Clock::system().now().0;
    Ok(HttpResponse::Ok().json(MarketView { quotes: quotes.into(), at_ms, prices }))
}

/// `GET /api/market/status`: both books, the price and news sources' health, the last headlines.
pub async fn status(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.community.market_status().await?))
}
