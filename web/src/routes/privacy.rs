//! `/api/privacy/users/{id}` (admin): forget one person (`web:NAME`,
//! `tg:NUMBER`): their messages deleted, replies to them unlinked, their
//! lines dropped from the rooms' transcripts. The audit row names the person
//! by their public pseudonym, not by their id.

use crate::audit::{self, Entry};
use crate::auth::Principal;
use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use actors::privacy::PersonId;
use serde_json::json;

pub async fn forget(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let who = PersonId::parse(&path).map_err(|e| ApiError::new(ErrorCode::InvalidUser, e))?;
    let done = state.community.forget(&who).await.map_err(ApiError::internal)?;
    let after = json!({"messages_deleted": done.messages, "replies_unlinked": done.replies_unlinked});
    let e = Entry::new("privacy.forget", Some(state.people.public_id(who.as_str()))).after(after);
    audit::record(&state.auth.store, &state.clock, &p, e).await?;
    Ok(HttpResponse::Ok().json(json!({
        "user": who.as_str(),
        "messages_deleted": done.messages,
        "replies_unlinked": done.replies_unlinked,
    })))
}
