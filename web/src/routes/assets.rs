//! The live web room and the API docs page: plain HTML, CSS and JS compiled
//! into the binary. No inline script anywhere (the CSP forbids it).

use crate::error::{ApiError, ErrorCode};
use actix_web::{HttpResponse, web};

const ROOM_HTML: &str = include_str!("../../assets/room.html");
const ROOM_CSS: &str = include_str!("../../assets/room.css");
const ROOM_JS: &str = include_str!("../../assets/room.js");
const DOCS_HTML: &str = include_str!("../../assets/docs.html");
const DOCS_CSS: &str = include_str!("../../assets/docs.css");
const DOCS_JS: &str = include_str!("../../assets/docs.js");

pub async fn room_page() -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(ROOM_HTML)
}

pub async fn docs_page() -> HttpResponse {
    HttpResponse::Ok().content_type("text/html; charset=utf-8").body(DOCS_HTML)
}

pub async fn favicon() -> HttpResponse {
    HttpResponse::NoContent().finish()
}

pub async fn asset(file: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let (body, kind) = match file.as_str() {
        "room.css" => (ROOM_CSS, "text/css; charset=utf-8"),
        "room.js" => (ROOM_JS, "text/javascript; charset=utf-8"),
        "docs.css" => (DOCS_CSS, "text/css; charset=utf-8"),
        "docs.js" => (DOCS_JS, "text/javascript; charset=utf-8"),
        other => {
            let shown: String = other.chars().take(64).collect();
            return Err(ApiError::new(ErrorCode::NotFound, format!("no asset {shown}")));
        }
    };
    Ok(HttpResponse::Ok().content_type(kind).insert_header(("Cache-Control", "no-cache")).body(body))
}
