//! Black-box tests of the fake LLM server over real HTTP.

use std::time::{Duration, Instant};

use fakes::{FakeLlm, Fault, Reply};
use serde_json::{Value, json};

fn body(user: &str, stream: bool) -> Value {
    json!({
        "model": "persona-model",
        "messages": [
            {"role": "system", "content": "Sen temkinli bir yatırımcısın."},
            {"role": "user", "content": user},
        ],
        "max_tokens": 64,
        "temperature": 0.7,
        "stream": stream,
    })
}

async fn post(llm: &FakeLlm, body: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/chat/completions", llm.base_url()))
        .bearer_auth("sk-test")
        .json(body)
        .send()
        .await
        .expect("request reaches the fake")
}

/// `data:` payloads of an SSE body, in order.
fn sse_data(text: &str) -> Vec<&str> {
    text.lines().filter_map(|l| l.strip_prefix("data: ")).collect()
}

#[tokio::test]
async fn an_ok_reply_has_the_openai_shape_with_usage() {
    let llm = FakeLlm::start();
    let response = post(&llm, &body("Bugün piyasa nasıl?", false)).await;
    assert_eq!(response.status(), 200);
    let v: Value = response.json().await.unwrap();
    assert_eq!(v["object"], "chat.completion");
    assert!(v["id"].as_str().unwrap().starts_with("chatcmpl-"));
    assert!(v["created"].as_u64().unwrap() > 0);
    assert_eq!(v["model"], "persona-model");
    let choice = &v["choices"][0];
    assert_eq!(choice["index"], 0);
    assert_eq!(choice["message"]["role"], "assistant");
    assert_eq!(choice["finish_reason"], "stop");
    let content = choice["message"]["content"].as_str().unwrap();
    assert!(!content.is_empty());
    let usage = &v["usage"];
    let (p, c) = (usage["prompt_tokens"].as_u64().unwrap(), usage["completion_tokens"].as_u64().unwrap());
    assert_eq!(c, (content.chars().count() as u64).div_ceil(4));
    assert!(p > 0);
    assert_eq!(usage["total_tokens"].as_u64().unwrap(), p + c);
}

#[tokio::test]
async fn echo_replies_are_deterministic_per_user_message() {
    let llm = FakeLlm::start();
    let mut contents = Vec::new();
    for user in ["selam", "selam", "dolar ne olur"] {
        let v: Value = post(&llm, &body(user, false)).await.json().await.unwrap();
        contents.push(v["choices"][0]["message"]["content"].as_str().unwrap().to_owned());
    }
    assert_eq!(contents[0], contents[1]);
    let other = FakeLlm::start();
    let v: Value = post(&other, &body("selam", false)).await.json().await.unwrap();
    assert_eq!(v["choices"][0]["message"]["content"], contents[0].as_str());
}

#[tokio::test]
async fn a_429_fault_carries_retry_after() {
    let llm = FakeLlm::start();
    llm.set_fault(Fault::Status { code: 429, retry_after_secs: Some(7) });
    let response = post(&llm, &body("selam", false)).await;
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "7");
    let v: Value = response.json().await.unwrap();
    assert_eq!(v["error"]["code"], "rate_limit_exceeded");
    assert!(v["error"]["message"].is_string());
}

#[tokio::test]
async fn fail_next_fails_that_many_requests_then_recovers() {
    let llm = FakeLlm::start();
    llm.set_fault(Fault::FailNext { count: 2, code: 503 });
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(post(&llm, &body("selam", false)).await.status().as_u16());
    }
    assert_eq!(statuses, [503, 503, 200, 200]);
}

#[tokio::test]
async fn a_stream_sends_deltas_a_stop_and_ends_with_done() {
    let llm = FakeLlm::start();
    llm.set_reply(Reply::Fixed("piyasa bugün sakin".to_owned()));
    let mut request = body("selam", true);
    request["stream_options"] = json!({"include_usage": true});
    let response = post(&llm, &request).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let text = response.text().await.unwrap();
    let data = sse_data(&text);
    assert_eq!(data.last(), Some(&"[DONE]"));
    let chunks: Vec<Value> = data[..data.len() - 1].iter().map(|d| serde_json::from_str(d).unwrap()).collect();
    let content: String = chunks.iter().filter_map(|c| c["choices"][0]["delta"]["content"].as_str()).collect();
    assert_eq!(content, "piyasa bugün sakin");
    assert!(chunks.iter().any(|c| c["choices"][0]["finish_reason"] == "stop"));
    let usage = &chunks.last().unwrap()["usage"];
    assert_eq!(usage["completion_tokens"], 5);
}

