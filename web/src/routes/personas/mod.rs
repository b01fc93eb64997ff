//! `/api/personas`: the personas and their bots, as operators run them:
//! read, create, replace, edit some fields, silence and resume; and
//! `/api/import`: a persona file previewed, then applied exactly as
//! previewed. Every change is one `actors::control` call and one audit row
//! (the fields that changed, before and after). `rehearse`: the dry run and
//! the prompt inspector (nothing sent).

mod import;
mod rehearse;

pub use import::{ImportBody, apply, preview};
pub use rehearse::{RehearseBody, prompt, rehearse};

use crate::audit::{self, Entry};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use actors::control::PersonaRecord;
use engine::persona::{FIELDS, Persona};
use serde_json::{Map, Value, json};

/// A persona object of an API body: a JSON object of persona fields
/// (`username`, `name`, `role`, `bio`, `talkativeness`, …; see the persona
/// file format). Unknown fields are refused, not kept.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
pub struct PersonaBody(Map<String, Value>);

/// The body as a persona; an unknown field, a missing one or a wrong type is named.
fn persona_of(body: &Map<String, Value>) -> Result<Persona, ApiError> {
    if let Some(k) = body.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(ApiError::field(k.clone(), format!("not a persona field (fields: {})", FIELDS.join(", "))));
    }
    // The three required fields make a persona; the rest are applied one by
    // one (`Persona::with_fields`), so a wrong type names its field.
    let mut base = Map::new();
    for key in ["username", "name", "role"] {
        match body.get(key) {
            Some(Value::String(s)) => base.insert(key.into(), Value::String(s.clone())),
            Some(_) => return Err(ApiError::field(key, "must be a string")),
            None => return Err(ApiError::field(key, "missing")),
        };
    }
    let persona: Persona = serde_json::from_value(Value::Object(base)).map_err(|e| ApiError::field("username", e))?;
    let rest: Map<String, Value> = body
        .iter()
        .filter(|(k, _)| !["username", "name", "role"].contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    persona.with_fields(&rest).map_err(|e| ApiError::field(e.field, e.problem))
}

/// What the audit log keeps of a change to a persona: the fields that changed.
fn changes(before: &PersonaRecord, after: &PersonaRecord) -> (Value, Value) {
    let mut b = Map::new();
    let mut a = Map::new();
    for c in engine::control::field_changes(&before.persona, &after.persona) {
        b.insert(c.field.clone(), c.before);
        a.insert(c.field, c.after);
    }
    if before.silenced != after.silenced {
        b.insert("silenced".into(), json!(before.silenced));
        a.insert("silenced".into(), json!(after.silenced));
    }
    (Value::Object(b), Value::Object(a))
}

async fn record_change(
    state: &AppState,
    p: &Principal,
    action: &'static str,
    before: &PersonaRecord,
    after: &PersonaRecord,
) -> Result<(), ApiError> {
    let (b, a) = changes(before, after);
    let e = Entry::new(action, Some(after.persona.username.to_string())).before(b).after(a);
    audit::record(&state.auth.store, &state.clock, p, e).await
}

/// `GET /api/personas`: every persona with its bot's state.
pub async fn list(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.community.persona_records().await?))
}

/// `GET /api/personas/{bot}`.
pub async fn get(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(state.community.persona_record(&path).await?))
}

/// `POST /api/personas`: a new persona; its bot is in no room until it joins one.
pub async fn create(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<PersonaBody>,
) -> Result<HttpResponse, ApiError> {
    let persona = persona_of(&body.0.0)?;
    let r = state.community.create_persona(persona).await?;
    let after = json!({"display_name": r.display_name, "role": r.persona.role});
    let e = Entry::new("persona.create", Some(r.persona.username.to_string())).after(after);
    audit::record(&state.auth.store, &state.clock, &p, e).await?;
    Ok(HttpResponse::Created().json(r))
}

/// `PUT /api/personas/{bot}`: every field replaced (the username stays).
pub async fn replace(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
    body: web::Json<PersonaBody>,
) -> Result<HttpResponse, ApiError> {
    let persona = persona_of(&body.0.0)?;
    let before = state.community.persona_record(&path).await?;
    let after = state.community.update_persona(&path, persona).await?;
    record_change(&state, &p, "persona.replace", &before, &after).await?;
    Ok(HttpResponse::Ok().json(after))
}

/// `PATCH /api/personas/{bot}`: some fields changed (`{"talkativeness": 0.8}`).
pub async fn edit(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
    body: web::Json<PersonaBody>,
) -> Result<HttpResponse, ApiError> {
    if body.0.0.is_empty() {
        return Err(ApiError::field("persona", "nothing to change: give the fields to change"));
    }
    let before = state.community.persona_record(&path).await?;
    let after = state.community.edit_persona(&path, &body.0.0).await?;
    record_change(&state, &p, "persona.edit", &before, &after).await?;
    Ok(HttpResponse::Ok().json(after))
}

async fn silence_to(state: &AppState, p: &Principal, bot: &str, silenced: bool) -> Result<HttpResponse, ApiError> {
    let before = state.community.persona_record(bot).await?;
    let after = state.community.silence_bot(bot, silenced).await?;
    let action = if silenced { "persona.silence" } else { "persona.resume" };
    record_change(state, p, action, &before, &after).await?;
    Ok(HttpResponse::Ok().json(after))
}

/// `POST /api/personas/{bot}/silence`: no room gives the bot the floor (stored; survives restarts).
pub async fn silence(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    silence_to(&state, &p, &path, true).await
}

/// `POST /api/personas/{bot}/resume`: the bot speaks again.
pub async fn resume(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    silence_to(&state, &p, &path, false).await
}
