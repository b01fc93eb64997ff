//! Probes: `/livez` (the process serves), `/readyz` (it can take traffic:
//! the store answers, the rooms run, it is not shutting down) and `/health`
//! (the detailed picture: store, providers, rooms, Telegram; 503 also when
//! every LLM provider's breaker is open, when another process reads a
//! bot's Telegram updates so its groups go unheard, or when a worker cannot
//! reach Redis and so cannot keep or take rooms).
//!
//! A liveness probe must not fail on a database blip (a restart would not
//! fix the database), so `/livez` asks nothing; `/readyz` is what takes a
//! process out of a load balancer.

use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use engine::breaker::BreakerState;
use serde_json::json;
use std::sync::atomic::Ordering;

pub async fn livez() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "live"}))
}

/// Whether every room's actor runs.
fn rooms_run(c: &actors::Community) -> bool {
    c.rooms().iter().all(actors::RoomHandle::is_running)
}

pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let c = &state.community;
    let why = if state.stopping.load(Ordering::SeqCst) {
        Some("shutting down")
    } else if c.store.ping().await.is_err() {
        Some("the database does not answer")
    } else if !rooms_run(c) {
        Some("a room is not running")
    } else {
        None
    };
    match why {
        None => HttpResponse::Ok().json(json!({"status": "ready"})),
        Some(why) => HttpResponse::ServiceUnavailable().json(json!({"status": "not ready", "reason": why})),
    }
}

pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let c = &state.community;
    let db = c.store.ping().await;
    let providers = c.gateway.send(actors::gateway::Status).await.unwrap_or_default();
    let rooms: Vec<_> = c.rooms().iter().map(|r| json!({"id": r.id, "running": r.is_running()})).collect();
    let stopping = state.stopping.load(Ordering::SeqCst);
    // A full outage: every provider's breaker open (none when replaying a recording).
    let llm_ok = providers.is_empty() || providers.iter().any(|p| p.breaker != BreakerState::Open);
    let not_receiving = state.telegram.as_ref().map(telegram::Channel::conflicted).unwrap_or_default();
    let workers = c.workers().map(actors::workers::Workers::status);
    let redis_ok = workers.as_ref().is_none_or(|w| w.redis_ok);
    let ok = !stopping && db.is_ok() && llm_ok && rooms_run(c) && not_receiving.is_empty() && redis_ok;
    let mut body = json!({
        "status": if stopping { "stopping" } else if ok { "ok" } else { "degraded" },
        "database": { "backend": c.store.backend(), "ok": db.is_ok() },
        "llm": { "ok": llm_ok },
        "providers": providers,
        "rooms": rooms,
    });
    if let Some(w) = workers {
        body["workers"] = json!(w);
    }
    if state.telegram.is_some() {
        body["telegram"] = json!({ "ok": not_receiving.is_empty(), "not_receiving": not_receiving });
    }
    if ok { HttpResponse::Ok().json(body) } else { HttpResponse::ServiceUnavailable().json(body) }
}
