//! The console's CSS and script, and the vendored uPlot (MIT, its licence
//! beside it in `assets/console/vendor/uplot`), compiled into the binary.

use crate::error::{ApiError, ErrorCode};
use actix_web::{HttpResponse, web};

const CSS: &str = include_str!("../../assets/console/console.css");
const JS: &str = include_str!("../../assets/console/console.js");
const UPLOT_JS: &str = include_str!("../../assets/console/vendor/uplot/uPlot.iife.min.js");
const UPLOT_CSS: &str = include_str!("../../assets/console/vendor/uplot/uPlot.min.css");

pub async fn asset(file: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let (body, kind) = match file.as_str() {
        "console.css" => (CSS, "text/css; charset=utf-8"),
        "console.js" => (JS, "text/javascript; charset=utf-8"),
        "uPlot.iife.min.js" => (UPLOT_JS, "text/javascript; charset=utf-8"),
        "uPlot.min.css" => (UPLOT_CSS, "text/css; charset=utf-8"),
        other => {
            let shown: String = other.chars().take(64).collect();
            return Err(ApiError::new(ErrorCode::NotFound, format!("no asset {shown}")));
        }
    };
    Ok(HttpResponse::Ok().content_type(kind).insert_header(("Cache-Control", "no-cache")).body(body))
}
