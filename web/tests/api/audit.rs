//! Every kind of change leaves an audit row (who, when, from where, what,
//! before/after) that admins read through the API, and no row holds a secret.

use crate::auth_helpers::{Cred, PASSWORD};
use crate::helpers::spawn_app;
use reqwest::Method;
use serde_json::{Value, json};

#[actix_web::test]
async fn every_kind_of_change_is_in_the_audit_log_without_secrets() {
    let app = spawn_app().await;
    app.create_user("yonetici", "admin").await;
    let admin = Cred::Session(app.login("yonetici", PASSWORD).await);
    let call = |m: Method, p: &'static str, b: Option<String>| {
        let admin = admin.clone();
        let app = &app;
        async move { app.call(m, p, &admin, b.as_deref()).await }
    };
    let new_pw = "başka bir uzun parola 77";
    let r = call(
        Method::POST,
        "/api/users",
        Some(json!({"username": "yeni", "password": new_pw, "role": "viewer"}).to_string()),
    )
    .await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let user_path: &'static str = Box::leak(format!("/api/users/{id}").into_boxed_str());
    assert_eq!(call(Method::PATCH, user_path, Some(r#"{"role": "operator"}"#.into())).await.status(), 200);
    let reset = json!({"password": "sıfırlanmış uzun parola 1"}).to_string();
    assert_eq!(call(Method::PATCH, user_path, Some(reset)).await.status(), 200);
    let r = call(Method::POST, "/api/keys", Some(r#"{"name": "yedek", "role": "operator"}"#.into())).await;
    let key: Value = r.json().await.unwrap();
    let key_path: &'static str = Box::leak(format!("/api/keys/{}", key["id"]).into_boxed_str());
    assert_eq!(call(Method::DELETE, key_path, None).await.status(), 204);
    app.say("Tolga", "merhaba").await;
    assert_eq!(call(Method::DELETE, "/api/privacy/users/web:Tolga", None).await.status(), 200);
    assert_eq!(call(Method::POST, "/api/auth/totp/setup", None).await.status(), 200);
    assert_eq!(call(Method::DELETE, user_path, None).await.status(), 204);
    let wrong = json!({"username": "yonetici", "password": "yanlış parola yanlış"});
    assert_eq!(app.login_raw(&wrong).await.status(), 401);
    let pw = json!({"current_password": PASSWORD, "new_password": "yepyeni uzun parola 99"}).to_string();
    let r = call(Method::POST, "/api/auth/password", Some(pw)).await;
    assert_eq!(r.status(), 200);
    let fresh = Cred::Session(crate::auth_helpers::session_of(r).await);
    assert_eq!(app.call(Method::POST, "/api/auth/logout", &fresh, None).await.status(), 204);

    let r = app.call(Method::GET, "/api/audit?limit=500", &Cred::Key(app.admin_key.clone()), None).await;
    assert_eq!(r.status(), 200);
    let text = r.text().await.unwrap();
    let rows: Vec<Value> = serde_json::from_str(&text).unwrap();
    let find = |action: &str| {
        rows.iter().find(|r| r["action"] == action).unwrap_or_else(|| panic!("no {action} row in {text}")).clone()
    };
    for action in [
        "session.login",
        "session.login_failed",
        "session.logout",
        "user.create",
        "user.update",
        "user.delete",
        "user.password_change",
        "key.create",
        "key.revoke",
        "privacy.forget",
        "totp.setup",
    ] {
        let row = find(action);
        assert!(row["at_ms"].as_i64().unwrap() > 0 && row["ip"] == "127.0.0.1", "{row}");
    }
    let create = find("user.create");
    assert_eq!((create["actor"].as_str(), create["actor_kind"].as_str()), (Some("yonetici"), Some("user")));
    assert_eq!(create["after"], json!({"username": "yeni", "role": "viewer", "disabled": false}));
    let update = rows.iter().find(|r| r["action"] == "user.update" && r["before"]["role"] == "viewer").unwrap();
    assert_eq!(update["after"]["role"], "operator");
    let reset = rows.iter().find(|r| r["action"] == "user.update" && r["after"]["password"] == "reset").unwrap();
    assert_eq!(reset["after"]["sessions_ended"], 0);
    assert_eq!(find("privacy.forget")["after"]["messages_deleted"], 1);
    assert!(!find("privacy.forget")["target"].as_str().unwrap().contains("Tolga"), "the person is a pseudonym");
    assert_eq!(find("key.revoke")["after"], json!({"revoked": true}));
    for secret in
        [PASSWORD, new_pw, "sıfırlanmış", "yepyeni", "yanlış parola", &key["key"].as_str().unwrap()[3..], "$argon2"]
    {
        assert!(!text.contains(secret), "the audit log holds a secret ({secret})");
    }
    let one: Vec<Value> = app
        .call(Method::GET, "/api/audit?action=key.create", &Cred::Key(app.admin_key.clone()), None)
        .await
        .json()
        .await
        .unwrap();
    assert!(one.len() == 1 && one[0]["action"] == "key.create");
    app.stop().await;
}
