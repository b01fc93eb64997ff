//! What the LLM costs, live: `/api/llm` (JSON for the console; `/metrics`
//! has the same numbers for Prometheus): per provider calls, failures, tokens,
//! dollars, latency, cache hits and breaker state; per room tokens per
//! delivered message, today's spend, calls per tier and the budget pressure;
//! the rolling hour's dollars and tokens.

use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use actors::gateway::{ProviderStatus, Status};
use actors::meter::MeterSnapshot;
use engine::budget::BudgetSettings;
use serde_json::json;

async fn gather(state: &AppState) -> (MeterSnapshot, Vec<ProviderStatus>) {
    let c = &state.community;
    let snap = c.meter.snapshot(c.clock.now());
    let providers = c.gateway.send(Status).await.unwrap_or_default();
    (snap, providers)
}

fn pressure(budget: &BudgetSettings, snap: &MeterSnapshot, room: &str) -> f64 {
    let today = snap.rooms.get(room).map(|r| r.today).unwrap_or_default();
    budget.pressure(today, snap.last_hour)
}

pub async fn summary(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(read(&state).await)
}

/// What `GET /api/llm` answers (the console and the dashboard use the same).
pub(crate) async fn read(state: &AppState) -> serde_json::Value {
    let (snap, statuses) = gather(state).await;
    let budget = state.community.budget();
    let providers: Vec<_> = statuses
        .iter()
        .map(|s| {
            let t = snap.providers.get(&s.name).cloned().unwrap_or_default();
            let mean_latency_ms =
                if t.calls > t.cache_hits { t.latency_ms_total as f64 / (t.calls - t.cache_hits) as f64 } else { 0.0 };
            json!({"name": s.name, "model": s.model, "breaker": s.breaker, "tiers": s.tiers, "totals": t,
                   "mean_latency_ms": mean_latency_ms})
        })
        .collect();
    let rooms: Vec<_> = snap
        .rooms
        .iter()
        .map(|(id, r)| {
            let tpm = if r.delivered == 0 { 0.0 } else { (r.tokens_in + r.tokens_out) as f64 / r.delivered as f64 };
            let p = pressure(&budget, &snap, id);
            json!({"room": id, "totals": r, "tokens_per_message": tpm, "budget_pressure": p,
                   "degrade": budget.degrade(p)})
        })
        .collect();
    json!({
        "providers": providers,
        "rooms": rooms,
        "usd_last_hour": snap.last_hour.usd,
        "tokens_last_hour": snap.last_hour.tokens,
        "calls": snap.calls,
        "cache_hit_rate": snap.cache_hit_rate(),
        "stable_prefix_share": snap.stable_prefix_share,
        "tokens_per_message": snap.tokens_per_message(),
        "budget": budget,
        "record": state.llm_record,
        "replay": state.llm_replay,
        // Workers: whose figures these are (the hourly spend and the budgets count every worker).
        "worker": state.community.workers().map(actors::workers::Workers::me),
    })
}
