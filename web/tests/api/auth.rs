//! Operators' sessions and keys end to end: lockout, CSRF, TOTP with
//! recovery codes, idle and absolute session expiry, logout everywhere,
//! key revocation.

use crate::auth_helpers::{Cred, PASSWORD, session_of};
use crate::helpers::{assert_error, spawn_app, spawn_app_with_settings};
use reqwest::Method;
use serde_json::{Value, json};

const MINUTE: i64 = 60_000;

#[actix_web::test]
async fn repeated_wrong_passwords_lock_the_account_for_a_while() {
    let app = spawn_app().await;
    app.create_user("ayse", "operator").await;
    let wrong = json!({"username": "ayse", "password": "yanlış parola yanlış"});
    for _ in 0..4 {
        assert_error(app.login_raw(&wrong).await, 401, "invalid_credentials").await;
    }
    // The fifth failure locks; from then on even the right password is refused.
    assert_error(app.login_raw(&wrong).await, 401, "invalid_credentials").await;
    let right = json!({"username": "ayse", "password": PASSWORD});
    let r = app.login_raw(&right).await;
    let retry: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=15 * 60).contains(&retry), "{retry}");
    assert_error(r, 429, "account_locked").await;
    // An unknown user gets the same answer as a wrong password.
    let r = app.login_raw(&json!({"username": "kimse", "password": "yanlış parola yanlış"})).await;
    assert_error(r, 401, "invalid_credentials").await;
    app.clock.advance(15 * MINUTE + 1);
    assert_eq!(app.login_raw(&right).await.status(), 200, "the lockout ends");
    app.stop().await;
}

#[actix_web::test]
async fn login_attempts_from_one_address_are_throttled() {
    let app = spawn_app_with_settings(|s| s.auth.login_attempts_per_minute = 3).await;
    let body = json!({"username": "kimse", "password": "yanlış parola yanlış"});
    for _ in 0..3 {
        assert_eq!(app.login_raw(&body).await.status(), 401);
    }
    let r = app.login_raw(&body).await;
    assert!(r.headers().contains_key("retry-after"));
    assert_error(r, 429, "too_many_requests").await;
    app.clock.advance(MINUTE);
    assert_eq!(app.login_raw(&body).await.status(), 401, "the bucket refills");
    app.stop().await;
}

#[actix_web::test]
async fn a_sessions_state_changing_request_needs_its_csrf_token() {
    let app = spawn_app().await;
    app.create_user("admin1", "admin").await;
    let s = app.login("admin1", PASSWORD).await;
    let cred = Cred::Session(s.clone());
    let body = r#"{"name": "ci", "role": "viewer"}"#;
    let r = app.call_with(Method::POST, "/api/keys", &cred, Some(body), false).await;
    assert_error(r, 403, "csrf_failed").await;
    let forged = Cred::Session(crate::auth_helpers::Session { csrf: "0".repeat(64), ..s.clone() });
    assert_error(app.call(Method::POST, "/api/keys", &forged, Some(body)).await, 403, "csrf_failed").await;
    let keys: Vec<Value> = app.call(Method::GET, "/api/keys", &cred, None).await.json().await.unwrap();
    assert_eq!(keys.len(), 1, "only the test's own admin key: nothing was made");
    // Reads need no token; the right token lets the change through.
    assert_eq!(app.call(Method::POST, "/api/keys", &cred, Some(body)).await.status(), 201);
    // The token comes from GET /api/auth/session too (how a console page gets it).
    let me: Value = app.call(Method::GET, "/api/auth/session", &cred, None).await.json().await.unwrap();
    assert_eq!(me["csrf_token"], s.csrf);
    assert_eq!(me["role"], "admin");
    // API keys are not ambient credentials: they need no CSRF token.
    let key = Cred::Key(app.admin_key.clone());
    assert_eq!(app.call_with(Method::POST, "/api/keys", &key, Some(body), false).await.status(), 201);
    app.stop().await;
}

#[actix_web::test]
async fn sessions_end_when_idle_and_at_their_absolute_limit() {
    let app = spawn_app().await;
    app.create_user("izleyici", "viewer").await;
    let idle = Cred::Session(app.login("izleyici", PASSWORD).await);
    assert_eq!(app.call(Method::GET, "/api/llm", &idle, None).await.status(), 200);
    app.clock.advance(29 * MINUTE);
    assert_eq!(app.call(Method::GET, "/api/llm", &idle, None).await.status(), 200, "still active");
    app.clock.advance(30 * MINUTE);
    assert_error(app.call(Method::GET, "/api/llm", &idle, None).await, 401, "session_expired").await;

    // A busy session still ends 12 hours after login.
    let busy = Cred::Session(app.login("izleyici", PASSWORD).await);
    for _ in 0..24 {
        app.clock.advance(29 * MINUTE);
        assert_eq!(app.call(Method::GET, "/api/llm", &busy, None).await.status(), 200);
    }
    app.clock.advance(25 * MINUTE);
    assert_error(app.call(Method::GET, "/api/llm", &busy, None).await, 401, "session_expired").await;
    app.stop().await;
}

