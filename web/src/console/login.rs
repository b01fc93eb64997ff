//! `/console/login` (anyone): username, password and, when the account has
//! one, the TOTP or a recovery code; the script sends them to
//! `POST /api/auth/login` and goes on to the page that sent it here.

use super::{Frame, render, safe_next};
use crate::error::ApiError;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Query {
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "console/login.html")]
struct Page {
    f: Frame,
    next: String,
}

pub async fn page(req: HttpRequest, q: web::Query<Query>) -> Result<HttpResponse, ApiError> {
    render(&Page { f: Frame::anonymous(&req, "login"), next: safe_next(q.next.as_deref()) })
}
