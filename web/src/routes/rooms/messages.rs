//! History and people's messages.

use super::room;
use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use actors::events::{MessageView, ReplyView};
use engine::input::{HumanName, HumanText};
use serde::Deserialize;
use std::collections::HashMap;

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
    let by_id: HashMap<i64, &schema::MessageRow> = rows.iter().map(|r| (r.id, r)).collect();
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let parent = match row.reply_to {
            Some(id) => match by_id.get(&id) {
                Some(p) => Some(ReplyView::from_row(p)),
                None => store.message(id).await?.as_ref().map(ReplyView::from_row),
            },
            None => None,
        };
        out.push(MessageView::from_row(row, parent));
    }
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
