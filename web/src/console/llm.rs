//! `/console/llm` (viewer): the provider chain with each provider's
//! breaker, tiers, calls, failures, cache hits, tokens, dollars and
//! latency; spend per room today with the budget pressure; the rolling
//! hour; the budgets. Rendered from `GET /api/llm`'s answer. An admin
//! edits the chain and tiers as JSON (`PUT /api/llm/providers`: built,
//! stored and swapped in live; a key typed in `api_key` is sealed and never
//! shown) or goes back to the file's (`DELETE`).

use super::{Frame, render};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use serde_json::Value;

/// The parts of `GET /api/llm` the page shows.
#[derive(Deserialize)]
struct Llm {
    providers: Vec<Provider>,
    rooms: Vec<Room>,
    usd_last_hour: f64,
    tokens_last_hour: u64,
    cache_hit_rate: f64,
    stable_prefix_share: f64,
    budget: serde_json::Map<String, Value>,
    /// The recording folder the gateway writes to, or answers from.
    #[serde(default)]
    record: Option<String>,
    #[serde(default)]
    replay: Option<String>,
    /// Workers: the worker whose totals these are.
    #[serde(default)]
    worker: Option<String>,
}

#[derive(Deserialize)]
struct Provider {
    name: String,
    model: Option<String>,
    breaker: String,
    tiers: Vec<String>,
    totals: Totals,
    mean_latency_ms: f64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Totals {
    calls: u64,
    failures: u64,
    cache_hits: u64,
    tokens_in: u64,
    tokens_out: u64,
    usd: f64,
    today: Spend,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Spend {
    usd: f64,
    tokens: u64,
}

#[derive(Deserialize)]
struct Room {
    room: String,
    totals: Totals,
    tokens_per_message: f64,
    budget_pressure: f64,
    degrade: Value,
}

#[derive(Template)]
#[template(path = "console/llm.html")]
struct Page {
    f: Frame,
    l: Llm,
    /// The chain and tiers as an admin edits them (no key is ever in it).
    chain: String,
    /// The chain in use is an operator's, not the file's.
    stored: bool,
}

pub async fn page(req: HttpRequest, state: web::Data<AppState>, p: Principal) -> Result<HttpResponse, ApiError> {
    let l: Llm = serde_json::from_value(crate::routes::llm::read(&state).await).map_err(ApiError::internal)?;
    let view = state.community.llm_config();
    let configs: Vec<&actors::llm::ProviderConfig> = view.chain.iter().map(|p| &p.config).collect();
    let chain = serde_json::to_string_pretty(&serde_json::json!({"chain": configs, "tiers": view.tiers}))
        .map_err(ApiError::internal)?;
    render(&Page { f: Frame::new(&req, &p, "llm")?, l, chain, stored: view.stored })
}

impl Page {
    fn usd(&self, v: &f64) -> String {
        format!("${v:.4}")
    }

    fn pct(&self, v: &f64) -> String {
        format!("{:.0}%", v * 100.0)
    }

    fn num(&self, v: &f64) -> String {
        format!("{v:.1}")
    }

    fn show(&self, v: &Value) -> String {
        match v {
            Value::String(s) => s.clone(),
            Value::Object(o) => o.iter().map(|(k, v)| format!("{k}: {}", self.show(v))).collect::<Vec<_>>().join(", "),
            other => other.to_string(),
        }
    }
}
