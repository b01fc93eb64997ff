//! `/api/llm/providers`: the LLM provider chain and its tiers, swapped live
//! (the next call uses the new chain). A key given in `api_key` is stored
//! encrypted and never shown again: reads say only `has_key`; the audit row
//! keeps the providers' names, kinds and models, never a key.

use crate::audit::{self, Entry};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use actors::control::{LlmChain, LlmView};
use serde_json::{Value, json};

/// What the audit log keeps of a chain.
fn summary(v: &LlmView) -> Value {
    let chain: Vec<Value> = v
        .chain
        .iter()
        .map(|p| json!({"name": p.config.name, "kind": p.config.kind, "model": p.config.options.model, "has_key": p.has_key}))
        .collect();
    json!({"chain": chain, "stored": v.stored})
}

/// A provider chain as an operator sets it: `{"chain": [{"name", "kind",
/// "model", "base_url", "api_key" | "api_key_env", …}], "tiers": {…}}`.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct ChainBody(LlmChain);

/// `GET /api/llm/providers`: the chain in use (never a key).
pub async fn get(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(state.community.llm_config())
}

/// `PUT /api/llm/providers`: a new chain, built, stored and swapped in.
pub async fn put(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<ChainBody>,
) -> Result<HttpResponse, ApiError> {
    let before = state.community.llm_config();
    let after = state.community.set_llm(body.into_inner().0).await?;
    let e = Entry::new("llm.set", Some("providers".to_string())).before(summary(&before)).after(summary(&after));
    audit::record(&state.auth.store, &state.clock, &p, e).await?;
    Ok(HttpResponse::Ok().json(after))
}

/// `DELETE /api/llm/providers`: the file's chain applies again; stored keys are dropped.
pub async fn reset(state: web::Data<AppState>, p: Principal) -> Result<HttpResponse, ApiError> {
    let before = state.community.llm_config();
    let after = state.community.reset_llm().await?;
    let e = Entry::new("llm.reset", Some("providers".to_string())).before(summary(&before)).after(summary(&after));
    audit::record(&state.auth.store, &state.clock, &p, e).await?;
    Ok(HttpResponse::Ok().json(after))
}
