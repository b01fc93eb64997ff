//! One rate limiter per persona, shared by its bots in every room of this
//! process: a persona in two rooms keeps one hourly limit, one minimum gap
//! and Telegram's per-minute ceiling, not one of each per room. With
//! workers, the persona's messages on the other workers count too (shared
//! through Redis: `workers::sends`).

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

    pub(crate) fn take_unshared(&self) -> Vec<Millis> {
        self.lock().take_unshared()
    }

    pub(crate) fn unshare_failed(&self, times: Vec<Millis>) {
        self.lock().unshare_failed(times);
    }

    pub(crate) fn set_elsewhere(&self, times: Vec<Millis>) {
        self.lock().set_elsewhere(times);
    }

    /// Messages in the last hour, here and (with workers) elsewhere.
    pub fn sent_last_hour(&self, now: Millis) -> usize {
        self.lock().sent_last_hour(now)
    }
}

/// Every persona's limiter in this process, by bot id.
#[derive(Clone, Default)]
pub struct Limiters {
    all: super::shared::PerPersona<SharedLimiter>,
    /// With workers: this process's mark on the messages it shares (new at
    /// every start, so a restarted worker counts what it sent before).
    across_workers: Option<String>,
}

impl Limiters {
    /// Limiters of one of several workers: a persona's last hour comes from
    /// Redis (every worker's messages, this process's before a restart
    /// too), not from the store.
    pub fn across_workers() -> Self {
        Limiters { all: Default::default(), across_workers: Some(format!("{:016x}", rand::random::<u64>())) }
    }

    /// This process's mark on the messages it shares (workers mode).
    pub(crate) fn mark(&self) -> Option<&str> {
        self.across_workers.as_deref()
    }

    /// The persona's limiter, made with `make` the first time it is asked for.
    pub fn get_or(&self, bot: &str, make: impl FnOnce() -> RateLimiter) -> SharedLimiter {
        self.all.get_or(bot, || make().into())
    }

    /// Whether the persona's history need not be read from the store: it
    /// has a limiter already, or the workers share the last hour.
    pub fn has(&self, bot: &str) -> bool {
        self.across_workers.is_some() || self.all.get(bot).is_some()
    }

    /// Every persona's limiter in this process.
    pub fn all(&self) -> Vec<(String, SharedLimiter)> {
        self.all.all()
    }
}
