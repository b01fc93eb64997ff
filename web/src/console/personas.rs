//! `/console/personas` (viewer): every bot with its role, state and mood
//! (`GET /api/bots`), and for an operator the export of each room's
//! personas as community YAML (`GET /api/rooms/{room}/personas`).

use super::{Frame, render};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Bot {
    id: String,
    display_name: String,
    role: Value,
    active: bool,
    mood: Value,
}

#[derive(Deserialize)]
struct Room {
    slug: String,
    name: String,
}

#[derive(Template)]
#[template(path = "console/personas.html")]
struct Page {
    f: Frame,
    bots: Vec<Bot>,
    rooms: Vec<Room>,
}

pub async fn page(req: HttpRequest, state: web::Data<AppState>, p: Principal) -> Result<HttpResponse, ApiError> {
    let bots = crate::routes::bots::read(&state).await?;
    let bots: Vec<Bot> = serde_json::from_value(Value::Array(bots)).map_err(ApiError::internal)?;
    let rooms: Vec<Room> =
        serde_json::from_value(Value::Array(crate::routes::rooms::read(&state))).map_err(ApiError::internal)?;
    render(&Page { f: Frame::new(&req, &p, "personas")?, bots, rooms })
}

impl Page {
    fn show(&self, v: &Value) -> String {
        match v {
            Value::String(s) => s.clone(),
            Value::Null => "—".to_owned(),
            Value::Object(o) => o
                .iter()
                .map(|(k, v)| match v.as_f64() {
                    Some(x) => format!("{k} {x:.2}"),
                    None => format!("{k} {v}"),
                })
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        }
    }
}
