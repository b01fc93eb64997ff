//! Workers mode: the budgets count every worker's spend, and a persona's
//! hourly limit its messages on every worker, kept in a real Redis
//! (`redis-server` of the test's own on a free port); a worker that
//! restarts reads what was spent and sent before.

use actors::bot::Limiters;
use actors::meter::{Call, Meter};
use actors::workers::{Leases, RedisSettings};
use engine::budget::{BudgetSettings, Tier};
use engine::ids::Millis;
use engine::limiter::RateLimiter;
use fakes::RedisServer;
use std::time::{Duration, Instant};

fn worker(redis: &RedisServer, name: &str) -> (Leases, Meter) {
    let settings = RedisSettings {
        url: redis.url(),
        lease_ttl_ms: 5_000,
        key_prefix: "spend-test".into(),
        worker_id: Some(name.into()),
        advertise_url: None,
    };
    let meter = Meter::default();
    meter.share();
    (Leases::new(&settings, name, "http://127.0.0.1:1").unwrap(), meter)
}

fn call(room: &str, tokens: u32, usd: f64, at: Millis) -> Call<'_> {
    Call {
        provider: "p",
        room: Some(room),
        tier: Tier::Banter,
        tokens_in: tokens,
        tokens_out: 0,
        usd,
        latency_ms: 5,
        cache_hit: false,
        stable_tokens: 0,
        prompt_tokens: 0,
        at,
    }
}

#[tokio::test]
async fn two_workers_share_one_budget_and_a_restarted_worker_remembers_the_spend() {
    let redis = RedisServer::start().unwrap();
    let now = Millis(1_795_899_600_000);
    let (w1, m1) = worker(&redis, "w1");
    let (w2, m2) = worker(&redis, "w2");
    m1.call(&call("oda-a", 100, 0.01, now));
    m2.call(&call("oda-b", 50, 0.02, now));
    // Before anything is shared each worker sees only its own spend.
    assert_eq!(m1.spend("oda-a", now).1.tokens, 100);
    w1.sync_spend(&m1, &["oda-a".into()], now).await.unwrap();
    w2.sync_spend(&m2, &["oda-b".into()], now).await.unwrap();
    w1.sync_spend(&m1, &["oda-a".into()], now).await.unwrap();
    let (day, hour) = m1.spend("oda-a", now);
    assert_eq!((day.tokens, hour.tokens), (100, 150), "worker 1 counts worker 2's spend in the hour");
    // The console's last hour is the community's; its totals are this worker's.
    let snap = m1.snapshot(now);
    assert_eq!((snap.last_hour.tokens, snap.rooms.len()), (150, 1));
    assert!((hour.usd - 0.03).abs() < 1e-9, "{hour:?}");
    // A global hourly budget of 160 tokens is nearly spent for both workers.
    let budget = BudgetSettings { global_hourly_tokens: 160, ..BudgetSettings::default() };
    assert_eq!(m1.degrade(&budget, "oda-a", now).max_tier, Tier::Banter);
    // Spend not pushed yet counts at once.
    m1.call(&call("oda-a", 20, 0.0, now));
    assert_eq!(m1.degrade(&budget, "oda-a", now).max_tier, Tier::Reaction);
    w1.sync_spend(&m1, &["oda-a".into()], now).await.unwrap();

    // Worker 1 restarts: its new meter reads the room's day and the hour back.
    let (w1, m1) = worker(&redis, "w1");
    w1.sync_spend(&m1, &["oda-a".into()], now).await.unwrap();
    let (day, hour) = m1.spend("oda-a", now);
    assert_eq!((day.tokens, hour.tokens), (120, 170));
    // An hour later the global spend has rolled out; the room's day has not.
    let later = Millis(now.0 + 61 * Millis::MINUTE);
    w1.sync_spend(&m1, &["oda-a".into()], later).await.unwrap();
    assert_eq!(m1.spend("oda-a", later).1.tokens, 0);
    assert_eq!(m1.spend("oda-a", later).0.tokens, 120);
}

#[tokio::test]
async fn spend_pushed_while_redis_is_down_is_kept_for_the_next_push() {
    let mut redis = RedisServer::start().unwrap();
    let now = Millis(1_795_899_600_000);
    let (w, m) = worker(&redis, "w1");
    m.call(&call("oda-a", 40, 0.0, now));
    redis.kill();
    assert!(w.sync_spend(&m, &["oda-a".into()], now).await.is_err());
    // Still counted here, and pushed once Redis is back.
    assert_eq!(m.spend("oda-a", now).1.tokens, 40);
    redis.restart().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while w.sync_spend(&m, &["oda-a".into()], now).await.is_err() {
        assert!(Instant::now() < deadline, "redis did not come back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (w2, m2) = worker(&redis, "w2");
    w2.sync_spend(&m2, &["oda-a".into()], now).await.unwrap();
    assert_eq!(m2.spend("oda-a", now), m.spend("oda-a", now));
    assert_eq!(m2.spend("oda-a", now).1.tokens, 40);
}

#[tokio::test]
async fn a_persona_with_rooms_on_two_workers_keeps_one_hourly_limit() {
    let redis = RedisServer::start().unwrap();
    let t = |s: i64| Millis(1_795_899_600_000 + s * 1000);
    let ((w1, _), (w2, _)) = (worker(&redis, "w1"), worker(&redis, "w2"));
    let (l1, l2) = (Limiters::across_workers(), Limiters::across_workers());
    // Three messages an hour, a minute apart; one room on each worker.
    let a = l1.get_or("can_scalp", || RateLimiter::new(3, 60));
    let b = l2.get_or("can_scalp", || RateLimiter::new(3, 60));
    a.record(t(0));
    a.record(t(70));
    w1.sync_sends(&l1, t(80)).await.unwrap();
    w2.sync_sends(&l2, t(80)).await.unwrap();
    // Worker 2's room keeps the gap after worker 1's last message.
    assert_eq!(b.check(t(100)), Err(30_000));
    assert_eq!(b.check(t(130)), Ok(()));
    b.record(t(130));
    w2.sync_sends(&l2, t(140)).await.unwrap();
    w1.sync_sends(&l1, t(140)).await.unwrap();
    // Three in the hour over both workers: neither speaks until the first leaves it.
    assert_eq!(a.sent_last_hour(t(200)), 3);
    assert_eq!(a.check(t(200)), Err(3_400_000));
    assert_eq!(b.check(t(200)), Err(3_400_000));
    // Worker 1 restarts: its new limiter reads the hour back, its own messages too.
    let l1 = Limiters::across_workers();
    let a = l1.get_or("can_scalp", || RateLimiter::new(3, 60));
    w1.sync_sends(&l1, t(300)).await.unwrap();
    assert_eq!(a.sent_last_hour(t(300)), 3);
    assert!(a.check(t(300)).is_err());
    assert_eq!(a.check(t(3_600)), Ok(()), "an hour after the first message");
}
