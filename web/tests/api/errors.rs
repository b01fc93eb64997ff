//! Bad requests get a clear JSON error with a stable `code` and change nothing.

use crate::helpers::{ROOM, TestApp, assert_error, spawn_app};
use serde_json::{Value, json};

/// People's messages in the history (bots keep talking meanwhile).
async fn human_messages(app: &TestApp) -> Vec<Value> {
    app.messages().await.into_iter().filter(|m| m["author"]["kind"] == "human").collect()
}

#[actix_web::test]
async fn bad_input_gets_a_clear_error_and_changes_nothing() {
    let app = spawn_app().await;
    let first = app.say("Defne", "Merhaba millet.").await;
    let before = human_messages(&app).await;
    assert_eq!(before.len(), 1);

    let too_long = "a".repeat(1001);
    let cases: Vec<(Value, u16, &str)> = vec![
        (json!({"author": "Defne", "text": ""}), 400, "invalid_text"),
        (json!({"author": "Defne", "text": " \n\t "}), 400, "invalid_text"),
        (json!({"author": "Defne", "text": too_long}), 413, "text_too_long"),
        (json!({"author": "Defne", "text": "zil \u{7} sesi"}), 400, "invalid_text"),
        (json!({"author": "🤖 Ali", "text": "Ben de insanım."}), 400, "invalid_author"),
        (json!({"author": "Ali 🤖", "text": "Ben de insanım."}), 400, "invalid_author"),
        (json!({"author": "A", "text": "Kısa isim."}), 400, "invalid_author"),
        (json!({"author": "x".repeat(33), "text": "Uzun isim."}), 400, "invalid_author"),
        (json!({"author": "Defne", "text": "Ekstra alan.", "admin": true}), 400, "invalid_json"),
        (json!({"author": "Defne"}), 400, "invalid_json"),
        (json!({"author": "Defne", "text": 42}), 400, "invalid_json"),
        (json!({"author": "Defne", "text": "Yanıt.", "reply_to": 987_654_321}), 400, "reply_not_found"),
        (json!({"author": "Defne", "text": "Yanıt.", "reply_to": "abc"}), 400, "invalid_json"),
    ];
    for (body, status, code) in &cases {
        let r = app.post_message(body).await;
        let err = assert_error(r, *status, code).await;
        assert!(!err["message"].as_str().unwrap().contains("internal"), "{body} -> {err}");
    }

    assert_error(app.post_raw("this is not JSON").await, 400, "invalid_json").await;
    assert_error(app.post_raw(r#"{"author": "Defne", "text": "yarım"#).await, 400, "invalid_json").await;
    let plain = app.client.post(app.url(&format!("/api/rooms/{ROOM}/messages")));
    let plain = plain.header("content-type", "text/plain").body(r#"{"author":"Defne","text":"düz"}"#);
    assert_error(plain.send().await.unwrap(), 400, "invalid_json").await;
    let huge = json!({"author": "Defne", "text": "a".repeat(20 * 1024)});
    assert_error(app.post_message(&huge).await, 413, "payload_too_large").await;

    let r = app.post_message_to("no-such-room", &json!({"author": "Defne", "text": "Merhaba?"})).await;
    let err = assert_error(r, 404, "room_not_found").await;
    assert!(err["message"].as_str().unwrap().contains("no-such-room"), "{err}");

    // Ids that cannot exist are refused the same way.
    let r = app.post_message(&json!({"author": "Defne", "text": "Yanıt.", "reply_to": -1})).await;
    assert_error(r, 400, "reply_not_found").await;

    assert_eq!(human_messages(&app).await, before, "no bad request stored anything");

    // The limits themselves are allowed: 1000 characters, a 2-character name, a real reply.
    let body = json!({"author": "Al", "text": "b".repeat(1000), "reply_to": first["id"]});
    let r = app.post_message(&body).await;
    assert_eq!(r.status(), 201);
    assert_eq!(human_messages(&app).await.len(), 2);
}

#[actix_web::test]
async fn history_limits_are_checked() {
    let app = spawn_app().await;
    let path = |q: &str| format!("/api/rooms/{ROOM}/messages?{q}");
    assert_error(app.get(&path("limit=0")).await, 400, "invalid_limit").await;
    assert_error(app.get(&path("limit=-5")).await, 400, "invalid_limit").await;
    assert_error(app.get(&path("limit=501")).await, 400, "invalid_limit").await;
    assert_error(app.get(&path("limit=abc")).await, 400, "invalid_query").await;
    assert_eq!(app.get(&path("limit=500")).await.status(), 200);
    assert_eq!(app.get(&format!("/api/rooms/{ROOM}/messages")).await.status(), 200);

    let mut last = 0;
    for _ in 0..3 {
        last = app.say("Defne", "Sayıyoruz.").await["id"].as_i64().unwrap();
    }
    let two: Vec<Value> = app.get_messages(2).await.json().await.unwrap();
    assert_eq!(two.len(), 2, "limit is honoured");
    let all = app.messages().await;
    let at = all.iter().position(|m| m == &two[0]).expect("in the full history");
    assert_eq!(all[at + 1], two[1], "the newest two, oldest first");
    assert!(two[1]["id"].as_i64().unwrap() >= last, "{two:?}");
}

#[actix_web::test]
async fn unknown_rooms_and_routes_get_a_json_404() {
    let app = spawn_app().await;
    for path in ["/api/rooms/nope/messages", "/api/rooms/nope/stream"] {
        assert_error(app.get(path).await, 404, "room_not_found").await;
    }
    assert_error(app.admin_get("/api/rooms/nope/members").await, 404, "room_not_found").await;
    assert_error(app.get("/api/nothing-here").await, 404, "not_found").await;
    let r = app.client.delete(app.url(&format!("/api/rooms/{ROOM}/messages"))).send().await.unwrap();
    assert_eq!(r.headers()["allow"], "GET, POST, HEAD", "405 says which methods the route has");
    assert_error(r, 405, "method_not_allowed").await;
}

#[actix_web::test]
async fn a_reply_on_the_page_shows_its_parent_even_when_the_parent_scrolled_off() {
    let app = spawn_app().await;
    let parent = app.say("Defne", "THYAO bugün neden düştü?").await["id"].as_i64().unwrap();
    for attempt in 0..5 {
        let body =
            json!({"author": "Defne", "text": format!("Bir de şunu ekleyeyim ({attempt})."), "reply_to": parent});
        let reply: Value = app.post_message(&body).await.json().await.unwrap();
        let page: Vec<Value> = app.get_messages(1).await.json().await.unwrap();
        if page[0]["id"] == reply["id"] {
            assert_eq!(page[0]["reply_to"]["id"], parent, "{page:?}");
            assert_eq!(page[0]["reply_to"]["author"], "Defne", "{page:?}");
            return;
        }
    }
    panic!("a bot spoke between every post and read");
}
