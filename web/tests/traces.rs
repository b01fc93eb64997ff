//! One trace per message, end to end: the real application exports its
//! spans over OTLP/HTTP to a fake collector (`fakes::FakeCollector`), the
//! LLM and the Telegram Bot API are fake servers. A person's question to a
//! bot with a Telegram account is one trace, from the HTTP request to the
//! Telegram send, with the right parent links; nothing in it carries the
//! person's text. Its own binary: the global subscriber is the application's.
//!
//! `cargo test -p web --test traces -- --nocapture` prints the trace as an
//! indented span tree (docs/OBSERVABILITY.md shows one).

#[allow(dead_code)]
#[path = "api/auth_helpers.rs"]
mod auth_helpers;
#[allow(dead_code)]
#[path = "api/helpers.rs"]
mod helpers;

use fakes::{FakeCollector, LogCapture, ReceivedSpan};
use helpers::{ROOM, TG_TOKEN, spawn_app_with_telegram};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use web::settings::{LogFormat, TelemetrySettings};

const QUESTION: &str = "@mehmet_bist bankalar bugün neden düştü?";

/// The attributes the printed tree shows.
const SHOWN: &[&str] = &[
    "http.status_code",
    "bot",
    "floor.reason",
    "outcome",
    "tier",
    "source",
    "attempt",
    "refused",
    "provider",
    "tokens_in",
    "tokens_out",
    "rows",
];

struct Trace(Vec<ReceivedSpan>);

impl Trace {
    /// The spans named `name` whose parent is `parent`.
    fn children<'a>(&'a self, parent: &ReceivedSpan, name: &str) -> Vec<&'a ReceivedSpan> {
        self.0.iter().filter(|s| s.name == name && s.parent_span_id.as_deref() == Some(&parent.span_id)).collect()
    }

    /// The one child named `name` of `parent` (panics with the tree otherwise).
    fn child<'a>(&'a self, parent: &ReceivedSpan, name: &str, tree: &str) -> &'a ReceivedSpan {
        let found = self.children(parent, name);
        assert!(!found.is_empty(), "no {name} under {}:\n{tree}", parent.name);
        found[0]
    }
}

async fn api(app: &helpers::TestApp, method: reqwest::Method, path: &str, body: Value) -> u16 {
    let r = app.client.request(method, app.url(path)).bearer_auth(&app.admin_key).json(&body).send().await.unwrap();
    r.status().as_u16()
}

