//! The operator console at `/console`: pages rendered on the server for the
//! logged-in operator from the same read functions the operators' API
//! answers with, in Turkish (default) or English, light or dark. Nothing
//! here changes anything: every form and button of a page calls an API
//! route from the browser (`console.js`, with the session's CSRF token),
//! and the API's access guard decides. Pages and buttons a role may not use
//! are left out of the page; the API refuses them anyway.
//!
//! Every page is a row of the route table with [`Access::Console`]: a
//! session (never an API key) of at least the page's role; without one the
//! browser is sent to the login page. Templates (askama, `templates/console`)
//! are compiled into the binary; the CSS, the script and the vendored uPlot
//! are embedded (`assets`). There is no inline script or style, so the CSP
//! of `headers` holds.
//!
//! - `i18n`: the words, in both languages.
//! - `frame`: what every page shares: who is logged in, language, theme, CSRF token, navigation.
//! - `assets`: the console's CSS, script and uPlot.
//! - `settings_rows`: nested settings as one table row per key.
//! - one file per page: `login`, `dashboard`, `rooms`, `personas`, `llm`, `guard`, `settings`, `telegram`, `audit`, `users`, `account`.
//!
//! [`Access::Console`]: crate::auth::Access::Console

pub mod assets;
mod frame;
pub mod i18n;

pub mod account;
pub mod audit;
pub mod dashboard;
pub mod guard;
pub mod llm;
pub mod login;
pub mod personas;
pub mod rooms;
pub mod settings;
mod settings_rows;
pub mod telegram;
pub mod users;

pub use frame::Frame;

use crate::error::ApiError;
use actix_web::HttpResponse;

/// The login page, coming back to `path` afterwards.
pub fn login_url(path: &str) -> String {
    let mut next = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.".contains(&b) {
            next.push(b as char);
        } else {
            next.push_str(&format!("%{b:02X}"));
        }
    }
    format!("/console/login?next={next}")
}

/// Where to go after logging in: a console path, never another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with("/console") && !n.contains("//") && !n.contains('\\') => n.to_owned(),
        _ => "/console".to_owned(),
    }
}

/// A rendered page: HTML, never cached (it shows one operator's view).
pub fn render(page: &impl askama::Template) -> Result<HttpResponse, ApiError> {
    let html = page.render().map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(html))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_login_page_comes_back_only_to_console_pages() {
        assert_eq!(login_url("/console/rooms/piyasa-sohbet"), "/console/login?next=/console/rooms/piyasa-sohbet");
        assert_eq!(login_url("/console/a b&c"), "/console/login?next=/console/a%20b%26c");
        assert_eq!(safe_next(Some("/console/llm")), "/console/llm");
        assert_eq!(safe_next(Some("//evil.example/console")), "/console");
        assert_eq!(safe_next(Some("https://evil.example/")), "/console");
        assert_eq!(safe_next(Some("/console//evil.example")), "/console");
        assert_eq!(safe_next(None), "/console");
    }
}
