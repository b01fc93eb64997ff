//! The LLM gateway against a real OpenAI-compatible HTTP server (the `fakes`
//! crate's `FakeLlm` on loopback): retries, timeouts, the provider chain,
//! circuit breakers, what reaches the wire, and a room that stays up while
//! its only provider is down. Wall-clock tests with small timeouts, backoffs
//! and breaker windows; each takes a few seconds at most.

use actix::{Actor, Addr};
use actors::clock::Clock;
use actors::community::{Community, CommunitySettings};
use actors::events::{MessageView, RoomEvent};
use actors::gateway::{GatewayError, Generate, Generation, LlmGatewayActor, RetrySettings, Status};
use actors::llm::{ProviderConfig, ProviderKind, ProviderOptions};
use actors::room::RoomSettings;
use engine::breaker::{BreakerSettings, BreakerState};
use engine::budget::Tier;
use engine::input::{HumanName, HumanText};
use engine::pacing::PacingSettings;
use engine::prompt::Prompt;
use fakes::{FakeLlm, Fault};
use schema::Store;
use secrecy::SecretString;
use std::time::{Duration, Instant};
use tokio::sync::broadcast;

const MARKER: &str = engine::DEFAULT_AI_MARKER;

/// An `openai` provider pointing at `llm`, with key `sk-<name>`.
fn openai(name: &str, llm: &FakeLlm, timeout_ms: u64) -> ProviderConfig {
    let options = ProviderOptions {
        base_url: Some(llm.base_url()),
        model: Some("fake-model".into()),
        api_key: Some(SecretString::from(format!("sk-{name}"))),
        timeout_ms,
        ..ProviderOptions::default()
    };
    ProviderConfig { options, max_concurrency: 4, ..ProviderConfig::new(name, ProviderKind::Openai) }
}

fn breaker(failure_threshold: u32, open_ms: i64) -> BreakerSettings {
    BreakerSettings { failure_threshold, open_ms }
}

fn retry(attempts: u32) -> RetrySettings {
    RetrySettings { attempts, base_backoff_ms: 20, max_backoff_ms: 100 }
}

fn gateway(chain: &[ProviderConfig], breaker: BreakerSettings, retry: RetrySettings) -> Addr<LlmGatewayActor> {
    LlmGatewayActor::new(chain, breaker, retry, Clock::system()).unwrap().start()
}

/// System and user lengths are 1 mod 4, so the fake's `usage` (over both
/// together) differs from the gateway's own estimate (each rounded up).
fn prompt() -> Prompt {
    let p = Prompt {
        system: "Sen bir piyasa sohbet botusun".into(),
        user: "Dolar için ne düşünüyorsunuz?".into(),
        max_tokens: 60,
    };
    assert_eq!((chars(&p.system) % 4, chars(&p.user) % 4), (1, 1));
    p
}

fn chars(s: &str) -> u32 {
    s.chars().count() as u32
}

async fn generate(gw: &Addr<LlmGatewayActor>) -> Result<Generation, GatewayError> {
    gw.send(Generate::new(prompt(), 1, Tier::Important, None)).await.unwrap()
}

async fn breaker_state(gw: &Addr<LlmGatewayActor>, provider: &str) -> BreakerState {
    let all = gw.send(Status).await.unwrap();
    all.into_iter().find(|s| s.name == provider).unwrap().breaker
}

const ERROR_500: Fault = Fault::Status { code: 500, retry_after_secs: None };

#[actix::test]
async fn a_provider_that_fails_once_is_retried_and_the_text_arrives() {
    let llm = FakeLlm::start();
    llm.set_fault(Fault::FailNext { count: 1, code: 500 });
    let gw = gateway(&[openai("primary", &llm, 2_000)], breaker(3, 1_000), retry(2));
    let g = generate(&gw).await.unwrap();
    assert_eq!(g.provider, "primary");
    assert_eq!(g.completion.model, "fake-model");
    assert!(!g.completion.text.trim().is_empty());
    assert_eq!(llm.request_count(), 2, "one failure, one retry");
    // Tokens come from the server's `usage`, not from the local estimate.
    let p = prompt();
    let usage_in = (chars(&p.system) + chars(&p.user)).div_ceil(4);
    assert_ne!(usage_in, chars(&p.system).div_ceil(4) + chars(&p.user).div_ceil(4));
    assert_eq!(g.completion.tokens_in, usage_in);
    assert_eq!(g.completion.tokens_out, chars(&g.completion.text).div_ceil(4));
    assert_eq!(breaker_state(&gw, "primary").await, BreakerState::Closed);
}

