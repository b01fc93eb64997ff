//! `GET /api/audit` (admin): the audit log, newest first, in pages.

use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

/// Most rows one request returns.
const MAX_ROWS: i64 = 500;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    pub(crate) limit: Option<i64>,
    pub(crate) before: Option<i64>,
    pub(crate) action: Option<String>,
}

pub async fn list(state: web::Data<AppState>, q: web::Query<AuditQuery>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(read(&state, &q).await?))
}

/// A page of the log, as `GET /api/audit` answers (the console renders the same).
pub(crate) async fn read(state: &AppState, q: &AuditQuery) -> Result<Vec<Value>, ApiError> {
    let limit = q.limit.unwrap_or(100);
    if !(1..=MAX_ROWS).contains(&limit) {
        return Err(ApiError::new(ErrorCode::InvalidLimit, format!("limit must be within 1..={MAX_ROWS}")));
    }
    if q.action.as_ref().is_some_and(|a| a.len() > 64) {
        return Err(ApiError::new(ErrorCode::InvalidQuery, "action: at most 64 characters"));
    }
    let rows = state.auth.store.audit_rows(limit, q.before, q.action.as_deref()).await?;
    let parse = |s: &Option<String>| s.as_deref().and_then(|s| serde_json::from_str::<Value>(s).ok());
    let out: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "at_ms": r.at,
                "at": actors::events::rfc3339(r.at),
                "actor": r.actor,
                "actor_kind": r.actor_kind,
                "ip": r.ip,
                "action": r.action,
                "target": r.target,
                "before": parse(&r.summary_before),
                "after": parse(&r.summary_after),
            })
        })
        .collect();
    Ok(out)
}
