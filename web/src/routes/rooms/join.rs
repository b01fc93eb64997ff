//! `POST /api/rooms/{room}/join`: a person claims a display name in the
//! room. The answer sets the signed person cookie that owns the name.

use super::room;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use engine::input::HumanName;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinBody {
    /// 2 to 32 characters, without the AI marker.
    name: String,
}

pub async fn join(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Json<JoinBody>,
) -> Result<HttpResponse, ApiError> {
    let room = room(&state, &path)?;
    let name = HumanName::parse(&body.name, &state.marker).map_err(|e| ApiError::field("name", e))?;
    super::not_a_bots_name(&room, name.as_str(), &state.marker).await?;
    let person = state.people.person(&req).unwrap_or_else(|| state.people.new_person());
    state.people.claim(&state.community.store, &state.clock, &room.id, name.as_str(), &person).await?;
    Ok(HttpResponse::Ok().cookie(state.people.cookie(&person)).json(json!({"room": room.id, "name": name.as_str()})))
}
