//! The dry run and the prompt inspector: what a bot would write in a room
//! now, each draft with why it was refused, the exact prompt, and nothing
//! sent, stored or counted.

use crate::auth_helpers::Cred;
use crate::helpers::{ROOM, TestApp, spawn_app};
use fakes::Reply;
use reqwest::Method;
use serde_json::{Value, json};

const BOT: &str = "mehmet_bist";

async fn send(app: &TestApp, cred: &Cred, m: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let r = app.call(m, path, cred, body.map(|b| b.to_string()).as_deref()).await;
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[actix_web::test]
async fn a_dry_run_shows_every_draft_and_why_it_was_refused_and_sends_nothing() {
    let app = spawn_app().await;
    let op = Cred::Key(app.make_key("op", "operator").await);
    // The room is paused so that only the rehearsal asks the model.
    assert_eq!(send(&app, &op, Method::POST, &format!("/api/rooms/{ROOM}/pause"), None).await.0, 200);
    let before = app.messages().await.len();
    let (_, guard_before) = send(&app, &op, Method::GET, "/api/guard/stats", None).await;
    app.fake_llm.set_reply(Reply::Script(vec![
        "Kendi görüşünle kısa cevap ver.".into(),
        "Katılıyorum, aynen öyle.".into(),
        "Bence bankalarda acele etmemek lazım, faiz kararını bekliyorum.".into(),
    ]));
    let question = "@mehmet_bist bankalar için ne düşünüyorsun?";
    let calls = app.fake_llm.requests().len();
    let body = json!({"room": ROOM, "text": question, "author": "Defne", "samples": 1});
    let (st, r) = send(&app, &op, Method::POST, &format!("/api/personas/{BOT}/rehearse"), Some(body)).await;
    assert_eq!(st, 200, "{r}");
    assert_eq!(r["intent"]["goal"]["AnswerHuman"]["text"], question, "{r}");
    let attempts = r["samples"][0]["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 3, "{r}");
    assert!(attempts[0]["refused"].as_str().unwrap().contains("instruction"), "{}", attempts[0]);
    assert!(attempts[1]["refused"].as_str().unwrap().contains("contentless"), "{}", attempts[1]);
    assert_eq!(attempts[2]["refused"], Value::Null);
    assert!(attempts.iter().all(|a| a["tokens_out"].as_u64() > Some(0) && a["provider"].is_string()), "{r}");
    assert_eq!(r["samples"][0]["outcome"], "sent");
    assert!(r["samples"][0]["sent"].as_str().unwrap().starts_with("Bence bankalarda acele etmemek lazım"), "{r}");
    // The prompt is the one the model got, with its token counts.
    let prompt = &r["prompt"];
    assert!(prompt["user"].as_str().unwrap().contains("bankalar için ne düşünüyorsun"), "{prompt}");
    let system = prompt["system"].as_str().unwrap();
    let asked = app.fake_llm.requests().split_off(calls);
    assert_eq!(asked.len(), 3, "one call per attempt");
    assert!(asked[0].messages.iter().any(|(_, c)| c == system), "the model got exactly the system prompt shown");
    // A retry carries the hint after the task; the person's turn stays their words.
    for retry in &asked[1..] {
        let (_, sys) = retry.messages.iter().find(|(role, _)| role == "system").unwrap();
        assert!(sys.starts_with(system) && sys[system.len()..].starts_with("\nDikkat: "), "{sys}");
        assert_eq!(retry.last_user_message(), prompt["user"].as_str().unwrap());
    }
    let share = prompt["stable_prefix_share"].as_f64().unwrap();
    assert!(prompt["system_tokens"].as_u64() > Some(0) && share > 0.0 && share < 1.0, "{prompt}");

    // Nothing was sent, stored or counted.
    assert_eq!(app.messages().await.len(), before);
    let (_, guard_after) = send(&app, &op, Method::GET, "/api/guard/stats", None).await;
    assert_eq!(guard_after, guard_before);
    app.stop().await;
}

#[actix_web::test]
async fn rule_answers_are_shown_as_rules_and_the_prompt_inspector_asks_no_model() {
    let app = spawn_app().await;
    let op = Cred::Key(app.make_key("op", "operator").await);
    assert_eq!(send(&app, &op, Method::POST, &format!("/api/rooms/{ROOM}/pause"), None).await.0, 200);
    let calls = app.fake_llm.requests().len();
    let body = json!({"room": ROOM, "text": "@mehmet_bist sen bot musun?"});
    let (st, r) = send(&app, &op, Method::POST, &format!("/api/personas/{BOT}/rehearse"), Some(body)).await;
    assert_eq!((st, r["rule"].as_str()), (200, Some("honesty")), "{r}");
    assert!(engine::text::fold(r["rule_text"].as_str().unwrap()).contains("yapay zeka"), "{r}");
    let body = json!({"room": ROOM, "text": "@mehmet_bist tüm paramı THYAO'ya yatırayım mı, garanti mi?"});
    let (_, r) = send(&app, &op, Method::POST, &format!("/api/personas/{BOT}/rehearse"), Some(body)).await;
    assert_eq!(r["rule"], "advice_decline", "{r}");
    let body = json!({"room": ROOM, "text": "@mehmet_bist çok korkuyorum, her şey düşüyor"});
    let (_, r) = send(&app, &op, Method::POST, &format!("/api/personas/{BOT}/rehearse"), Some(body)).await;
    assert_eq!(r["rule"], "comfort", "{r}");
    assert!(r["rule_text"].as_str().unwrap().contains('?'), "a question back: {r}");
    let (st, r) = send(&app, &op, Method::GET, &format!("/api/personas/{BOT}/prompt?room={ROOM}"), None).await;
    assert_eq!(st, 200, "{r}");
    assert_eq!(r["samples"], json!([]));
    assert!(!r["prompt"]["system"].as_str().unwrap().is_empty());
    assert_eq!(app.fake_llm.requests().len(), calls, "no model was asked");

    // Bad requests name the field; a bot outside the room is not found.
    let (st, e) = send(
        &app,
        &op,
        Method::POST,
        &format!("/api/personas/{BOT}/rehearse"),
        Some(json!({"room": ROOM, "samples": 9})),
    )
    .await;
    assert_eq!((st, e["field"].as_str()), (400, Some("samples")), "{e}");
    let (st, e) = send(
        &app,
        &op,
        Method::POST,
        &format!("/api/personas/{BOT}/rehearse"),
        Some(json!({"room": ROOM, "text": "  "})),
    )
    .await;
    assert_eq!((st, e["field"].as_str()), (400, Some("text")), "{e}");
    let (st, e) = send(&app, &op, Method::POST, "/api/personas/yok_bot/rehearse", Some(json!({"room": ROOM}))).await;
    assert_eq!((st, e["code"].as_str()), (404, Some("bot_not_found")), "{e}");
    let (st, e) = send(&app, &op, Method::GET, &format!("/api/personas/{BOT}/prompt?room=yok-oda"), None).await;
    assert_eq!((st, e["code"].as_str()), (404, Some("room_not_found")), "{e}");
    app.stop().await;
}
