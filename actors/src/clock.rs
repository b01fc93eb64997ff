//! Time for the runtime: the wall clock read through tokio's `Instant`, so
//! that tests running with `tokio::time::pause()` move on virtual time.

use engine::ids::Millis;
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, Copy)]
pub struct Clock {
    base_ms: i64,
    start: tokio::time::Instant,
}

impl Clock {
    /// A clock that starts at the current wall time.
    pub fn system() -> Self {
        let base_ms = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or_default();
        Clock { base_ms, start: tokio::time::Instant::now() }
    }

    /// A clock that starts at `at` (simulations, tests).
    pub fn starting_at(at: Millis) -> Self {
        Clock { base_ms: at.0, start: tokio::time::Instant::now() }
    }

    pub fn now(&self) -> Millis {
        Millis(self.base_ms + self.start.elapsed().as_millis() as i64)
    }
}
