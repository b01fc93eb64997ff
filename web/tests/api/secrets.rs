//! A full API session (admin login, users, keys, TOTP, password change,
//! people posting, privacy, reads) with every log line captured down to
//! DEBUG and every response body and header kept: no password, password
//! hash, API key, session id, CSRF token of another session, TOTP secret,
//! recovery code or provider key appears anywhere it should not.

use crate::auth_helpers::{Cred, PASSWORD, session_of};
use crate::helpers::{ROOM, global_logs, spawn_app_with_settings};
use reqwest::Method;
use serde_json::{Value, json};

const PROVIDER_KEY: &str = "sk-provider-secret-8f3a9b2c7d";
/// A key an admin gives at run time (stored sealed).
const RUN_TIME_KEY: &str = "sk-run-time-secret-41c0e9aa";
const TOKEN_KEY: &str = "8c1f0d2e3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5";

/// A response's headers (but its own `Set-Cookie`) and body, kept for the scan.
async fn record(r: reqwest::Response, seen: &mut String) -> (u16, String) {
    let status = r.status().as_u16();
    for (k, v) in r.headers() {
        if k != "set-cookie" {
            seen.push_str(&format!("{k}: {}\n", v.to_str().unwrap_or_default()));
        }
    }
    let body = r.text().await.unwrap_or_default();
    (status, body)
}

#[actix_web::test]
async fn no_secret_reaches_the_logs_or_any_response_during_a_full_api_session() {
    let logs = global_logs();
    let app = spawn_app_with_settings(|s| {
        s.llm.options.api_key = Some(PROVIDER_KEY.to_string().into());
        s.telegram.token_key = Some(TOKEN_KEY.to_string().into());
    })
    .await;
    app.create_user("kok", "admin").await;
    let mut seen = String::new();
    let admin = session_of(app.login_raw(&json!({"username": "kok", "password": PASSWORD})).await).await;
    let s = Cred::Session(admin.clone());
    let user_pw = "ikinci kullanıcının parolası 5";
    let new_pw = "kökün yeni parolası 12";
    let mut secrets: Vec<String> = vec![
        PASSWORD.into(),
        user_pw.into(),
        new_pw.into(),
        PROVIDER_KEY.into(),
        RUN_TIME_KEY.into(),
        TOKEN_KEY.into(),
        admin.cookie.clone(),
    ];

    let body = json!({"username": "ikinci", "password": user_pw, "role": "operator"}).to_string();
    let (st, b) = record(app.call(Method::POST, "/api/users", &s, Some(&body)).await, &mut seen).await;
    assert_eq!(st, 201, "{b}");
    seen.push_str(&b);
    let (st, b) =
        record(app.call(Method::POST, "/api/keys", &s, Some(r#"{"name": "ci", "role": "viewer"}"#)).await, &mut seen)
            .await;
    assert_eq!(st, 201);
    // The creating answer is the one place the key may appear.
    let key = serde_json::from_str::<Value>(&b).unwrap()["key"].as_str().unwrap().to_string();
    secrets.push(key.clone());
    let ci = Cred::Key(key.clone());
    // A provider key given at run time goes in and never comes out.
    let chain = json!({"chain": [{"name": "yedek", "kind": "openai", "base_url": app.fake_llm.base_url(),
                                  "model": fakes::FAKE_MODEL, "api_key": RUN_TIME_KEY}]});
    let (st, b) =
        record(app.call(Method::PUT, "/api/llm/providers", &s, Some(&chain.to_string())).await, &mut seen).await;
    assert_eq!(st, 200, "{b}");
    assert!(b.contains("\"has_key\":true"), "{b}");
    seen.push_str(&b);
    for p in [
        "/api/keys",
        "/api/users",
        "/api/audit?limit=500",
        "/api/llm",
        "/api/llm/providers",
        "/api/settings",
        "/api/telegram",
        "/api/bots",
        "/metrics",
        "/health",
    ] {
        let (st, b) = record(app.call(Method::GET, p, &s, None).await, &mut seen).await;
        assert_eq!(st, 200, "{p}");
        seen.push_str(&b);
    }
    let (_, b) = record(app.call(Method::GET, "/api/llm", &ci, None).await, &mut seen).await;
    seen.push_str(&b);
    // The setup answer is the one place the TOTP secret may appear.
    let (st, b) = record(app.call(Method::POST, "/api/auth/totp/setup", &s, None).await, &mut seen).await;
    assert_eq!(st, 200);
    let totp_secret = serde_json::from_str::<Value>(&b).unwrap()["secret"].as_str().unwrap().to_string();
    let body = json!({"current_password": PASSWORD, "new_password": new_pw}).to_string();
    let (st, b) = record(app.call(Method::POST, "/api/auth/password", &s, Some(&body)).await, &mut seen).await;
    assert_eq!(st, 200);
    seen.push_str(&b);
    // Failed logins with secrets typed as usernames do not echo them.
    for wrong in [key.as_str(), PASSWORD, user_pw] {
        let (_, b) = record(app.login_raw(&json!({"username": wrong, "password": wrong})).await, &mut seen).await;
        seen.push_str(&b);
    }
    let (_, b) = record(app.post_message(&json!({"author": "Misafir", "text": "merhaba"})).await, &mut seen).await;
    seen.push_str(&b);
    let (_, b) = record(
        app.call(Method::DELETE, "/api/privacy/users/web:Misafir", &Cred::Key(app.admin_key.clone()), None).await,
        &mut seen,
    )
    .await;
    seen.push_str(&b);
    let (_, b) = record(app.get(&format!("/api/rooms/{ROOM}/messages")).await, &mut seen).await;
    seen.push_str(&b);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    app.stop().await;

    let log = logs.text();
    assert!(log.contains("room started"), "the capture works");
    for secret in secrets.iter().chain([&totp_secret]) {
        assert!(!log.contains(secret.as_str()), "a secret in the logs: {}…", &secret[..6]);
        assert!(!seen.contains(secret.as_str()), "a secret in a response: {}…", &secret[..6]);
    }
    for shape in ["$argon2id$", "password_hash", "key_hash", "id_hash", "totp_secret"] {
        assert!(!seen.contains(shape) && !log.contains(shape), "{shape} leaked");
    }
}
