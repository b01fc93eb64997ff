//! `/api/guard/stats`: every draft the guard blocked, counted by reason,
//! per room and in total (reason codes only, never text).

use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

pub async fn stats(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(read(&state).await?))
}

/// The counts, as `GET /api/guard/stats` answers (the console and the dashboard use the same).
pub(crate) async fn read(state: &AppState) -> Result<Value, ApiError> {
    let counts = state.community.store.guard_counts().await?;
    let mut rooms: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
    let mut total: BTreeMap<String, i64> = BTreeMap::new();
    for c in counts {
        *total.entry(c.reason.clone()).or_default() += c.count;
        *rooms.entry(c.room_id).or_default().entry(c.reason).or_default() += c.count;
    }
    // Every room is listed, with no blocks as an empty object.
    let rooms: Map<String, Value> = (state.community.rooms().iter().map(|r| r.id.clone()))
        .chain(rooms.keys().cloned())
        .map(|id| {
            let by_reason = rooms.get(&id).cloned().unwrap_or_default();
            let blocked: i64 = by_reason.values().sum();
            (id, json!({ "blocked": blocked, "by_reason": by_reason }))
        })
        .collect();
    let blocked: i64 = total.values().sum();
    Ok(json!({ "total": { "blocked": blocked, "by_reason": total }, "rooms": rooms }))
}
