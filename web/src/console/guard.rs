//! `/console/guard` (viewer): the guard's blocks by reason, in all, per
//! room and per day over the last two weeks (`GET /api/guard/stats`), and, for an admin, forgetting a person
//! (`DELETE /api/privacy/users/{id}`).

use super::{Frame, render};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Stats {
    total: Blocks,
    rooms: BTreeMap<String, Blocks>,
    by_day: Vec<Day>,
}

#[derive(Deserialize)]
struct Day {
    day: String,
    blocked: i64,
    by_reason: BTreeMap<String, i64>,
}

#[derive(Deserialize)]
struct Blocks {
    blocked: i64,
    by_reason: BTreeMap<String, i64>,
}

#[derive(Template)]
#[template(path = "console/guard.html")]
struct Page {
    f: Frame,
    s: Stats,
}

pub async fn page(req: HttpRequest, state: web::Data<AppState>, p: Principal) -> Result<HttpResponse, ApiError> {
    let s: Stats = serde_json::from_value(crate::routes::guard::read(&state).await?).map_err(ApiError::internal)?;
    render(&Page { f: Frame::new(&req, &p, "guard")?, s })
}
