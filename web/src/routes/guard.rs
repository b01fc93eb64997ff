//! `/api/guard/stats`: every draft the guard blocked, counted by reason,
//! per room and in total, and by day (the rooms' local days) over the last
//! [`DAYS`] days (reason codes only, never text).

use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Days of the `by_day` series, today included.
pub const DAYS: i64 = 14;

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
    let by_day = by_day(state).await?;
    Ok(json!({ "total": { "blocked": blocked, "by_reason": total }, "rooms": rooms, "by_day": by_day }))
}

/// Blocks per local day and reason over the last [`DAYS`] days, oldest
/// first, days without blocks included.
async fn by_day(state: &AppState) -> Result<Vec<Value>, ApiError> {
    const DAY: i64 = 86_400_000;
    let offset = i64::from(state.utc_offset_minutes) * 60_000;
    let today = (state.clock.now_ms() + offset).div_euclid(DAY);
    let first = today - (DAYS - 1);
    let rows = state.community.store.guard_blocks_since(first * DAY - offset).await?;
    let mut days: BTreeMap<i64, BTreeMap<String, i64>> = (first..=today).map(|d| (d, BTreeMap::new())).collect();
    for (reason, at) in rows {
        if let Some(day) = days.get_mut(&(at + offset).div_euclid(DAY)) {
            *day.entry(reason).or_default() += 1;
        }
    }
    Ok(days
        .into_iter()
        .map(|(d, by_reason)| {
            let date = actors::events::rfc3339(d * DAY)[..10].to_string();
            json!({ "day": date, "blocked": by_reason.values().sum::<i64>(), "by_reason": by_reason })
        })
        .collect())
}
