//! The operator console in a real browser: headless Chromium over WebDriver
//! against the real application (`spawn_app`: a fresh SQLite store, the fake
//! LLM, fast pacing). Each test saves screenshots of the pages it visits
//! (`make screenshots` writes them to `docs/console/`, which docs/CONSOLE.md
//! shows; a plain test run keeps them under `target/`). Its own test binary, so the
//! API tests run without a browser.

#[allow(dead_code, reason = "shared with the API tests; this binary uses a part")]
#[path = "../api/auth_helpers.rs"]
mod auth_helpers;
mod browser;
#[allow(dead_code, reason = "shared with the API tests; this binary uses a part")]
#[path = "../api/helpers.rs"]
mod helpers;
mod operate;
mod pages;

use auth_helpers::PASSWORD;
use browser::Browser;
use helpers::TestApp;

/// Logs in through the login page (no second factor) and waits for the dashboard.
pub async fn log_in(b: &Browser, app: &TestApp, user: &str) {
    b.goto(&app.url("/console/login")).await;
    b.fill("#login", "username", user).await;
    b.fill("#login", "password", PASSWORD).await;
    b.click("#login button[type=submit]").await;
    b.wait_for("body[data-page=dashboard]").await;
}
