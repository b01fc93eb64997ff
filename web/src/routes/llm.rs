//! What the LLM costs, live: `/api/llm` (JSON for the console) and
//! `/metrics` (Prometheus text): per provider calls, failures, tokens,
//! dollars, latency, cache hits and breaker state; per room tokens per
//! delivered message, today's spend, calls per tier and the budget pressure;
//! the rolling hour's dollars and tokens.

use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use actors::gateway::{ProviderStatus, Status};
use actors::meter::MeterSnapshot;
use engine::breaker::BreakerState;
use engine::budget::BudgetSettings;
use serde_json::json;
use std::fmt::Write as _;

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
    })
}

pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let (snap, statuses) = gather(&state).await;
    let mut out = String::new();
    let mut family = |name: &str, help: &str, kind: &str, rows: Vec<(String, f64)>| {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
        for (labels, v) in rows {
            let _ = writeln!(out, "{name}{labels} {v}");
        }
    };
    let by_provider = |f: &dyn Fn(&actors::meter::ProviderTotals) -> f64| -> Vec<(String, f64)> {
        snap.providers.iter().map(|(p, t)| (format!("{{provider=\"{}\"}}", esc(p)), f(t))).collect()
    };
    family(
        "piyasa_llm_calls_total",
        "Answered LLM calls (cache hits included).",
        "counter",
        by_provider(&|t| t.calls as f64),
    );
    family(
        "piyasa_llm_failures_total",
        "Provider calls that failed after retries.",
        "counter",
        by_provider(&|t| t.failures as f64),
    );
    family(
        "piyasa_llm_cache_hits_total",
        "Calls answered from the response cache.",
        "counter",
        by_provider(&|t| t.cache_hits as f64),
    );
    family("piyasa_llm_tokens_in_total", "Prompt tokens.", "counter", by_provider(&|t| t.tokens_in as f64));
    family("piyasa_llm_tokens_out_total", "Completion tokens.", "counter", by_provider(&|t| t.tokens_out as f64));
    family("piyasa_llm_usd_total", "Dollars spent.", "counter", by_provider(&|t| t.usd));
    let breaker = statuses
        .iter()
        .map(|s| {
            let v = match s.breaker {
                BreakerState::Closed => 0.0,
                BreakerState::HalfOpen => 1.0,
                BreakerState::Open => 2.0,
            };
            (format!("{{provider=\"{}\"}}", esc(&s.name)), v)
        })
        .collect();
    family("piyasa_llm_breaker_state", "Circuit breaker: 0 closed, 1 half-open, 2 open.", "gauge", breaker);
    family(
        "piyasa_llm_usd_last_hour",
        "Dollars spent in the rolling hour.",
        "gauge",
        vec![(String::new(), snap.last_hour.usd)],
    );
    family(
        "piyasa_llm_tokens_last_hour",
        "Tokens spent in the rolling hour.",
        "gauge",
        vec![(String::new(), snap.last_hour.tokens as f64)],
    );
    let per_room = |f: &dyn Fn(&actors::meter::RoomTotals) -> f64| -> Vec<(String, f64)> {
        snap.rooms.iter().map(|(r, t)| (format!("{{room=\"{}\"}}", esc(r)), f(t))).collect()
    };
    family(
        "piyasa_room_messages_delivered_total",
        "Bot messages delivered.",
        "counter",
        per_room(&|t| t.delivered as f64),
    );
    family(
        "piyasa_room_tokens_per_message",
        "LLM tokens (in + out) per delivered bot message.",
        "gauge",
        per_room(&|t| if t.delivered == 0 { 0.0 } else { (t.tokens_in + t.tokens_out) as f64 / t.delivered as f64 }),
    );
    family(
        "piyasa_room_usd_today",
        "Dollars the room spent today (Istanbul day).",
        "gauge",
        per_room(&|t| t.today.usd),
    );
    HttpResponse::Ok().content_type("text/plain; version=0.0.4").body(out)
}

/// Escapes a Prometheus label value.
fn esc(v: &str) -> String {
    v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}
