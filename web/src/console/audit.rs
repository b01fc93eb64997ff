//! `/console/audit` (admin): the audit log, newest first, 100 rows a page,
//! filtered by action (`GET /api/audit`).

use super::{Frame, render};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::routes::audit::AuditQuery;
use crate::startup::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use serde_json::Value;

/// Rows per page.
const PAGE_ROWS: i64 = 100;

#[derive(Deserialize)]
struct Row {
    id: i64,
    at: String,
    actor: String,
    actor_kind: String,
    ip: Option<String>,
    action: String,
    target: Option<String>,
    before: Option<Value>,
    after: Option<Value>,
}

/// The page's own query: which rows.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    before: Option<i64>,
    action: Option<String>,
}

#[derive(Template)]
#[template(path = "console/audit.html")]
struct Page {
    f: Frame,
    rows: Vec<Row>,
    action: String,
    /// The id to page back from, when there may be older rows.
    older: Option<i64>,
}

pub async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    p: Principal,
    q: web::Query<Query>,
) -> Result<HttpResponse, ApiError> {
    let action = q.action.clone().filter(|a| !a.trim().is_empty());
    let query = AuditQuery { limit: Some(PAGE_ROWS), before: q.before, action: action.clone() };
    let rows = crate::routes::audit::read(&state, &query).await?;
    let rows: Vec<Row> = serde_json::from_value(Value::Array(rows)).map_err(ApiError::internal)?;
    let older = (rows.len() as i64 == PAGE_ROWS).then(|| rows.last().map(|r| r.id)).flatten();
    render(&Page { f: Frame::new(&req, &p, "audit")?, rows, action: action.unwrap_or_default(), older })
}

impl Page {
    fn change(&self, r: &Row) -> String {
        let show = |v: &Option<Value>| v.as_ref().map(Value::to_string).unwrap_or_default();
        match (&r.before, &r.after) {
            (None, None) => String::new(),
            (None, Some(_)) => show(&r.after),
            _ => format!("{} → {}", show(&r.before), show(&r.after)),
        }
    }
}
