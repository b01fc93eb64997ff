//! The response cache shared by the workers (Redis): an answer one worker
//! got is reused by the others for the same call within the TTL, as the
//! local cache does within one process. A Redis that is slow or gone costs
//! at most [`GET_TIMEOUT`] per call and never fails one: the provider is
//! asked as without a cache.
//!
//! Keys, under the configured prefix: `{prefix}:cache:{key}` (the call key
//! in hex), the completion as JSON, expiring after `llm.cache.ttl_secs`.

use super::Leases;
use crate::llm::Completion;
use deadpool_redis::redis::AsyncCommands;
use std::time::Duration;

/// The longest a call waits for the shared cache before asking a provider.
pub const GET_TIMEOUT: Duration = Duration::from_millis(100);

/// The workers' shared cache (cheap to clone).
#[derive(Clone, Debug)]
pub struct SharedCache {
    leases: Leases,
    ttl_secs: u64,
}

impl SharedCache {
    /// A cache on `leases`' Redis keeping answers `ttl_secs`.
    pub fn new(leases: Leases, ttl_secs: u64) -> SharedCache {
        SharedCache { leases, ttl_secs }
    }

    fn key(&self, key: u64) -> String {
        format!("{}:cache:{key:016x}", self.leases.prefix)
    }

    /// The answer another worker (or this one) stored under `key`.
    pub async fn get(&self, key: u64) -> Option<Completion> {
        let k = self.key(key);
        let read = self.leases.bounded(async |conn| conn.get::<_, Option<String>>(&k).await);
        match tokio::time::timeout(GET_TIMEOUT, read).await {
            Ok(Ok(Some(json))) => serde_json::from_str(&json).ok(),
            Ok(Ok(None)) => None,
            Ok(Err(e)) => {
                tracing::debug!(error = %e, "the shared response cache is not reachable");
                None
            }
            Err(_) => None,
        }
    }

    /// Stores an answer for the other workers, in the background.
    pub fn put(&self, key: u64, completion: &Completion) {
        let (cache, k) = (self.clone(), self.key(key));
        let Ok(json) = serde_json::to_string(completion) else { return };
        tokio::spawn(async move {
            let write = cache.leases.bounded(async |conn| conn.set_ex::<_, _, ()>(&k, json, cache.ttl_secs).await);
            if let Err(e) = write.await {
                tracing::debug!(error = %e, "an answer could not be shared");
            }
        });
    }
}
