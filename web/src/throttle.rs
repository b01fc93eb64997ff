//! Keyed token buckets on the server's clock: login attempts per client,
//! posts per client. Memory stays bounded: full buckets are forgotten when
//! the map grows past `MAX_KEYS`.

use std::collections::HashMap;
use std::sync::Mutex;

/// Keys kept before idle (full) buckets are dropped.
const MAX_KEYS: usize = 10_000;

/// `capacity` requests at once, refilled at `per_minute`.
pub struct Throttle {
    capacity: f64,
    per_ms: f64,
    buckets: Mutex<HashMap<String, (f64, i64)>>,
}

impl Throttle {
    pub fn new(capacity: u32, per_minute: u32) -> Self {
        Throttle {
            capacity: f64::from(capacity.max(1)),
            per_ms: f64::from(per_minute.max(1)) / 60_000.0,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `key`, or says in how many seconds one will be there.
    pub fn take(&self, key: &str, now_ms: i64) -> Result<(), u64> {
        let mut map = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() >= MAX_KEYS {
            let (cap, rate) = (self.capacity, self.per_ms);
            map.retain(|_, (tokens, at)| *tokens + (now_ms - *at).max(0) as f64 * rate < cap);
        }
        let (tokens, at) = map.entry(key.to_string()).or_insert((self.capacity, now_ms));
        let refilled = (*tokens + (now_ms - *at).max(0) as f64 * self.per_ms).min(self.capacity);
        *at = now_ms;
        if refilled >= 1.0 {
            *tokens = refilled - 1.0;
            Ok(())
        } else {
            *tokens = refilled;
            Err(((1.0 - refilled) / self.per_ms / 1000.0).ceil() as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_the_rate_applies_per_key() {
        let t = Throttle::new(3, 6); // one token every 10 s
        for _ in 0..3 {
            assert!(t.take("a", 0).is_ok());
        }
        assert_eq!(t.take("a", 0), Err(10));
        assert!(t.take("b", 0).is_ok(), "another client has its own bucket");
        assert_eq!(t.take("a", 4_000), Err(6));
        assert!(t.take("a", 10_000).is_ok());
    }
}
