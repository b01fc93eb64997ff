//! Room leases and the live worker list in Redis (deadpool-redis). Every
//! step is one Lua script, so it is atomic on the Redis server and reads the
//! server's clock (`TIME`) rather than each worker's.
//!
//! Keys, under the configured prefix:
//! - `{prefix}:workers`: a sorted set of worker ids scored by when their
//!   heartbeat lapses (ms);
//! - `{prefix}:addresses`: a hash of each live worker's address;
//! - `{prefix}:lease:room:{id}`: the owning worker's id, with a TTL;
//! - `{prefix}:lease:telegram:{bot}`: the worker receiving a Telegram bot
//!   account's updates (one consumer per token), the same way.

use super::RedisSettings;
use deadpool_redis::redis::Script;
use deadpool_redis::{Config, Pool, Runtime, Timeouts};
use std::collections::BTreeMap;
use std::sync::LazyLock;
use std::time::Duration;

/// The longest a single Redis step may take before it counts as failed.
const STEP_TIMEOUT: Duration = Duration::from_millis(800);

/// Registers this worker and its address (lapsing after the TTL), drops
/// lapsed ones, and answers the live workers and their addresses.
static HEARTBEAT: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for _, gone in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
  redis.call('HDEL', KEYS[2], gone)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
return {redis.call('ZRANGE', KEYS[1], 0, -1), redis.call('HGETALL', KEYS[2])}",
    )
});

/// Takes a free lease or extends one this worker holds: 1, else 0.
static ACQUIRE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0",
    )
});

/// Extends each lease still held by this worker: one 1 or 0 per key.
static RENEW: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local held = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('PEXPIRE', key, ARGV[2])
    held[i] = 1
  else
    held[i] = 0
  end
end
return held",
    )
});

/// Gives up the leases this worker holds among the keys (and, with a
/// second argument, leaves the worker list).
static RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then redis.call('DEL', key) end
end
if ARGV[2] then
  redis.call('ZREM', ARGV[2], ARGV[1])
  redis.call('HDEL', ARGV[3], ARGV[1])
end
return 1",
    )
});

/// Why a Redis step failed.
#[derive(Debug, thiserror::Error)]
pub enum LeaseError {
    #[error("redis: {0}")]
    Redis(String),
    #[error("redis did not answer within {0:?}")]
    Timeout(Duration),
}

/// This worker's view of the leases in Redis.
#[derive(Clone)]
pub struct Leases {
    pub(super) pool: Pool,
    me: String,
    pub(super) prefix: String,
    ttl_ms: u64,
    /// Where the other workers forward requests to this one.
    address: String,
    /// What these leases are for: `room` or `telegram`.
    kind: &'static str,
}

impl std::fmt::Debug for Leases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Leases").field("worker", &self.me).field("prefix", &self.prefix).finish_non_exhaustive()
    }
}

impl Leases {
    /// A pool for `settings.url`; nothing is connected until the first step.
    pub fn new(settings: &RedisSettings, me: &str, address: &str) -> anyhow::Result<Leases> {
        let mut config = Config::from_url(settings.url.clone());
        let mut pool = deadpool_redis::PoolConfig::new(4);
        pool.timeouts = Timeouts { wait: Some(STEP_TIMEOUT), create: Some(STEP_TIMEOUT), recycle: Some(STEP_TIMEOUT) };
        config.pool = Some(pool);
        let pool = config
            .create_pool(Some(Runtime::Tokio1))
            // The error would quote the URL, password and all.
            .map_err(|_| anyhow::anyhow!("redis.url: not a Redis URL (redis://[:PASSWORD@]HOST:PORT[/DB])"))?;
        let (me, prefix, address) = (me.to_string(), settings.key_prefix.clone(), address.to_string());
        Ok(Leases { pool, me, prefix, ttl_ms: settings.lease_ttl_ms, address, kind: "room" })
    }

    /// This worker's id.
    pub fn me(&self) -> &str {
        &self.me
    }

