//! The API key never shows up where people read: logs (captured at TRACE
//! level), errors, the provider status. Its own test binary: the capture is
//! the process-wide subscriber, so no other test's threads interfere.

mod support;

use actors::gateway::{GatewayOptions, Generate, RetrySettings, Status};
use engine::breaker::BreakerSettings;
use engine::budget::Tier;
use fakes::{FakeLlm, Fault, LogCapture};
use support::{KEY, openai, prompt, start};

#[actix::test]
async fn the_api_key_never_appears_in_logs_errors_or_status() {
    let out = LogCapture::default();
    let writer = out.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();
    let llm = FakeLlm::start();
    // A breaker that never opens: every fault reaches the provider code.
    let o = GatewayOptions {
        retry: RetrySettings { attempts: 2, base_backoff_ms: 10, max_backoff_ms: 50 },
        breaker: BreakerSettings { failure_threshold: 100, open_ms: 1 },
        ..GatewayOptions::default()
    };
    let (gw, _) = start(&[openai("p", &llm)], &o);
    let mut errors = Vec::new();
    for fault in [
        Fault::Status { code: 401, retry_after_secs: None },
        Fault::Status { code: 429, retry_after_secs: Some(0) },
        Fault::Status { code: 500, retry_after_secs: None },
        Fault::MalformedJson,
    ] {
        llm.set_fault(fault);
        let msg = Generate::new(prompt("anahtar?"), 1, Tier::Banter, None);
        errors.push(format!("{:?}", gw.send(msg).await.unwrap()));
    }
    llm.set_fault(Fault::None);
    let ok = Generate::new(prompt("sorun yok"), 2, Tier::Banter, None);
    gw.send(ok).await.unwrap().unwrap();
    let status = format!("{:?}", gw.send(Status).await.unwrap());
    let logs = out.text();
    assert!(logs.contains("provider failed"), "the failures were logged: {logs}");
    // The key did reach the wire (the server saw it) …
    assert!(
        llm.requests().iter().any(|r| r.authorization.as_deref() == Some(&format!("Bearer {KEY}"))),
        "no key on the wire"
    );
    // … but nothing a person reads shows it.
    for (what, text) in [("logs", &logs), ("errors", &errors.join("\n")), ("status", &status)] {
        assert!(!text.contains(KEY), "the key leaked into {what}");
    }
    assert!(!format!("{:?}", openai("p", &llm)).contains(KEY), "the key leaked into the config's Debug");
}
