//! Every registered route × every kind of caller, against ONE table of who
//! may call what. A route in `web::routes::table()` without a row here
//! fails the test, and so does a row for a route that is not registered.

use crate::auth_helpers::{Cred, PASSWORD};
use crate::helpers::{ROOM, spawn_app_with_settings};
use reqwest::Method;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq)]
enum May {
    Anyone,
    /// The metrics token or any viewer (session or key).
    Metrics,
    Viewer,
    Operator,
    Admin,
    /// Any console session; never an API key.
    SessionOnly,
    /// A console page for a session of at least viewer (or admin): no session
    /// is sent to the login page (303), an API key or a lower role gets 403.
    PageViewer,
    PageAdmin,
}

use May::*;

/// THE table: (method, route pattern, who may call it).
const EXPECTED: &[(&str, &str, May)] = &[
    ("GET", "/", Anyone),
    ("GET", "/assets/{file}", Anyone),
    ("GET", "/favicon.ico", Anyone),
    ("GET", "/health", Anyone),
    ("GET", "/livez", Anyone),
    ("GET", "/readyz", Anyone),
    ("GET", "/api/market", Anyone),
    ("GET", "/api/rooms", Anyone),
    ("GET", "/api/rooms/{room}/messages", Anyone),
    ("POST", "/api/rooms/{room}/messages", Anyone),
    ("POST", "/api/rooms/{room}/join", Anyone),
    ("GET", "/api/rooms/{room}/stream", Anyone),
    ("GET", "/api/openapi.json", Anyone),
    ("GET", "/docs", Anyone),
    ("POST", "/api/auth/login", Anyone),
    ("GET", "/metrics", Metrics),
    ("GET", "/api/llm", Viewer),
    ("GET", "/api/dashboard", Viewer),
    ("GET", "/api/bots/{bot}/book", Viewer),
    ("GET", "/api/guard/stats", Viewer),
    ("GET", "/api/bots", Viewer),
    ("GET", "/api/rooms/{room}/members", Viewer),
    ("GET", "/api/rooms/{room}/personas", Operator),
    ("GET", "/api/rooms/{room}", Viewer),
    ("GET", "/api/personas", Viewer),
    ("GET", "/api/personas/{bot}", Viewer),
    ("GET", "/api/settings", Viewer),
    ("GET", "/api/llm/providers", Operator),
    ("GET", "/api/market/status", Viewer),
    ("GET", "/api/market/events", Viewer),
    ("POST", "/api/rooms", Operator),
    ("PATCH", "/api/rooms/{room}", Operator),
    ("POST", "/api/rooms/{room}/pause", Operator),
    ("POST", "/api/rooms/{room}/resume", Operator),
    ("POST", "/api/rooms/{room}/archive", Operator),
    ("POST", "/api/rooms/{room}/restore", Operator),
    ("PUT", "/api/rooms/{room}/settings/{key}", Operator),
    ("DELETE", "/api/rooms/{room}/settings/{key}", Operator),
    ("POST", "/api/rooms/{room}/members", Operator),
    ("DELETE", "/api/rooms/{room}/members/{bot}", Operator),
    ("POST", "/api/personas", Operator),
    ("PUT", "/api/personas/{bot}", Operator),
    ("PATCH", "/api/personas/{bot}", Operator),
    ("POST", "/api/personas/{bot}/silence", Operator),
    ("POST", "/api/personas/{bot}/resume", Operator),
    ("POST", "/api/personas/{bot}/rehearse", Operator),
    ("GET", "/api/personas/{bot}/prompt", Operator),
    ("POST", "/api/import/preview", Operator),
    ("POST", "/api/import", Operator),
    ("POST", "/api/market/headlines", Operator),
    ("POST", "/api/market/shocks", Operator),
    ("POST", "/api/scenarios", Operator),
    ("DELETE", "/api/scenarios/{name}", Operator),
    ("PUT", "/api/settings/{key}", Admin),
    ("DELETE", "/api/settings/{key}", Admin),
    ("PUT", "/api/llm/providers", Admin),
    ("DELETE", "/api/llm/providers", Admin),
    ("GET", "/api/telegram", Admin),
    ("POST", "/api/telegram/bots", Admin),
    ("DELETE", "/api/telegram/bots/{bot}", Admin),
    ("PUT", "/api/telegram/rooms/{room}", Admin),
    ("DELETE", "/api/telegram/rooms/{room}", Admin),
    ("GET", "/api/auth/session", SessionOnly),
    ("POST", "/api/auth/logout", SessionOnly),
    ("POST", "/api/auth/logout-all", SessionOnly),
    ("POST", "/api/auth/password", SessionOnly),
    ("POST", "/api/auth/totp/setup", SessionOnly),
    ("POST", "/api/auth/totp/enable", SessionOnly),
    ("POST", "/api/auth/totp/disable", SessionOnly),
    ("GET", "/api/users", Admin),
    ("POST", "/api/users", Admin),
    ("GET", "/api/users/{id}", Admin),
    ("PATCH", "/api/users/{id}", Admin),
    ("DELETE", "/api/users/{id}", Admin),
    ("GET", "/api/keys", Admin),
    ("POST", "/api/keys", Admin),
    ("DELETE", "/api/keys/{id}", Admin),
    ("GET", "/api/audit", Admin),
    ("DELETE", "/api/privacy/users/{id}", Admin),
    ("GET", "/console/login", Anyone),
    ("GET", "/console/assets/{file}", Anyone),
    ("GET", "/console", PageViewer),
    ("GET", "/console/rooms", PageViewer),
    ("GET", "/console/rooms/{room}", PageViewer),
    ("GET", "/console/personas", PageViewer),
    ("GET", "/console/llm", PageViewer),
    ("GET", "/console/guard", PageViewer),
    ("GET", "/console/settings", PageViewer),
    ("GET", "/console/account", PageViewer),
    ("GET", "/console/audit", PageAdmin),
    ("GET", "/console/telegram", PageAdmin),
    ("GET", "/console/users", PageAdmin),
];

