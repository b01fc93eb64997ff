//! `/console/settings` (viewer): the settings that change at run time, one
//! row per key with the value in effect, the file's value where an
//! operator's differs, and whether an operator set it (`GET
//! /api/settings`). For an admin each row can be changed (applied live,
//! stored, audited: `PUT /api/settings/{key}`) or reset to the file's
//! (`DELETE`). Below, the configuration Piyasa started with: every key,
//! its value and where it came from (default, file, environment, command
//! line); secrets are never shown.

use super::settings_rows::{Row, rows};
use super::{Frame, render};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

#[derive(Template)]
#[template(path = "console/settings.html")]
struct Page {
    f: Frame,
    settings: Vec<Row>,
    config: Vec<crate::settings::Shown>,
}

pub async fn page(req: HttpRequest, state: web::Data<AppState>, p: Principal) -> Result<HttpResponse, ApiError> {
    let view = serde_json::to_value(state.community.live_settings()).map_err(ApiError::internal)?;
    let settings = rows(&view["current"], Some(&view["base"]), &view["overrides"]);
    render(&Page { f: Frame::new(&req, &p, "settings")?, settings, config: state.config.clone() })
}
