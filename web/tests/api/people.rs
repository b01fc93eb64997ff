//! The people's side stays open, with limits: a name belongs to the person
//! who took it, ids in public history are pseudonyms, posting is throttled,
//! streams are capped, sizes are capped, wrong methods get 405, HEAD works,
//! and every response carries the security headers.

use crate::helpers::{ROOM, assert_error, spawn_app, spawn_app_with_settings};
use engine::transcript::AuthorKind;
use serde_json::{Value, json};

fn fresh_client() -> reqwest::Client {
    reqwest::Client::builder().pool_max_idle_per_host(0).cookie_store(true).build().unwrap()
}

#[actix_web::test]
async fn a_name_belongs_to_the_person_who_took_it_in_that_room() {
    let app = spawn_app().await;
    let url = app.url(&format!("/api/rooms/{ROOM}/messages"));
    let join = app.url(&format!("/api/rooms/{ROOM}/join"));
    let (deniz, other) = (fresh_client(), fresh_client());
    let r = deniz.post(&join).json(&json!({"name": "Defne"})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("piyasa_person=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let post = |c: &reqwest::Client, author: &str, text: &str| {
        c.post(&url).json(&json!({"author": author, "text": text})).send()
    };
    assert_eq!(post(&deniz, "Defne", "Merhaba, ben Defne.").await.unwrap().status(), 201);
    let r = post(&other, "defne", "Ben de Defne'yim!").await.unwrap();
    let err = assert_error(r, 409, "name_taken").await;
    assert_eq!(err["field"], "author");
    let r = other.post(&join).json(&json!({"name": "DEFNE"})).send().await.unwrap();
    assert_error(r, 409, "name_taken").await;
    // A forged cookie is nobody's.
    let forged = reqwest::Client::new()
        .post(&url)
        .header("Cookie", format!("piyasa_person={}.{}", "a".repeat(32), "0".repeat(64)))
        .json(&json!({"author": "Defne", "text": "sahte"}))
        .send()
        .await
        .unwrap();
    assert_error(forged, 409, "name_taken").await;
    // The other person picks another name; Defne switches name and the old one is free again.
    assert_eq!(post(&other, "Derya", "Ben Derya.").await.unwrap().status(), 201);
    assert_eq!(post(&deniz, "Defne K", "Adımı değiştirdim.").await.unwrap().status(), 201);
    assert_eq!(post(&other, "Defne", "Artık Defne benim.").await.unwrap().status(), 201);
    let said: Vec<Value> = app.messages().await.into_iter().filter(|m| m["author"]["kind"] == "human").collect();
    assert_eq!(said.len(), 4, "refused posts stored nothing: {said:?}");
    // An unused name lapses after people.name_ttl_days.
    app.clock.advance(31 * 86_400_000);
    assert_eq!(post(&deniz, "Derya", "Derya artık boşta.").await.unwrap().status(), 201);
    app.stop().await;
}

#[actix_web::test]
async fn public_history_and_stream_never_show_a_telegram_user_number() {
    let app = spawn_app().await;
    let mut stream = app.open_stream().await;
    let now = web::clock::Clock::system().now_ms();
    let stored = app
        .store
        .insert_message(&schema::NewMessage {
            room_id: ROOM.into(),
            author_kind: AuthorKind::Human,
            author_id: "tg:987654321".into(),
            author_name: "Yasemin".into(),
            reply_to: None,
            bot_depth: 0,
            text: "telegramdan selam".into(),
            status: schema::MessageStatus::Sent,
            status_reason: None,
            created_at: now,
            sent_at: Some(now),
            provider: None,
            model: None,
            tokens_in: None,
            tokens_out: None,
            latency_ms: None,
        })
        .await
        .unwrap();
    let history = serde_json::to_string(&app.messages().await).unwrap();
    assert!(history.contains("telegramdan selam") && !history.contains("987654321"), "{history}");
    let mine = app.say("Cem", "web'den selam").await;
    assert!(mine["author"]["id"].as_str().unwrap().starts_with("p-"), "{mine}");
    let (_, shown) =
        stream.wait_for(std::time::Duration::from_secs(5), |n, d| n == "message" && d["id"] == mine["id"]).await;
    assert_eq!(shown["author"]["id"], mine["author"]["id"], "the stream shows the same pseudonym");
    assert!(!shown.to_string().contains("web:Cem"));
    assert!(stored.id > 0);
    app.stop().await;
}

#[actix_web::test]
async fn posting_too_fast_gets_429_with_retry_after() {
    let app = spawn_app_with_settings(|s| {
        s.people.post_burst = 3;
        s.people.posts_per_minute = 6;
    })
    .await;
    for i in 0..3 {
        app.say("Hızlı", &format!("mesaj {i}")).await;
    }
    let r = app.post_message(&json!({"author": "Hızlı", "text": "bir tane daha"})).await;
    assert_eq!(r.headers()["retry-after"], "10");
    assert_error(r, 429, "too_many_requests").await;
    app.clock.advance(10_000);
    app.say("Hızlı", "bekledim").await;
    app.stop().await;
}

#[actix_web::test]
async fn live_streams_are_capped_per_client_and_in_total() {
    let app = spawn_app_with_settings(|s| {
        s.people.streams_per_client = 2;
        s.people.streams_total = 3;
    })
    .await;
    let a = app.open_stream().await;
    let b = app.open_stream().await;
    let r = app.client.get(app.url(&format!("/api/rooms/{ROOM}/stream"))).send().await.unwrap();
    assert!(r.headers().contains_key("retry-after"));
    assert_error(r, 429, "too_many_requests").await;
    drop(a);
    // The place comes back when a stream ends.
    let mut back = false;
    for _ in 0..50 {
        let r = app.client.get(app.url(&format!("/api/rooms/{ROOM}/stream"))).send().await.unwrap();
        if r.status() == 200 {
            back = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(back, "a closed stream frees its place");
    drop(b);
    app.stop().await;
}

#[actix_web::test]
async fn sizes_methods_head_and_security_headers() {
    let app = spawn_app().await;
    let big = json!({"author": "Defne", "text": "a".repeat(17 * 1024)});
    assert_error(app.post_message(&big).await, 413, "payload_too_large").await;
    let long = json!({"author": "Defne", "text": "a".repeat(1001)});
    assert_error(app.post_message(&long).await, 413, "text_too_long").await;
    let r = app.client.put(app.url("/api/rooms")).send().await.unwrap();
    assert_eq!(r.headers()["allow"], "GET, POST, HEAD");
    assert_error(r, 405, "method_not_allowed").await;
    for path in ["/", "/api/rooms", "/health", "/api/openapi.json", "/docs", "/assets/room.js"] {
        let get = app.client.get(app.url(path)).send().await.unwrap();
        let head = app.client.head(app.url(path)).send().await.unwrap();
        assert_eq!(head.status(), get.status(), "HEAD {path}");
        assert_eq!(head.headers()["content-type"], get.headers()["content-type"], "HEAD {path}");
        assert!(head.bytes().await.unwrap().is_empty(), "HEAD {path} has no body");
    }
    let r = app.client.head(app.url(&format!("/api/rooms/{ROOM}/stream"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    for path in ["/", "/api/rooms", "/api/nothing", "/api/users", "/docs"] {
        let r = app.get(path).await;
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert!(!h.contains_key("strict-transport-security"), "no HSTS on plain HTTP");
    }
    app.stop().await;
    let tls = spawn_app_with_settings(|s| s.server.hsts_max_age_secs = 31_536_000).await;
    assert_eq!(tls.get("/").await.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
    tls.stop().await;
}

#[actix_web::test]
async fn the_openapi_document_lists_every_registered_route_and_the_docs_page_has_no_inline_script() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    for r in web::routes::table() {
        let op = &doc["paths"][r.path][r.method.as_str().to_lowercase()];
        assert!(op.is_object(), "{} {} is missing from the OpenAPI document", r.method, r.path);
        assert!(op["summary"].as_str().is_some_and(|s| !s.is_empty()), "{} {}", r.method, r.path);
        if r.body.is_some() {
            let schema = op["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str().unwrap();
            let name = schema.rsplit('/').next().unwrap();
            assert!(doc["components"]["schemas"][name].is_object(), "{name}");
        }
    }
    assert!(doc["components"]["schemas"]["LoginBody"]["properties"]["username"].is_object());
    for page in ["/", "/docs"] {
        let html = app.get(page).await.text().await.unwrap();
        for tag in html.split("<script").skip(1) {
            let head = tag.split('>').next().unwrap();
            assert!(head.contains("src=") || head.contains("application/json"), "{page}: inline script <script{head}>");
        }
        assert!(!html.contains(" style=\""), "{page}: inline style");
        let handler = html.split(" on").skip(1).any(|rest| {
            let name: String = rest.chars().take_while(char::is_ascii_lowercase).collect();
            !name.is_empty() && rest[name.len()..].starts_with('=')
        });
        assert!(!handler, "{page}: an inline event handler");
    }
    assert_eq!(app.get("/assets/docs.js").await.status(), 200);
    app.stop().await;
}

#[actix_web::test]
async fn a_person_cannot_take_a_bots_name_even_disguised() {
    let app = spawn_app().await;
    let url = app.url(&format!("/api/rooms/{ROOM}/messages"));
    let join = app.url(&format!("/api/rooms/{ROOM}/join"));
    // "Mehmet Bey" (mehmet_bist) and "Can" (can_scalp) are bots of the bundled room.
    for name in ["Mehmet", "MEHMET BEY", "Меhmet", "Meh\u{200B}met", "Ｍｅｈｍｅｔ", "mehmet_bist", "C4n"] {
        let c = fresh_client();
        let r = c.post(&url).json(&json!({"author": name, "text": "merhaba"})).send().await.unwrap();
        let err = assert_error(r, 409, "name_taken").await;
        assert!(err["message"].as_str().unwrap().contains("bot"), "{name:?}: {err}");
        assert_eq!(err["field"], "author");
        let r = c.post(&join).json(&json!({"name": name})).send().await.unwrap();
        assert_error(r, 409, "name_taken").await;
    }
    let said: Vec<Value> = app.messages().await.into_iter().filter(|m| m["author"]["kind"] == "human").collect();
    assert!(said.is_empty(), "refused posts stored nothing: {said:?}");
    let r = fresh_client().post(&url).json(&json!({"author": "Mehmetcan", "text": "merhaba"})).send().await.unwrap();
    assert_eq!(r.status(), 201, "a name that merely starts like a bot's is fine");
    app.stop().await;
}