/// A concrete path for a pattern: ids that do not exist, so nothing changes
/// (reads and the people's routes use the real room).
fn concrete(method: &str, pattern: &str) -> String {
    let file = if pattern.starts_with("/console") { "console.css" } else { "room.css" };
    let people = pattern.ends_with("/messages") || pattern.ends_with("/join");
    let room = if method == "GET" || people { ROOM } else { "yok-oda" };
    let p = pattern
        .replace("{room}", room)
        .replace("{file}", file)
        .replace("{bot}", "yok-bot")
        .replace("{key}", "yok.ayar")
        .replace("{name}", "yok-senaryo");
    if p.starts_with("/api/privacy/") { p.replace("{id}", "web:Kimse") } else { p.replace("{id}", "987654") }
}

#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
enum Level {
    Viewer,
    Operator,
    Admin,
}

/// The status class a caller must get: Ok(()) means "let through" (any status but 401/403).
fn expected(may: May, caller: Option<(Level, bool)>) -> Result<(), u16> {
    let Some((level, session)) = caller else {
        return match may {
            Anyone => Ok(()),
            PageViewer | PageAdmin => Err(303),
            _ => Err(401),
        };
    };
    let need = match may {
        Anyone | Metrics => return Ok(()),
        SessionOnly => return if session { Ok(()) } else { Err(403) },
        PageViewer | PageAdmin if !session => return Err(403),
        PageViewer => Level::Viewer,
        PageAdmin => Level::Admin,
        Viewer => Level::Viewer,
        Operator => Level::Operator,
        Admin => Level::Admin,
    };
    if level >= need { Ok(()) } else { Err(403) }
}

