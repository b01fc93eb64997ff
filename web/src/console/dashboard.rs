//! `/console` (viewer): the dashboard. Rendered from `GET /api/dashboard`'s
//! read model; the script polls the same route to keep the numbers and
//! plots live (messages per minute, first-reply latency, tokens and $ per
//! room), and the weekday × hour activity is a shaded table.

use super::{Frame, render};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::routes::Dashboard;
use crate::startup::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use std::collections::BTreeMap;

/// How often the page asks `/api/dashboard` again.
pub const POLL_MS: u64 = 3_000;

#[derive(Template)]
#[template(path = "console/dashboard.html")]
struct Page {
    f: Frame,
    d: Dashboard,
    poll_ms: u64,
    /// The busiest weekday × hour cell (shading is relative to it).
    peak: i64,
}

pub async fn page(req: HttpRequest, state: web::Data<AppState>, p: Principal) -> Result<HttpResponse, ApiError> {
    let d = crate::routes::dashboard_read(&state).await?;
    let peak = d.activity.iter().flatten().copied().max().unwrap_or(0);
    render(&Page { f: Frame::new(&req, &p, "dashboard")?, d, poll_ms: POLL_MS, peak })
}

impl Page {
    fn sum(&self, v: &[i64]) -> i64 {
        v.iter().sum()
    }

    fn last(&self, v: &[i64]) -> i64 {
        v.last().copied().unwrap_or(0)
    }

    fn ms(&self, v: &Option<i64>) -> String {
        v.map_or_else(|| "—".to_owned(), |ms| format!("{ms} ms"))
    }

    fn usd(&self, v: &f64) -> String {
        format!("${v:.4}")
    }

    fn pct(&self, v: &f64) -> String {
        format!("{:.0}%", v * 100.0)
    }

    fn blocks(&self, b: &BTreeMap<String, i64>) -> String {
        if b.is_empty() {
            return "0".to_owned();
        }
        b.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", ")
    }

    fn day(&self, i: &usize) -> &'static str {
        ["day.0", "day.1", "day.2", "day.3", "day.4", "day.5", "day.6"][*i % 7]
    }

    /// 0 (none) to 5 (the peak).
    fn level(&self, v: i64) -> i64 {
        if v <= 0 || self.peak <= 0 { 0 } else { ((v * 5 + self.peak - 1) / self.peak).clamp(1, 5) }
    }

    /// The read model for the script's first plots (`</` escaped).
    fn json(&self) -> String {
        serde_json::to_string(&self.d).unwrap_or_default().replace("</", "<\\/")
    }
}