#[tokio::test]
async fn a_truncated_stream_has_no_done_and_no_finish_reason() {
    let llm = FakeLlm::start();
    llm.set_fault(Fault::TruncatedStream);
    let text = post(&llm, &body("selam", true)).await.text().await.unwrap();
    let data = sse_data(&text);
    assert!(!data.is_empty());
    assert!(!data.contains(&"[DONE]"));
    assert!(!text.contains("\"stop\""));
}

#[tokio::test]
async fn a_malformed_json_body_does_not_parse() {
    let llm = FakeLlm::start();
    llm.set_fault(Fault::MalformedJson);
    let response = post(&llm, &body("selam", false)).await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err());
}

#[tokio::test]
async fn empty_choices_and_wrong_content_type_are_served_as_200() {
    let llm = FakeLlm::start();
    llm.set_fault(Fault::EmptyChoices);
    let v: Value = post(&llm, &body("selam", false)).await.json().await.unwrap();
    assert_eq!(v["choices"], json!([]));
    llm.set_fault(Fault::WrongContentType);
    let response = post(&llm, &body("selam", false)).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
}

#[tokio::test]
async fn a_hung_request_times_out_and_drop_does_not_wait_for_it() {
    let llm = FakeLlm::start();
    llm.set_fault(Fault::Hang);
    let client = reqwest::Client::builder().timeout(Duration::from_millis(300)).build().unwrap();
    let result = client.post(format!("{}/chat/completions", llm.base_url())).json(&body("selam", false)).send().await;
    assert!(result.unwrap_err().is_timeout());
    let started = Instant::now();
    drop(llm);
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let llm = FakeLlm::start();
    llm.set_latency(Duration::from_millis(200));
    let started = Instant::now();
    assert_eq!(post(&llm, &body("selam", false)).await.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn requests_are_recorded_including_faulted_ones() {
    let llm = FakeLlm::start();
    llm.set_fault(Fault::Status { code: 500, retry_after_secs: None });
    assert_eq!(post(&llm, &body("ilk", false)).await.status(), 500);
    llm.set_fault(Fault::None);
    assert_eq!(post(&llm, &body("ikinci", true)).await.status(), 200);
    assert_eq!(llm.request_count(), 2);
    let seen = llm.requests();
    assert_eq!(seen[0].model, "persona-model");
    assert_eq!(seen[0].messages[1], ("user".to_owned(), "ilk".to_owned()));
    assert_eq!(seen[0].authorization.as_deref(), Some("Bearer sk-test"));
    assert!(!seen[0].stream);
    assert!(seen[1].stream);
    assert_eq!(seen[1].body["max_tokens"], 64);
}

#[tokio::test]
async fn an_invalid_body_gets_a_400_error_and_is_recorded() {
    let llm = FakeLlm::start();
    let response = reqwest::Client::new()
        .post(format!("{}/chat/completions", llm.base_url()))
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let v: Value = response.json().await.unwrap();
    assert_eq!(v["error"]["type"], "invalid_request_error");
    assert_eq!(llm.request_count(), 1);
}

#[tokio::test]
async fn the_models_endpoint_lists_one_model() {
    let llm = FakeLlm::start();
    let v: Value = reqwest::get(format!("{}/models", llm.base_url())).await.unwrap().json().await.unwrap();
    assert_eq!(v["object"], "list");
    assert_eq!(v["data"].as_array().unwrap().len(), 1);
    assert_eq!(v["data"][0]["id"], fakes::FAKE_MODEL);
}

#[test]
fn the_fake_works_without_any_async_runtime() {
    let llm = FakeLlm::start();
    let addr = llm.base_url().trim_start_matches("http://").trim_end_matches("/v1").to_owned();
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.write_all(b"GET /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
}

#[actix_web::test]
async fn the_fake_works_inside_an_actix_test() {
    let llm = FakeLlm::start();
    let response = post(&llm, &body("selam", false)).await;
    assert_eq!(response.status(), 200);
    drop(llm);
}
