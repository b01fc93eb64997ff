//! `POST /api/personas/{bot}/rehearse` (the dry run) and `GET
//! /api/personas/{bot}/prompt` (the prompt inspector): what a bot would write
//! in a room now, optionally answering a made-up person's line, drafted a
//! few times with every attempt, the reason each was refused, tokens and
//! latency; or only the exact prompt with its token counts. Nothing is sent,
//! stored or counted.

use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use actors::bot::rehearse::MAX_SAMPLES;
use serde::Deserialize;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RehearseBody {
    /// The room the bot is a member of.
    room: String,
    /// A person's line for the bot to answer (none: the bot's own turn).
    #[serde(default)]
    text: Option<String>,
    /// The person's display name (default "Deneme").
    #[serde(default)]
    author: Option<String>,
    /// Drafts to ask for, 1 to 5 (default 3).
    #[serde(default)]
    samples: Option<u8>,
}

#[derive(Deserialize)]
pub struct PromptQuery {
    room: String,
    #[serde(default)]
    text: Option<String>,
}

/// The made-up person's line, checked as a person's post would be.
fn situation(state: &AppState, author: Option<&str>, text: Option<&str>) -> Result<Option<(String, String)>, ApiError> {
    let Some(text) = text else { return Ok(None) };
    let text = engine::input::HumanText::parse(text).map_err(|e| ApiError::field("text", e))?;
    let author = engine::input::HumanName::parse(author.unwrap_or("Deneme"), &state.marker)
        .map_err(|e| ApiError::field("author", e))?;
    Ok(Some((author.as_str().to_string(), text.as_str().to_string())))
}

async fn run(
    state: &AppState,
    bot: &str,
    room: &str,
    who: Option<(String, String)>,
    samples: u8,
) -> Result<HttpResponse, ApiError> {
    let report = crate::routes::rooms::room(state, room)?.rehearse(bot, who, samples).await?;
    Ok(HttpResponse::Ok().json(report))
}

/// `POST /api/personas/{bot}/rehearse`: drafts of the bot's turn, none sent.
pub async fn rehearse(
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<RehearseBody>,
) -> Result<HttpResponse, ApiError> {
    let samples = body.samples.unwrap_or(3);
    if !(1..=MAX_SAMPLES).contains(&samples) {
        return Err(ApiError::field("samples", format!("must be 1 to {MAX_SAMPLES}")));
    }
    let who = situation(&state, body.author.as_deref(), body.text.as_deref())?;
    run(&state, &path, &body.room, who, samples).await
}

/// `GET /api/personas/{bot}/prompt?room=…[&text=…]`: the exact prompt the bot would send now.
pub async fn prompt(
    state: web::Data<AppState>,
    path: web::Path<String>,
    q: web::Query<PromptQuery>,
) -> Result<HttpResponse, ApiError> {
    let who = situation(&state, None, q.text.as_deref())?;
    run(&state, &path, &q.room, who, 0).await
}
