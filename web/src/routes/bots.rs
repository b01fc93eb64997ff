//! `/api/bots`: every bot with its display name and persona.

use crate::error::ApiError;
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
