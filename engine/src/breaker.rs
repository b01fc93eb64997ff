//! Circuit breaker and retry backoff for the LLM gateway: pure state machines
//! on an injected clock.

use crate::ids::Millis;
use serde::Serialize;

/// Breaker knobs.
#[derive(Debug, Clone, Copy)]
pub struct BreakerSettings {
    /// Consecutive failures that open the breaker.
    pub failure_threshold: u32,
    /// How long it stays open before one probe is let through.
    pub open_ms: i64,
}

impl Default for BreakerSettings {
    fn default() -> Self {
        BreakerSettings { failure_threshold: 3, open_ms: 30_000 }
    }
}

/// Breaker state, as metrics and the console show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakerState {
    Closed,
    Open,
    HalfOpen,
}

#[derive(Debug, Clone)]
pub struct CircuitBreaker {
    settings: BreakerSettings,
    failures: u32,
    open_until: Option<Millis>,
    probing: bool,
}

impl CircuitBreaker {
    pub fn new(settings: BreakerSettings) -> Self {
        CircuitBreaker { settings, failures: 0, open_until: None, probing: false }
    }

    pub fn state(&self, now: Millis) -> BreakerState {
        match self.open_until {
            None => BreakerState::Closed,
            Some(t) if now < t => BreakerState::Open,
            Some(_) => BreakerState::HalfOpen,
        }
    }

    /// Whether a call may go out now; in half-open only one probe at a time.
    pub fn try_acquire(&mut self, now: Millis) -> bool {
        match self.state(now) {
            BreakerState::Closed => true,
            BreakerState::Open => false,
            BreakerState::HalfOpen if self.probing => false,
            BreakerState::HalfOpen => {
                self.probing = true;
                true
            }
        }
    }

    pub fn on_success(&mut self) {
        self.failures = 0;
        self.open_until = None;
        self.probing = false;
    }

    pub fn on_failure(&mut self, now: Millis) {
        self.failures += 1;
        if self.probing || self.failures >= self.settings.failure_threshold {
            self.open_until = Some(now.plus_ms(self.settings.open_ms));
        }
        self.probing = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_breaker_opens_probes_and_closes() {
        let mut b = CircuitBreaker::new(BreakerSettings { failure_threshold: 2, open_ms: 1000 });
        let t = Millis(0);
        b.on_failure(t);
        assert_eq!(b.state(t), BreakerState::Closed);
        b.on_failure(t);
        assert_eq!(b.state(t), BreakerState::Open);
        assert!(!b.try_acquire(Millis(500)));
        assert!(b.try_acquire(Millis(1000)));
        assert!(!b.try_acquire(Millis(1001)), "only one probe");
        b.on_failure(Millis(1002));
        assert_eq!(b.state(Millis(1500)), BreakerState::Open);
        assert!(b.try_acquire(Millis(2100)));
        b.on_success();
        assert_eq!(b.state(Millis(2100)), BreakerState::Closed);
    }
}
