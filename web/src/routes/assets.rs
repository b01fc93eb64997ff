//! The live web room: plain HTML, CSS and JS compiled into the binary.

use crate::error::{ApiError, ErrorCode};
use actix_web::{HttpResponse, web};

const ROOM_HTML: &str = include_str!("../../assets/room.html");
const ROOM_CSS: &str = include_str!("../../assets/room.css");
const ROOM_JS: &str = include_str!("../../assets/room.js");

pub async fn room_page() -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(ROOM_HTML)
}

pub async fn asset(file: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let (body, kind) = match file.as_str() {
        "room.css" => (ROOM_CSS, "text/css; charset=utf-8"),
        "room.js" => (ROOM_JS, "text/javascript; charset=utf-8"),
        other => return Err(ApiError::new(ErrorCode::NotFound, format!("no asset {other}"))),
    };
    Ok(HttpResponse::Ok().content_type(kind).insert_header(("Cache-Control", "no-cache")).body(body))
}
