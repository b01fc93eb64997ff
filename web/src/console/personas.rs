//! `/console/personas` (viewer): every persona with its bot's state
//! (silenced, rooms, mood). For an operator: silence and resume a bot,
//! edit every field of a persona (as JSON; a refusal names the field),
//! create one, import a persona file with a preview of what will change
//! before it is applied, and export each room's personas as YAML. Every
//! change is an API call (`/api/personas…`, `/api/import…`).

use super::{Frame, render};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use actors::control::PersonaRecord;
use askama::Template;
use serde_json::Value;

/// A persona as the page shows it.
struct Shown {
    r: PersonaRecord,
    /// The persona as pretty JSON, for the edit box.
    json: String,
}

struct Room {
    slug: String,
    name: String,
}

#[derive(Template)]
#[template(path = "console/personas.html")]
struct Page {
    f: Frame,
    personas: Vec<Shown>,
    rooms: Vec<Room>,
    /// A persona to start a new one from.
    template: String,
}

const NEW_PERSONA: &str = r#"{
  "username": "yeni_bot",
  "name": "Yeni Bot",
  "role": "borsayı yeni öğrenen yatırımcı",
  "bio": "",
  "tone": "meraklı, kibar",
  "watchlist": ["THYAO"],
  "talkativeness": 0.5
}"#;

pub async fn page(req: HttpRequest, state: web::Data<AppState>, p: Principal) -> Result<HttpResponse, ApiError> {
    let mut personas = Vec::new();
    for r in state.community.persona_records().await? {
        let json = serde_json::to_string_pretty(&r.persona).map_err(ApiError::internal)?;
        personas.push(Shown { r, json });
    }
    let rooms = crate::routes::rooms::read(&state)
        .into_iter()
        .map(|r| Room { slug: str_of(&r["slug"]), name: str_of(&r["name"]) })
        .collect();
    render(&Page { f: Frame::new(&req, &p, "personas")?, personas, rooms, template: NEW_PERSONA.to_string() })
}

fn str_of(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

impl Page {
    fn mood(&self, s: &Shown) -> String {
        match serde_json::to_value(s.r.mood) {
            Ok(Value::Object(o)) => o
                .iter()
                .map(|(k, v)| match v.as_f64() {
                    Some(x) => format!("{k} {x:.2}"),
                    None => format!("{k} {v}"),
                })
                .collect::<Vec<_>>()
                .join(", "),
            Ok(other) => other.to_string(),
            Err(_) => "—".into(),
        }
    }
}
