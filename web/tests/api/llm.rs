//! What the LLM costs, as the console and a metrics scraper read it.

use crate::helpers::{ROOM, spawn_app};
use serde_json::Value;
use std::time::Duration;

#[actix_web::test]
async fn api_llm_and_metrics_show_calls_tokens_and_tokens_per_message() {
    let app = spawn_app().await;
    app.say("Defne", "Altın için ne düşünüyorsunuz?").await;
    // Wait until a bot has answered (its call metered, its message delivered).
    let mut llm = Value::Null;
    for _ in 0..100 {
        llm = app.admin_get("/api/llm").await.json().await.unwrap();
        if llm["rooms"].as_array().is_some_and(|r| r.iter().any(|r| r["totals"]["delivered"].as_u64() > Some(0))) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let provider = &llm["providers"][0];
    assert_eq!(provider["name"], "openai", "{llm}");
    assert_eq!(provider["breaker"], "closed", "{llm}");
    assert!(provider["totals"]["calls"].as_u64().unwrap() >= 1, "{llm}");
    assert!(provider["totals"]["tokens_in"].as_u64().unwrap() > 0, "{llm}");
    let room = llm["rooms"].as_array().unwrap().iter().find(|r| r["room"] == ROOM).expect("the room is metered");
    assert!(room["tokens_per_message"].as_f64().unwrap() > 0.0, "{llm}");
    assert_eq!(room["degrade"]["max_tier"], "important", "no budget set: nothing degrades");
    let share = llm["stable_prefix_share"].as_f64().unwrap();
    assert!(share > 0.2 && share < 1.0, "{share}");

    let r = app.admin_get("/metrics").await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/openmetrics-text"));
    let text = r.text().await.unwrap();
    for line in ["piyasa_llm_calls_total{provider=\"openai\"}", "piyasa_llm_breaker_state{provider=\"openai\"} 0"] {
        assert!(text.contains(line), "{line} missing from:\n{text}");
    }
    assert!(text.contains(&format!("piyasa_room_messages_delivered_total{{room=\"{ROOM}\"}}")), "{text}");
}

/// The console's LLM page and `/api/llm` say whether the gateway records every
/// call, and where (and a replay's folder when it answers only from one).
#[actix_web::test]
async fn api_llm_says_where_calls_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("kayit");
    let path = folder.clone();
    let app = crate::helpers::spawn_app_with_settings(move |s| s.llm.record = Some(path)).await;
    let v: serde_json::Value = app.admin_get("/api/llm").await.json().await.unwrap();
    assert_eq!(v["record"], folder.display().to_string(), "{v}");
    assert_eq!(v["replay"], serde_json::Value::Null, "{v}");
    app.stop().await;
}
