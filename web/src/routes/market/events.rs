//! Operators' market events: a headline or a price shock now, a scenario
//! file scheduled from a start time or called off, what is queued. Each
//! change is one audit row; a refusal names the field and changes nothing.

use crate::audit::{self, Entry};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use engine::ids::Millis;
use engine::scenario::Scenario;
use serde::Deserialize;
use serde_json::json;

/// Who an operator's event says it came from.
fn origin(p: &Principal) -> String {
    format!("operator:{}", p.name())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HeadlineBody {
    /// 3 to 200 characters.
    text: String,
    /// The symbol it is about (default: read from the text), or MACRO.
    #[serde(default)]
    symbol: Option<String>,
    /// 1 up, -1 down, 0 flat (default: read from the text).
    #[serde(default)]
    direction: Option<i8>,
}

/// `POST /api/market/headlines`: a headline now; bots in the rooms react to it.
pub async fn headline(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<HeadlineBody>,
) -> Result<HttpResponse, ApiError> {
    let applied =
        state.community.inject_headline(&body.text, body.symbol.as_deref(), body.direction, &origin(&p)).await?;
    let h = applied.headline.as_ref();
    let after =
        json!({"text": h.map(|h| &h.text), "symbol": h.map(|h| &h.symbol), "direction": h.map(|h| h.direction)});
    audit::record(&state.auth.store, &state.clock, &p, Entry::new("market.headline", None).after(after)).await?;
    Ok(HttpResponse::Ok().json(applied))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShockBody {
    /// A market symbol (THYAO, GARAN, …).
    symbol: String,
    /// The jump in percent: not 0, at most ±30.
    jump: f64,
}

/// `POST /api/market/shocks`: a price jump on a simulated symbol now.
pub async fn shock(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<ShockBody>,
) -> Result<HttpResponse, ApiError> {
    let applied = state.community.shock(&body.symbol, body.jump, &origin(&p)).await?;
    let after = json!({"symbol": body.symbol.trim().to_uppercase(), "jump": body.jump});
    audit::record(&state.auth.store, &state.clock, &p, Entry::new("market.shock", None).after(after)).await?;
    Ok(HttpResponse::Ok().json(applied))
}

/// `GET /api/market/events`: events queued and not yet applied, soonest first.
pub async fn pending(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let rows = state.community.pending_market_events().await?;
    let out: Vec<_> = rows
        .iter()
        .map(|r| json!({"id": r.id, "due_at_ms": r.due_at, "headline": r.headline, "origin": r.origin}))
        .collect();
    Ok(HttpResponse::Ok().json(out))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioBody {
    /// The scenario file (YAML: `name`, `events` with `at`, `headline`, `jump`, …).
    text: String,
    /// When `+…` times count from (Unix ms); default now.
    #[serde(default)]
    start_at_ms: Option<i64>,
}

/// `POST /api/scenarios`: a scenario's events queued from its start.
pub async fn schedule(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<ScenarioBody>,
) -> Result<HttpResponse, ApiError> {
    let scenario = Scenario::parse(&body.text, "").map_err(|e| ApiError::field("text", e))?;
    let now = state.clock.now_ms();
    let start = body.start_at_ms.unwrap_or(now);
    if start < now - Millis::MINUTE || start > now + 30 * Millis::DAY {
        return Err(ApiError::field("start_at_ms", "must be from now to 30 days ahead"));
    }
    let ids = state.community.schedule_scenario(&scenario, Millis(start), state.utc_offset_minutes).await?;
    let after = json!({"events": ids.len(), "start_at_ms": start});
    audit::record(
        &state.auth.store,
        &state.clock,
        &p,
        Entry::new("scenario.schedule", Some(scenario.name.clone())).after(after),
    )
    .await?;
    Ok(HttpResponse::Created().json(json!({"name": scenario.name, "events": ids, "start_at_ms": start})))
}

/// `DELETE /api/scenarios/{name}`: the scenario's events that have not happened yet are dropped.
pub async fn cancel(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let dropped = state.community.cancel_scenario(&path).await?;
    let after = json!({"dropped": dropped});
    audit::record(&state.auth.store, &state.clock, &p, Entry::new("scenario.cancel", Some(path.clone())).after(after))
        .await?;
    Ok(HttpResponse::Ok().json(json!({"name": *path, "dropped": dropped})))
}