#[actix_web::test]
async fn every_route_answers_every_kind_of_caller_as_the_table_says() {
    let app = spawn_app_with_settings(|s| s.auth.login_attempts_per_minute = 10_000).await;

    // The table and the registered routes are the same set.
    let registered: Vec<(String, String)> =
        web::routes::table().iter().map(|r| (r.method.to_string(), r.path.to_string())).collect();
    for (m, p) in &registered {
        assert!(
            EXPECTED.iter().any(|(em, ep, _)| em == m && ep == p),
            "{m} {p} is registered but has no row in EXPECTED"
        );
    }
    for (m, p, _) in EXPECTED {
        assert!(registered.iter().any(|(rm, rp)| rm == m && rp == p), "{m} {p} is in EXPECTED but not registered");
    }

    for (name, role) in [("viewer1", "viewer"), ("operator1", "operator"), ("admin1", "admin")] {
        app.create_user(name, role).await;
    }
    let keys = [
        (Level::Viewer, app.make_key("k-viewer", "viewer").await),
        (Level::Operator, app.make_key("k-operator", "operator").await),
        (Level::Admin, app.make_key("k-admin", "admin").await),
    ];
    let mut checked = 0;
    for (method, pattern, may) in EXPECTED {
        let path = concrete(method, pattern);
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        // A body that fails validation: sufficient callers get a 4xx from the handler, and nothing changes.
        let body = (method != Method::GET && method != Method::DELETE).then_some("{}");
        let mut callers: Vec<(Cred, Option<(Level, bool)>)> = vec![(Cred::Anonymous, None)];
        for (level, user) in [(Level::Viewer, "viewer1"), (Level::Operator, "operator1"), (Level::Admin, "admin1")] {
            // A fresh session per route: logout routes end the session they are called with.
            callers.push((Cred::Session(app.login(user, PASSWORD).await), Some((level, true))));
        }
        for (level, key) in &keys {
            callers.push((Cred::Key(key.clone()), Some((*level, false))));
        }
        for (cred, who) in callers {
            let r = app.call(method.clone(), &path, &cred, body).await;
            let status = r.status().as_u16();
            match expected(*may, who) {
                Ok(()) => assert!(
                    status != 401 && status != 403 && status != 303,
                    "{method} {path} as {who:?}: let through expected, got {status}"
                ),
                Err(303) => {
                    assert_eq!(status, 303, "{method} {path} as {who:?}");
                    let to = r.headers()["location"].to_str().unwrap().to_string();
                    assert_eq!(to, format!("/console/login?next={path}"), "{method} {path}: where to log in");
                }
                Err(want) => assert_eq!(status, want, "{method} {path} as {who:?}"),
            }
            assert!(status < 500, "{method} {path} as {who:?}: {status}");
            checked += 1;
        }
    }
    assert_eq!(checked, EXPECTED.len() * 7);
    // The metrics token passes /metrics and nothing else.
    app.stop().await;
}

#[actix_web::test]
async fn the_metrics_token_reads_metrics_and_nothing_else() {
    let app = spawn_app_with_settings(|s| s.metrics.token = Some("metrics-secret-token-1234".to_string().into())).await;
    let token = Cred::Key("metrics-secret-token-1234".into());
    assert_eq!(app.call(Method::GET, "/metrics", &token, None).await.status(), 200);
    assert_eq!(app.call(Method::GET, "/metrics", &Cred::Anonymous, None).await.status(), 401);
    assert_eq!(app.call(Method::GET, "/api/llm", &token, None).await.status(), 403);
    assert_eq!(app.call(Method::GET, "/api/users", &token, None).await.status(), 403);
    app.stop().await;
}

#[actix_web::test]
async fn a_separate_metrics_address_serves_metrics_without_credentials() {
    let mut port = 0;
    let app = spawn_app_with_settings(|s| {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        port = l.local_addr().unwrap().port();
        drop(l);
        s.metrics.listen = Some(format!("127.0.0.1:{port}"));
    })
    .await;
    let r = reqwest::get(format!("http://127.0.0.1:{port}/metrics")).await.unwrap();
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    assert!(text.contains("piyasa_llm_breaker_state{provider=\"openai\"} 0") && text.ends_with("# EOF\n"), "{text}");
    assert_eq!(app.get("/metrics").await.status(), 401, "the main port still asks");
    let other = reqwest::get(format!("http://127.0.0.1:{port}/api/users")).await.unwrap();
    assert_eq!(other.status(), 404, "only /metrics is there");
    app.stop().await;
}
