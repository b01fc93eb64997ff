//! `/health`: the store answers and which LLM providers are usable.

use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use serde_json::json;

pub async fn health(state: web::Data<AppState>) -> HttpResponse {
    let c = &state.community;
    let db = c.store.ping().await;
    let providers = c.gateway.send(actors::gateway::Status).await.unwrap_or_default();
    let rooms: Vec<_> = c.rooms().iter().map(|r| json!({"id": r.id, "running": r.is_running()})).collect();
    let ok = db.is_ok() && c.rooms().iter().all(actors::RoomHandle::is_running);
    let body = json!({
        "status": if ok { "ok" } else { "degraded" },
        "database": { "backend": c.store.backend(), "ok": db.is_ok() },
        "providers": providers,
        "rooms": rooms,
    });
    if ok { HttpResponse::Ok().json(body) } else { HttpResponse::ServiceUnavailable().json(body) }
}
