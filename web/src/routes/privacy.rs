//! `/api/privacy/users/{id}`: forget one person (`web:NAME`, `tg:NUMBER`):
//! their messages deleted, replies to them unlinked, their lines dropped
//! from the rooms' transcripts.

use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use actors::privacy::PersonId;
use serde_json::json;

pub async fn forget(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let who = PersonId::parse(&path).map_err(|e| ApiError::new(ErrorCode::InvalidUser, e))?;
    let done = state.community.forget(&who).await.map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(json!({
        "user": who.as_str(),
        "messages_deleted": done.messages,
        "replies_unlinked": done.replies_unlinked,
    })))
}
