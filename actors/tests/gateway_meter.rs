//! The gateway's tiers, cache, metering, record/replay and key hygiene,
//! against real OpenAI-compatible HTTP servers (`fakes::FakeLlm`).

mod support;

use actix::Addr;
use actors::cache::CacheSettings;
use actors::clock::Clock;
use actors::gateway::{GatewayOptions, Generate, Generation, LlmGatewayActor, RetrySettings, Status, TierChains};
use engine::breaker::BreakerSettings;
use engine::budget::Tier;
use fakes::{FakeLlm, Fault};
use support::{openai, prompt, start};

fn options() -> GatewayOptions {
    GatewayOptions {
        retry: RetrySettings { attempts: 2, base_backoff_ms: 10, max_backoff_ms: 50 },
        breaker: BreakerSettings { failure_threshold: 3, open_ms: 60_000 },
        cache: CacheSettings { ttl_secs: 0, capacity: 0 },
        ..GatewayOptions::default()
    }
}

async fn ask(gw: &Addr<LlmGatewayActor>, user: &str, tier: Tier) -> Generation {
    let msg = Generate::new(prompt(user), 5, tier, Some("oda".into()));
    gw.send(msg).await.unwrap().unwrap()
}

#[actix::test]
async fn each_tier_walks_its_own_chain() {
    let (cheap, best) = (FakeLlm::start(), FakeLlm::start());
    let o = GatewayOptions {
        tiers: TierChains { banter: vec!["cheap".into()], important: vec!["best".into(), "cheap".into()] },
        ..options()
    };
    let (gw, _) = start(&[openai("cheap", &cheap), openai("best", &best)], &o);
    assert_eq!(ask(&gw, "sohbet", Tier::Banter).await.provider, "cheap");
    assert_eq!(ask(&gw, "soru", Tier::Important).await.provider, "best");
    assert_eq!((cheap.request_count(), best.request_count()), (1, 1));
    // The important chain falls through to the cheap provider when the best one is down.
    best.set_fault(Fault::Status { code: 503, retry_after_secs: None });
    assert_eq!(ask(&gw, "soru 2", Tier::Important).await.provider, "cheap");
    let reaction = gw.send(Generate::new(prompt("x"), 1, Tier::Reaction, None)).await.unwrap();
    assert!(reaction.is_err(), "the reaction tier never reaches a model");
    let status = gw.send(Status).await.unwrap();
    assert_eq!(status[0].tiers, vec![Tier::Banter, Tier::Important]);
    assert_eq!(status[1].tiers, vec![Tier::Important]);
}

#[actix::test]
async fn usage_is_metered_and_priced_per_provider_and_room() {
    let llm = FakeLlm::start();
    let (gw, meter) = start(&[openai("p", &llm)], &options());
    let g = ask(&gw, "Dolar ne olur?", Tier::Banter).await;
    let (tin, tout) = (g.completion.tokens_in, g.completion.tokens_out);
    assert!(tin > 0 && tout > 0);
    let expected = (f64::from(tin) * 1.0 + f64::from(tout) * 4.0) / 1e6;
    assert!((g.usd - expected).abs() < 1e-12, "{} vs {expected}", g.usd);
    let snap = meter.snapshot(Clock::system().now());
    assert_eq!((snap.providers["p"].tokens_in, snap.providers["p"].tokens_out), (u64::from(tin), u64::from(tout)));
    assert_eq!(snap.rooms["oda"].calls, 1);
    assert!((snap.last_hour.usd - expected).abs() < 1e-12);
    assert!(snap.stable_prefix_share > 0.3 && snap.stable_prefix_share < 1.0, "{}", snap.stable_prefix_share);
}

