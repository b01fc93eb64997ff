//! `GET /api/rooms/{room}/personas`: the room and its personas as community
//! YAML (what `piyasa personas export` writes; no tokens are in it).

use super::room;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use engine::community::{Community, RoomSpec};
use engine::ids::RoomId;

pub async fn export(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let handle = room(&state, &path)?;
    let store = &state.community.store;
    let mut personas = Vec::new();
    for m in store.members(&handle.id).await? {
        if let Some(b) = store.bot(&m.bot_id).await? {
            personas.push(b.persona()?);
        }
    }
    let slug = RoomId::parse(&handle.id).map_err(ApiError::internal)?;
    let (name, topic, prices) = (handle.name.clone(), handle.topic.clone(), Some(handle.prices));
    let c = Community { room: RoomSpec { slug, name, topic, prices }, personas };
    Ok(HttpResponse::Ok().content_type("application/yaml; charset=utf-8").body(c.to_yaml()))
}