#[actix_web::test]
async fn a_persons_message_and_the_bots_answer_are_one_trace_down_to_the_telegram_send() {
    let collector = FakeCollector::start();
    let logs = LogCapture::default();
    let writer = logs.clone();
    let settings = TelemetrySettings {
        log: "info,actix_http::h1::dispatcher=off".into(),
        otlp_endpoint: Some(collector.endpoint()),
        format: LogFormat::Json,
        sample_ratio: 1.0,
    };
    let telemetry = web::telemetry::init_with_writer(&settings, move || writer.clone()).expect("telemetry starts");

    let (app, fake, chat) = spawn_app_with_telegram().await;
    let body = json!({"bot": "mehmet_bist", "token": TG_TOKEN, "listener": true});
    assert_eq!(api(&app, reqwest::Method::POST, "/api/telegram/bots", body).await, 201);
    let path = format!("/api/telegram/rooms/{ROOM}");
    assert_eq!(api(&app, reqwest::Method::PUT, &path, json!({"chat_id": chat})).await, 200);

    let asked = app.say("Defne", QUESTION).await;
    let asked_id = asked["id"].as_i64().unwrap();
    // The mentioned bot's answer, in the room and then in the group.
    let deadline = Instant::now() + Duration::from_secs(60);
    let answer = loop {
        let answer = app
            .messages()
            .await
            .into_iter()
            .find(|m| m["author"]["id"] == "mehmet_bist" && m["reply_to"]["id"].as_i64() == Some(asked_id));
        if let Some(a) = answer
            && fake.messages(chat).iter().any(|m| m.from_bot && m.text == a["text"].as_str().unwrap())
        {
            break a;
        }
        assert!(Instant::now() < deadline, "no answer to the question reached the group");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };

    // A caller's own trace goes on in Piyasa's spans; the answer names the request.
    let caller_trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    let r = app
        .client
        .get(app.url("/api/rooms"))
        .header("traceparent", format!("00-{caller_trace}-00f067aa0ba902b7-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let request_id = r.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(!request_id.is_empty());

    // Spans end when their work ends: the Telegram send has, wait for it to be exported.
    let deadline = Instant::now() + Duration::from_secs(20);
    let (root, trace) = loop {
        telemetry.flush().unwrap();
        let spans = collector.spans();
        let root = spans.iter().find(|s| {
            s.name.starts_with("POST /api/rooms/")
                && s.parent_span_id.is_none()
                && spans.iter().any(|p| p.trace_id == s.trace_id && p.name == "telegram.attempt")
        });
        if let Some(root) = root {
            let trace: Vec<ReceivedSpan> = spans.iter().filter(|s| s.trace_id == root.trace_id).cloned().collect();
            break (root.clone(), Trace(trace));
        }
        assert!(Instant::now() < deadline, "the message's trace never reached the collector");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let tree = collector.tree(&root.trace_id, SHOWN);
    println!("{tree}");

    // HTTP request → the person's message → the answering turn.
    assert_eq!(root.name, "POST /api/rooms/{room}/messages", "named by route, not by path");
    assert_eq!(root.attributes["http.status_code"], "201");
    let person = trace.child(&root, "room.person_message", &tree);
    assert_eq!(person.attributes["message.id"], asked_id.to_string());
    let turn = trace
        .children(person, "room.turn")
        .into_iter()
        .find(|t| t.attributes["bot"] == "mehmet_bist")
        .unwrap_or_else(|| panic!("no turn of the mentioned bot under the message:\n{tree}"));
    assert_eq!(turn.attributes["outcome"], "drafted");
    assert_eq!(trace.child(turn, "floor.grant", &tree).attributes["floor.reason"], "Mentioned");
    // The drafting: each draft, each gateway call, each provider and attempt.
    let draft = trace.child(turn, "bot.draft", &tree);
    assert_eq!(draft.attributes["source"], "model");
    let attempts = trace.children(draft, "draft.attempt");
    assert!(!attempts.is_empty(), "{tree}");
    let generate = attempts.iter().find_map(|a| trace.children(a, "llm.generate").first().copied());
    let generate = generate.unwrap_or_else(|| panic!("no gateway call under a draft:\n{tree}"));
    let call = trace.child(generate, "llm.attempt", &tree);
    assert_eq!((call.attributes["provider"].as_str(), call.attributes["outcome"].as_str()), ("openai", "ok"));
    // Delivery: stored, then broadcast.
    let deliver = trace.child(turn, "room.deliver", &tree);
    assert_eq!(deliver.attributes["message.id"], answer["id"].as_i64().unwrap().to_string());
    trace.child(deliver, "store insert_message", &tree);
    // Telegram: planned into the outbox, then sent (the trace crossed the store).
    let plan = trace.child(turn, "telegram.plan", &tree);
    trace.child(plan, "store insert_outbox", &tree);
    let send = trace.child(plan, "telegram.send", &tree);
    trace.child(send, "telegram.slot", &tree);
    assert_eq!(trace.child(send, "telegram.attempt", &tree).attributes["outcome"], "sent");
    assert_eq!(send.attributes["outcome"], "sent");

    // Spans carry ids and names, never what the person wrote.
    for s in &trace.0 {
        for v in s.attributes.values() {
            assert!(!v.contains("bankalar") && !v.contains("Defne"), "{}: {v}", s.name);
        }
    }
    // The caller's trace id is kept; the request is its child.
    let listed = collector.spans().into_iter().find(|s| s.trace_id == caller_trace && s.name == "GET /api/rooms");
    let listed = listed.expect("the request continued the caller's trace");
    assert_eq!(listed.parent_span_id.as_deref(), Some("00f067aa0ba902b7"));
    assert_eq!(listed.attributes["request_id"], request_id);

    // JSON logs: one object per line; a line logged inside a request names it.
    let text = logs.text();
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).expect("a JSON log line")).collect();
    assert!(!lines.is_empty());
    let in_request = lines.iter().find(|l| {
        l["spans"]
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s["request_id"].is_string() && s["trace_id"].is_string()))
    });
    let in_request = in_request.unwrap_or_else(|| panic!("no log line carries a request id and a trace id:\n{text}"));
    println!("{in_request}");
    assert!(!text.contains("bankalar"), "people's text is never logged");
    app.stop().await;
}
