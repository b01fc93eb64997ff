//! One rate limiter per persona, shared by its bots in every room of this
//! process: a persona in two rooms keeps one hourly limit, one minimum gap
//! and Telegram's per-minute ceiling, not one of each per room.

use engine::ids::Millis;
use engine::limiter::RateLimiter;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// A persona's limiter, shared (cheap to clone).
#[derive(Clone, Debug)]
pub struct SharedLimiter(Arc<Mutex<RateLimiter>>);

impl From<RateLimiter> for SharedLimiter {
    fn from(l: RateLimiter) -> Self {
        SharedLimiter(Arc::new(Mutex::new(l)))
    }
}

impl SharedLimiter {
    fn lock(&self) -> MutexGuard<'_, RateLimiter> {
        // A poisoned limiter still holds valid times.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn check(&self, now: Millis) -> Result<(), i64> {
        self.lock().check(now)
    }

    pub fn check_answer(&self, now: Millis) -> Result<(), i64> {
        self.lock().check_answer(now)
    }

    pub fn record(&self, now: Millis) {
        self.lock().record(now);
    }

    pub fn set_limits(&self, per_hour: u32, min_gap_secs: u32) {
        self.lock().set_limits(per_hour, min_gap_secs);
    }
}

/// Every persona's limiter in this process, by bot id.
#[derive(Clone, Default)]
pub struct Limiters(super::shared::PerPersona<SharedLimiter>);

impl Limiters {
    /// The persona's limiter, made with `make` the first time it is asked for.
    pub fn get_or(&self, bot: &str, make: impl FnOnce() -> RateLimiter) -> SharedLimiter {
        self.0.get_or(bot, || make().into())
    }

    /// Whether the persona has one already (its history is then not read again).
    pub fn has(&self, bot: &str) -> bool {
        self.0.get(bot).is_some()
    }
}