#[actix::test]
async fn a_rate_limited_request_is_retried_and_succeeds() {
    let llm = FakeLlm::start();
    llm.set_fault(Fault::FailNext { count: 1, code: 429 });
    let gw = gateway(&[openai("primary", &llm, 2_000)], breaker(3, 1_000), retry(2));
    let g = generate(&gw).await.unwrap();
    assert_eq!(g.provider, "primary");
    assert_eq!(llm.request_count(), 2);
    // Without a retry left, the same 429 is reported as rate limiting.
    llm.set_fault(Fault::FailNext { count: 1, code: 429 });
    let once = gateway(&[openai("primary", &llm, 2_000)], breaker(3, 1_000), retry(1));
    let err = generate(&once).await.unwrap_err();
    assert_eq!(err.0, ["primary: rate limited (HTTP 429)"]);
}

#[actix::test]
async fn a_retry_waits_at_least_as_long_as_the_servers_retry_after() {
    let llm = FakeLlm::start();
    llm.set_fault(Fault::Status { code: 429, retry_after_secs: Some(1) });
    let gw = gateway(&[openai("primary", &llm, 2_000)], breaker(3, 1_000), retry(2));
    let started = Instant::now();
    generate(&gw).await.unwrap_err();
    assert_eq!(llm.request_count(), 2);
    let took = started.elapsed();
    assert!(took >= Duration::from_secs(1), "retried after {took:?}");
}

#[actix::test]
async fn a_hanging_provider_times_out_and_the_next_provider_answers() {
    let slow = FakeLlm::start();
    slow.set_fault(Fault::Hang);
    let backup = FakeLlm::start();
    let chain = [openai("slow", &slow, 200), openai("backup", &backup, 2_000)];
    let gw = gateway(&chain, breaker(3, 1_000), retry(1));
    let started = Instant::now();
    let g = generate(&gw).await.unwrap();
    let took = started.elapsed();
    assert_eq!(g.provider, "backup");
    assert!(took >= Duration::from_millis(200), "{took:?}");
    assert!(took < Duration::from_secs(2), "{took:?}");
    assert_eq!((slow.request_count(), backup.request_count()), (1, 1));
}

#[actix::test]
async fn repeated_failures_open_the_breaker_and_a_probe_closes_it_again() {
    let llm = FakeLlm::start();
    llm.set_fault(ERROR_500);
    let gw = gateway(&[openai("flaky", &llm, 1_000)], breaker(3, 400), retry(1));
    for _ in 0..3 {
        let err = generate(&gw).await.unwrap_err();
        assert_eq!(err.0.len(), 1);
        assert!(err.0[0].starts_with("flaky: HTTP 500"), "{err}");
    }
    assert_eq!(llm.request_count(), 3);
    assert_eq!(breaker_state(&gw, "flaky").await, BreakerState::Open);
    // While open, calls fail fast and nothing reaches the provider.
    for _ in 0..5 {
        let err = generate(&gw).await.unwrap_err();
        assert_eq!(err.0, ["flaky: circuit open"]);
    }
    assert_eq!(llm.request_count(), 3);
    // After open_ms one probe goes out; a failed probe opens it again at once.
    tokio::time::sleep(Duration::from_millis(450)).await;
    assert_eq!(breaker_state(&gw, "flaky").await, BreakerState::HalfOpen);
    generate(&gw).await.unwrap_err();
    assert_eq!(llm.request_count(), 4);
    assert_eq!(breaker_state(&gw, "flaky").await, BreakerState::Open);
    // The provider recovers: the next probe succeeds and closes the breaker.
    llm.set_fault(Fault::None);
    tokio::time::sleep(Duration::from_millis(450)).await;
    let g = generate(&gw).await.unwrap();
    assert_eq!(g.provider, "flaky");
    assert_eq!(llm.request_count(), 5);
    assert_eq!(breaker_state(&gw, "flaky").await, BreakerState::Closed);
}

#[actix::test]
async fn when_every_provider_fails_the_error_names_each_one() {
    let broken = FakeLlm::start();
    broken.set_fault(Fault::MalformedJson);
    let empty = FakeLlm::start();
    empty.set_fault(Fault::EmptyChoices);
    let chain = [openai("broken", &broken, 2_000), openai("empty", &empty, 2_000)];
    let gw = gateway(&chain, breaker(5, 1_000), retry(2));
    let err = generate(&gw).await.unwrap_err();
    assert_eq!(err.0.len(), 2, "{err}");
    assert!(err.0[0].starts_with("broken: malformed reply"), "{err}");
    assert_eq!(err.0[1], "empty: empty reply");
    assert!(err.to_string().starts_with("no provider could answer: broken: "));
    // Both count as failures worth a retry.
    assert_eq!((broken.request_count(), empty.request_count()), (2, 2));
}