    /// The same worker's leases on another kind of thing (`telegram`: the
    /// bot accounts it receives for), on the same connections.
    pub fn for_kind(&self, kind: &'static str) -> Leases {
        Leases { kind, ..self.clone() }
    }

    /// How long a lease lasts without renewal (ms).
    pub fn ttl_ms(&self) -> u64 {
        self.ttl_ms
    }

    fn room_key(&self, room: &str) -> String {
        format!("{}:lease:{}:{room}", self.prefix, self.kind)
    }

    fn workers_key(&self) -> String {
        format!("{}:workers", self.prefix)
    }

    fn addresses_key(&self) -> String {
        format!("{}:addresses", self.prefix)
    }

    /// `step` on a pooled connection, all of it within [`STEP_TIMEOUT`].
    pub(super) async fn bounded<T>(
        &self,
        step: impl AsyncFnOnce(&mut deadpool_redis::Connection) -> deadpool_redis::redis::RedisResult<T>,
    ) -> Result<T, LeaseError> {
        let work = async {
            let mut conn = self.pool.get().await.map_err(|e| LeaseError::Redis(e.to_string()))?;
            step(&mut conn).await.map_err(|e| LeaseError::Redis(e.to_string()))
        };
        tokio::time::timeout(STEP_TIMEOUT, work).await.map_err(|_| LeaseError::Timeout(STEP_TIMEOUT))?
    }

    async fn run<T: deadpool_redis::redis::FromRedisValue>(
        &self,
        script: &Script,
        keys: &[String],
        args: &[String],
    ) -> Result<T, LeaseError> {
        let mut call = script.prepare_invoke();
        for k in keys {
            call.key(k);
        }
        for a in args {
            call.arg(a);
        }
        self.bounded(async |conn| call.invoke_async(conn).await).await
    }

    /// Says this worker is alive for another TTL; every live worker,
    /// sorted, and where each takes forwarded requests.
    pub async fn heartbeat(&self) -> Result<(Vec<String>, BTreeMap<String, String>), LeaseError> {
        let keys = [self.workers_key(), self.addresses_key()];
        let args = [self.me.clone(), self.ttl_ms.to_string(), self.address.clone()];
        let (mut live, flat): (Vec<String>, Vec<String>) = self.run(&HEARTBEAT, &keys, &args).await?;
        live.sort();
        let addresses = flat.chunks_exact(2).map(|kv| (kv[0].clone(), kv[1].clone())).collect();
        Ok((live, addresses))
    }

    /// Takes `room`'s lease (or another kind's) if it is free (or already this worker's).
    pub async fn acquire(&self, room: &str) -> Result<bool, LeaseError> {
        let got: i64 = self.run(&ACQUIRE, &[self.room_key(room)], &[self.me.clone(), self.ttl_ms.to_string()]).await?;
        Ok(got == 1)
    }

    /// Extends the leases of `rooms`; for each, whether it is still held.
    pub async fn renew(&self, rooms: &[String]) -> Result<Vec<bool>, LeaseError> {
        if rooms.is_empty() {
            return Ok(Vec::new());
        }
        let keys: Vec<String> = rooms.iter().map(|r| self.room_key(r)).collect();
        let held: Vec<i64> = self.run(&RENEW, &keys, &[self.me.clone(), self.ttl_ms.to_string()]).await?;
        Ok(held.into_iter().map(|h| h == 1).collect())
    }

    /// Gives the leases of `rooms` back, and leaves the worker list when
    /// `leave` (a shutdown).
    pub async fn release(&self, rooms: &[String], leave: bool) -> Result<(), LeaseError> {
        let keys: Vec<String> = rooms.iter().map(|r| self.room_key(r)).collect();
        let mut args = vec![self.me.clone()];
        if leave {
            args.extend([self.workers_key(), self.addresses_key()]);
        }
        let _: i64 = self.run(&RELEASE, &keys, &args).await?;
        Ok(())
    }
}
