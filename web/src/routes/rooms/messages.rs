//! History and people's messages.

use super::room;
use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use actors::events::{MessageView, ReplyView};
use engine::input::{HumanName, HumanText};
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
            MessageView::from_row(row, row.reply_to.and_then(|id| parents.get(&id)).map(|p| ReplyView::from_row(p)))
        })
        .collect();
    Ok(HttpResponse::Ok().json(out))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PostBody {
    author: String,
    text: String,
    #[serde(default)]
    reply_to: Option<i64>,
}

pub async fn post(
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<PostBody>,
) -> Result<HttpResponse, ApiError> {
    let room = room(&state, &path)?;
    let author = HumanName::parse(&body.author, &state.marker)
        .map_err(|e| ApiError::new(ErrorCode::InvalidAuthor, e.to_string()))?;
    let text = HumanText::parse(&body.text).map_err(|e| ApiError::new(ErrorCode::InvalidText, e.to_string()))?;
    let view = room.post(author, text, body.reply_to).await?;
    Ok(HttpResponse::Created().json(view))
}