#[actix::test]
async fn the_same_call_within_the_ttl_is_answered_from_the_cache() {
    let llm = FakeLlm::start();
    let o = GatewayOptions { cache: CacheSettings { ttl_secs: 60, capacity: 100 }, ..options() };
    let (gw, meter) = start(&[openai("p", &llm)], &o);
    let first = ask(&gw, "aynı soru", Tier::Banter).await;
    let second = ask(&gw, "aynı soru", Tier::Banter).await;
    assert_eq!(first.completion.text, second.completion.text);
    assert!(!first.cached && second.cached);
    assert_eq!(second.usd, 0.0, "a cache hit costs nothing");
    assert_eq!(llm.request_count(), 1);
    ask(&gw, "başka soru", Tier::Banter).await;
    assert_eq!(llm.request_count(), 2);
    assert_eq!(meter.snapshot(Clock::system().now()).cache_hits, 1);
}

#[actix::test]
async fn workers_reuse_each_others_answers_through_redis_and_go_on_without_it() {
    use actors::workers::{Leases, RedisSettings, SharedCache};
    let mut redis = fakes::RedisServer::start().unwrap();
    let llm = FakeLlm::start();
    let settings = RedisSettings {
        url: redis.url(),
        lease_ttl_ms: 5_000,
        key_prefix: "cache-test".into(),
        worker_id: None,
        advertise_url: None,
    };
    let shared = |name: &str| SharedCache::new(Leases::new(&settings, name, "http://127.0.0.1:1").unwrap(), 60);
    let worker = |name: &str| GatewayOptions {
        cache: CacheSettings { ttl_secs: 60, capacity: 100 },
        shared_cache: Some(shared(name)),
        ..options()
    };
    let (w1, _) = start(&[openai("p", &llm)], &worker("w1"));
    let (w2, m2) = start(&[openai("p", &llm)], &worker("w2"));
    let first = ask(&w1, "aynı soru", Tier::Banter).await;
    assert!(!first.cached);
    // Worker 1 shares the answer in the background.
    let key = actors::cache::call_key("model-p", &prompt("aynı soru"), 5);
    let probe = shared("probe");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while probe.get(key).await.is_none() {
        assert!(std::time::Instant::now() < deadline, "the answer never reached Redis");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let second = ask(&w2, "aynı soru", Tier::Banter).await;
    assert!(second.cached, "worker 2 answers from the shared cache");
    assert_eq!(second.completion, first.completion);
    assert_eq!((llm.request_count(), m2.snapshot(Clock::system().now()).cache_hits), (1, 1));
    // Redis gone: the providers answer as without a cache.
    redis.kill();
    let third = ask(&w2, "yeni soru", Tier::Banter).await;
    assert!(!third.cached);
    assert_eq!(llm.request_count(), 2);
}

#[actix::test]
async fn a_recording_replays_without_any_provider_and_misses_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let llm = FakeLlm::start();
    let o = GatewayOptions { record: Some(dir.path().to_path_buf()), ..options() };
    let (gw, _) = start(&[openai("p", &llm)], &o);
    let a = ask(&gw, "birinci", Tier::Banter).await;
    let b = ask(&gw, "ikinci", Tier::Important).await;
    drop(gw);
    drop(llm); // the server is gone: a replay must not need it
    let o = GatewayOptions { replay: Some(dir.path().to_path_buf()), ..options() };
    let (replay, meter) = start(&[], &o);
    let a2 = ask(&replay, "birinci", Tier::Banter).await;
    let b2 = ask(&replay, "ikinci", Tier::Important).await;
    assert_eq!((a2.completion.text, b2.completion.text), (a.completion.text, b.completion.text));
    assert_eq!(a2.completion.model, "model-p", "the recorded model is kept");
    assert_eq!(meter.snapshot(Clock::system().now()).usd, 0.0, "a replay costs nothing");
    let miss = Generate::new(prompt("kayıtta yok"), 5, Tier::Banter, None);
    let err = replay.send(miss).await.unwrap().unwrap_err();
    assert!(err.to_string().contains("not in the recording"), "{err}");
}