#[actix_web::test]
async fn logout_ends_one_session_and_logout_all_ends_every_one() {
    let app = spawn_app().await;
    app.create_user("op1", "operator").await;
    let (a, b, c) =
        (app.login("op1", PASSWORD).await, app.login("op1", PASSWORD).await, app.login("op1", PASSWORD).await);
    let (a, b, c) = (Cred::Session(a), Cred::Session(b), Cred::Session(c));
    assert_eq!(app.call(Method::POST, "/api/auth/logout", &a, None).await.status(), 204);
    assert_error(app.call(Method::GET, "/api/auth/session", &a, None).await, 401, "session_expired").await;
    assert_eq!(app.call(Method::GET, "/api/auth/session", &b, None).await.status(), 200, "the others live on");
    let r = app.call(Method::POST, "/api/auth/logout-all", &b, None).await;
    assert_eq!(r.json::<Value>().await.unwrap()["sessions_ended"], 2);
    for s in [&b, &c] {
        assert_error(app.call(Method::GET, "/api/auth/session", s, None).await, 401, "session_expired").await;
    }
    app.stop().await;
}

#[actix_web::test]
async fn a_revoked_key_is_refused_at_once() {
    let app = spawn_app().await;
    let admin = Cred::Key(app.admin_key.clone());
    let r = app.call(Method::POST, "/api/keys", &admin, Some(r#"{"name": "ci bot", "role": "viewer"}"#)).await;
    assert_eq!(r.status(), 201);
    let made: Value = r.json().await.unwrap();
    let key = made["key"].as_str().unwrap().to_string();
    let ci = Cred::Key(key.clone());
    assert_eq!(app.call(Method::GET, "/api/llm", &ci, None).await.status(), 200);
    assert_eq!(app.call(Method::GET, "/api/users", &ci, None).await.status(), 403, "a viewer key is a viewer");
    let listed: Vec<Value> = app.call(Method::GET, "/api/keys", &admin, None).await.json().await.unwrap();
    assert!(!serde_json::to_string(&listed).unwrap().contains(&key[3..]), "lists never show a key");
    let path = format!("/api/keys/{}", made["id"]);
    assert_eq!(app.call(Method::DELETE, &path, &admin, None).await.status(), 204);
    assert_error(app.call(Method::GET, "/api/llm", &ci, None).await, 401, "invalid_api_key").await;
    assert_error(app.call(Method::DELETE, &path, &admin, None).await, 404, "key_not_found").await;
    assert_error(app.call(Method::GET, "/api/llm", &Cred::Key("pk_nope".into()), None).await, 401, "invalid_api_key")
        .await;
    app.stop().await;
}

#[actix_web::test]
async fn totp_is_set_up_confirmed_required_and_recovery_codes_work_once() {
    let app = spawn_app().await;
    app.create_user("guvenli", "admin").await;
    let s = Cred::Session(app.login("guvenli", PASSWORD).await);
    let setup: Value = app.call(Method::POST, "/api/auth/totp/setup", &s, None).await.json().await.unwrap();
    assert!(setup["otpauth_uri"].as_str().unwrap().starts_with("otpauth://totp/Piyasa:guvenli?secret="));
    let secret = base32_decode(setup["secret"].as_str().unwrap());
    let code = |at_ms: i64| web::auth::totp::hotp(&secret, (at_ms / 1000 / 30) as u64, 6);
    let r = app.call(Method::POST, "/api/auth/totp/enable", &s, Some(r#"{"code": "000000x"}"#)).await;
    assert_error(r, 401, "invalid_totp").await;
    let body = json!({"code": code(app.clock.now_ms())}).to_string();
    let r = app.call(Method::POST, "/api/auth/totp/enable", &s, Some(&body)).await;
    assert_eq!(r.status(), 200);
    let recovery: Vec<String> = r.json::<Value>().await.unwrap()["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(recovery.len(), 10);

    let pw = json!({"username": "guvenli", "password": PASSWORD});
    assert_error(app.login_raw(&pw).await, 401, "totp_required").await;
    app.clock.advance(31_000);
    let with = |c: String| json!({"username": "guvenli", "password": PASSWORD, "totp_code": c});
    assert_error(app.login_raw(&with("123456".into())).await, 401, "invalid_totp").await;
    let now_code = code(app.clock.now_ms());
    assert_eq!(app.login_raw(&with(now_code.clone())).await.status(), 200);
    assert_error(app.login_raw(&with(now_code)).await, 401, "invalid_totp").await;
    let rc = |c: &str| json!({"username": "guvenli", "password": PASSWORD, "recovery_code": c});
    let r = app.login_raw(&rc(&recovery[0].to_uppercase())).await;
    assert_eq!(r.status(), 200, "a recovery code stands in for the code");
    let s2 = Cred::Session(session_of(r).await);
    assert_error(app.login_raw(&rc(&recovery[0])).await, 401, "invalid_totp").await;

    let off =
        app.call(Method::POST, "/api/auth/totp/disable", &s2, Some(r#"{"password": "yanlış parola yanlış"}"#)).await;
    assert_error(off, 401, "invalid_credentials").await;
    let off = json!({"password": PASSWORD}).to_string();
    assert_eq!(app.call(Method::POST, "/api/auth/totp/disable", &s2, Some(&off)).await.status(), 204);
    assert_eq!(app.login_raw(&pw).await.status(), 200, "no second factor any more");
    app.stop().await;
}

/// RFC 4648 base32 (no padding) to bytes.
fn base32_decode(s: &str) -> Vec<u8> {
    let (mut out, mut buf, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => panic!("not base32: {c}"),
        };
        buf = (buf << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            out.push((buf >> (bits - 8)) as u8);
            bits -= 8;
        }
    }
    out
}
