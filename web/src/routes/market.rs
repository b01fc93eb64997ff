//! `/api/market`: the current simulated quotes.

use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use actors::events::MarketView;

pub async fn quotes(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let quotes = state
        .community
        .market
        .send(actors::market::Snapshot)
        .await
        .map_err(|_| ApiError::new(ErrorCode::Unavailable, "the market is not running"))?;
    let at_ms = actors::clock::Clock::system().now().0;
    Ok(HttpResponse::Ok().json(MarketView { quotes, at_ms }))
}
