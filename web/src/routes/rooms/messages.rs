//! History and people's messages.

use super::room;
use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use actors::events::{MessageView, ReplyView};
use engine::input::{HumanName, HumanText, InputError};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// Most messages one history request returns.
const MAX_HISTORY: i64 = 500;

#[derive(Deserialize)]
pub struct HistoryQuery {
    limit: Option<i64>,
}

pub async fn history(
    state: web::Data<AppState>,
    path: web::Path<String>,
    q: web::Query<HistoryQuery>,
) -> Result<HttpResponse, ApiError> {
    let room = room(&state, &path)?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=MAX_HISTORY).contains(&limit) {
        return Err(ApiError::new(ErrorCode::InvalidLimit, format!("limit must be within 1..{MAX_HISTORY}")));
    }
    let store = &state.community.store;
    let rows = store.recent_messages(&room.id, limit).await?;
    let on_page: HashSet<i64> = rows.iter().map(|r| r.id).collect();
    // Parents that scrolled off the page come in one query, however many replies point at them.
    let mut older: Vec<i64> = rows.iter().filter_map(|r| r.reply_to).filter(|id| !on_page.contains(id)).collect();
    older.sort_unstable();
    older.dedup();
    let older = store.messages_by_ids(&older).await?;
    let parents: HashMap<i64, &schema::MessageRow> = rows.iter().chain(&older).map(|r| (r.id, r)).collect();
    let out: Vec<MessageView> = rows
        .iter()
        .map(|row| {
            state.people.public_view(MessageView::from_row(
                row,
                row.reply_to.and_then(|id| parents.get(&id)).map(|p| ReplyView::from_row(p)),
            ))
        })
        .collect();
    Ok(HttpResponse::Ok().json(out))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostBody {
    /// The display name (2 to 32 characters); claimed for the poster in this room.
    author: String,
    /// At most 1000 characters.
    text: String,
    /// The id of a message in the room this answers.
    #[serde(default)]
    reply_to: Option<i64>,
}

/// A person's message. The name must be free or the poster's own (the
/// person cookie says whose); a new poster gets a cookie with the answer.
pub async fn post(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<PostBody>,
) -> Result<HttpResponse, ApiError> {
    let room = room(&state, &path)?;
    let author = HumanName::parse(&body.author, &state.marker).map_err(|e| ApiError {
        field: Some("author".into()),
        ..ApiError::new(ErrorCode::InvalidAuthor, format!("author: {e}"))
    })?;
    let text = HumanText::parse(&body.text).map_err(|e| {
        let err = match e {
            InputError::TooLong(_) => ApiError::new(ErrorCode::TextTooLong, format!("text: {e}")),
            e => ApiError::new(ErrorCode::InvalidText, format!("text: {e}")),
        };
        ApiError { field: Some("text".into()), ..err }
    })?;
    super::not_a_bots_name(&room, author.as_str(), &state.marker)
        .await
        .map_err(|e| ApiError { field: Some("author".into()), ..e })?;
    let client = state.people.client(&req);
    state.people.posts.take(&client, state.clock.now_ms()).map_err(|secs| {
        ApiError::new(ErrorCode::TooManyRequests, "posting too fast: wait a moment").retry_after(secs)
    })?;
    let known = state.people.person(&req);
    let person = known.clone().unwrap_or_else(|| state.people.new_person());
    state.people.claim(&state.community.store, &state.clock, &room.id, author.as_str(), &person).await?;
    let view = room.post(author, text, body.reply_to).await?;
    let mut r = HttpResponse::Created();
    if known.is_none() {
        r.cookie(state.people.cookie(&person));
    }
    Ok(r.json(state.people.public_view(view)))
}
