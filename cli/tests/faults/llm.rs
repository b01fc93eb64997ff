//! The LLM misbehaving: each fault for a few seconds while people ask the
//! bots, then lifted. Recovery: from the fault lifted to the first bot
//! message written by the model again (breakers included).

use crate::row;
use crate::stack::{ROOM, Stack, serial};
use fakes::Fault;
use std::time::Duration;

/// The newest message id the model wrote after `after` (from the store, while running).
async fn model_message_after(s: &Stack, after: i64) -> bool {
    let store = schema::Store::connect(&s.db).await.unwrap();
    let rows = store.recent_messages(ROOM, 50).await.unwrap();
    rows.iter().any(|m| m.id > after && m.provider.as_deref() == Some("openai"))
}

async fn case(name: &str, fault: Fault, note: &str) {
    let _one = serial().await;
    let mut s = Stack::sqlite().await;
    s.until("the room talks", Duration::from_secs(30), || async { !s.bot_messages_after(0).await.is_empty() }).await;
    s.llm.set_fault(fault);
    for i in 0..3 {
        s.post("Defne", &format!("@mehmet_bist bugün bankalar neden düştü? ({name} {i})")).await.expect("stored");
        tokio::time::sleep(Duration::from_millis(800)).await;
    }
    let mark = s.last_id().await;
    s.llm.set_fault(Fault::None);
    let recovery = s.until("the model writes again", Duration::from_secs(60), || model_message_after(&s, mark)).await;
    row(name, recovery, note);
    s.check_nothing_lost_or_doubled().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn llm_429_storm() {
    case(
        "LLM 429 storm (Retry-After 1 s)",
        Fault::Status { code: 429, retry_after_secs: Some(1) },
        "retries honour Retry-After; the breaker opens, then a probe closes it",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn llm_5xx() {
    case("LLM 500s", Fault::Status { code: 500, retry_after_secs: None }, "retried with backoff, then the breaker")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn llm_hangs() {
    case("LLM hangs", Fault::Hang, "each call times out (1 s here)").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn llm_garbage_bodies() {
    case("LLM garbage JSON", Fault::MalformedJson, "refused as a provider error, never shown").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn llm_truncated_streams() {
    case("LLM truncated bodies", Fault::TruncatedStream, "a cut-off answer is an error, not a half message").await;
}