#[actix::test]
async fn the_api_key_is_sent_as_a_bearer_token_with_the_prompt_in_order() {
    let llm = FakeLlm::start();
    let config = openai("keyed", &llm, 2_000);
    assert!(!format!("{config:?}").contains("sk-keyed"), "key in Debug");
    let gw = gateway(&[config], breaker(3, 1_000), retry(1));
    generate(&gw).await.unwrap();
    let requests = llm.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.authorization.as_deref(), Some("Bearer sk-keyed"));
    assert_eq!(r.model, "fake-model");
    assert!(!r.stream);
    let p = prompt();
    let expected = [("system".to_string(), p.system), ("user".to_string(), p.user)];
    assert_eq!(r.messages, expected);
    assert_eq!(r.body["max_tokens"], 60);
}

/// A community of `n` bots from `data/community.yaml`, always awake, on a
/// SQLite store in a temporary directory, on the wall clock.
async fn start_community(
    n: usize,
    providers: &[ProviderConfig],
    settings: CommunitySettings,
) -> (Community, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("room.db").display());
    let store = Store::connect(&url).await.unwrap();
    let mut c = engine::community::Community::from_yaml(include_str!("../../data/community.yaml")).unwrap();
    c.personas.truncate(n);
    for p in &mut c.personas {
        p.active_hours = vec!["00:00-24:00".into()];
        p.per_hour = 30;
        p.min_gap_secs = 20;
    }
    let clock = Clock::system();
    Community::import(&store, &c, MARKER, clock.now().0).await.unwrap();
    let community = Community::start(store, providers, settings, clock).await.unwrap();
    (community, dir)
}

fn bot_messages(rx: &mut broadcast::Receiver<RoomEvent>) -> Vec<MessageView> {
    let mut out = Vec::new();
    while let Ok(e) = rx.try_recv() {
        match e {
            RoomEvent::Message(m) if m.author.kind == engine::transcript::AuthorKind::Bot => out.push(*m),
            _ => {}
        }
    }
    out
}

#[actix::test]
async fn a_room_whose_only_provider_fails_is_quiet_not_dead_and_recovers() {
    let llm = FakeLlm::start();
    llm.set_fault(ERROR_500);
    let settings = CommunitySettings {
        room: RoomSettings {
            pacing: PacingSettings { daily_curve: false, ..PacingSettings::default() }.scaled(0.02),
            turn_timeout_ms: 2_000,
            ..RoomSettings::default()
        },
        breaker: breaker(3, 300),
        retry: retry(1),
        ..CommunitySettings::default()
    };
    let (c, _dir) = start_community(3, &[openai("only", &llm, 1_000)], settings).await;
    let room = c.rooms()[0].clone();
    let mut rx = room.subscribe().await.unwrap();

    // A person can still write: the message is stored and returned.
    let name = HumanName::parse("Defne", MARKER).unwrap();
    let text = HumanText::parse("Bugün piyasa nasıl sizce?").unwrap();
    let posted = room.post(name, text, None).await.unwrap();
    assert_eq!(posted.author.kind, engine::transcript::AuthorKind::Human);
    let stored = c.store.message(posted.id).await.unwrap().unwrap();
    assert_eq!(stored.text, "Bugün piyasa nasıl sizce?");

    // The bots try, fail, and say nothing; they stay alive.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let quiet = bot_messages(&mut rx);
    assert!(quiet.is_empty(), "bots spoke without a provider: {quiet:?}");
    assert!(llm.request_count() > 0, "the bots never asked the provider");
    let members = room.members().await.unwrap();
    assert_eq!(members.len(), 3);
    assert!(members.iter().all(|m| m.alive), "{members:?}");
    assert!(room.is_running());

    // The provider comes back: bots speak again within a few seconds.
    llm.set_fault(Fault::None);
    let spoke = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match rx.recv().await {
                Ok(RoomEvent::Message(m)) if m.author.kind == engine::transcript::AuthorKind::Bot => return m,
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => panic!("the room stopped"),
            }
        }
    })
    .await
    .expect("no bot spoke within 5 s of the provider recovering");
    assert_eq!(spoke.room, room.id);
    let row = c.store.message(spoke.id).await.unwrap().unwrap();
    assert_eq!(row.provider.as_deref(), Some("only"));
    assert_eq!(row.model.as_deref(), Some("fake-model"));
}
