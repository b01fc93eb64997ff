//! The LLM gateway: the one place every generation goes through. It walks
//! the provider chain in order; per provider it applies a concurrency limit,
//! a per-request timeout, retries with jittered exponential backoff (never
//! sooner than a server's Retry-After) and a circuit breaker. When every
//! provider fails the caller gets an error and the room carries on.

use crate::clock::Clock;
use crate::llm::{Completion, Provider, ProviderConfig, ProviderError};
use actix::prelude::*;
use engine::breaker::{BreakerSettings, BreakerState, CircuitBreaker, backoff_ms};
use engine::prompt::Prompt;
use rand::Rng;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// A request for text.
#[derive(Message)]
#[rtype(result = "Result<Generation, GatewayError>")]
pub struct Generate {
    pub prompt: Prompt,
    pub seed: u64,
}

/// The current state of every provider (health, console).
#[derive(Message)]
#[rtype(result = "Vec<ProviderStatus>")]
pub struct Status;

/// Text and its metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Generation {
    pub completion: Completion,
    pub provider: String,
    pub latency_ms: i64,
}

/// Every provider failed or was unavailable.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("no provider could answer: {}", .0.join("; "))]
pub struct GatewayError(pub Vec<String>);

/// A provider as health and the console show it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ProviderStatus {
    pub name: String,
    pub model: String,
    pub breaker: BreakerState,
}

/// Retry knobs.
#[derive(Debug, Clone, Copy)]
pub struct RetrySettings {
    /// Attempts per provider, the first included.
    pub attempts: u32,
    pub base_backoff_ms: i64,
    pub max_backoff_ms: i64,
}

impl Default for RetrySettings {
    fn default() -> Self {
        RetrySettings { attempts: 2, base_backoff_ms: 250, max_backoff_ms: 5_000 }
    }
}

struct Slot {
    name: String,
    provider: Provider,
    timeout: Duration,
    breaker: Mutex<CircuitBreaker>,
    permits: Semaphore,
}

pub struct LlmGatewayActor {
    slots: Arc<Vec<Slot>>,
    retry: RetrySettings,
    clock: Clock,
}

impl LlmGatewayActor {
    /// Builds every provider of the chain; a bad entry fails start-up.
    pub fn new(
        chain: &[ProviderConfig],
        breaker: BreakerSettings,
        retry: RetrySettings,
        clock: Clock,
    ) -> anyhow::Result<Self> {
        if chain.is_empty() {
            anyhow::bail!("llm.providers: at least one provider is required");
        }
        let slots = chain
            .iter()
            .map(|c| {
                Ok(Slot {
                    name: c.name.clone(),
                    provider: Provider::from_config(c)?,
                    timeout: Duration::from_millis(c.timeout_ms.max(1)),
                    breaker: Mutex::new(CircuitBreaker::new(breaker)),
                    permits: Semaphore::new(c.max_concurrency.max(1)),
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(LlmGatewayActor { slots: Arc::new(slots), retry, clock })
    }
}

impl Actor for LlmGatewayActor {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        // Many bots share one gateway.
        ctx.set_mailbox_capacity(1024);
    }
}

impl Handler<Generate> for LlmGatewayActor {
    type Result = ResponseFuture<Result<Generation, GatewayError>>;

    fn handle(&mut self, msg: Generate, _: &mut Self::Context) -> Self::Result {
        let slots = self.slots.clone();
        let (retry, clock) = (self.retry, self.clock);
        Box::pin(async move { generate(&slots, retry, clock, &msg).await })
    }
}

impl Handler<Status> for LlmGatewayActor {
    type Result = MessageResult<Status>;

    fn handle(&mut self, _: Status, _: &mut Self::Context) -> Self::Result {
        let now = self.clock.now();
        MessageResult(
            self.slots
                .iter()
                .map(|s| ProviderStatus {
                    name: s.name.clone(),
                    model: s.provider.model(),
                    // unwrap: the lock is never held across a panic point.
                    breaker: s.breaker.lock().unwrap().state(now),
                })
                .collect(),
        )
    }
}

#[tracing::instrument(skip_all)]
async fn generate(
    slots: &[Slot],
    retry: RetrySettings,
    clock: Clock,
    msg: &Generate,
) -> Result<Generation, GatewayError> {
    let mut errors = Vec::new();
    for slot in slots {
        // unwrap: the lock is never held across a panic point.
        if !slot.breaker.lock().unwrap().try_acquire(clock.now()) {
            errors.push(format!("{}: circuit open", slot.name));
            continue;
        }
        match call_with_retries(slot, retry, msg).await {
            Ok(g) => {
                slot.breaker.lock().unwrap().on_success();
                return Ok(g);
            }
            Err(e) => {
                slot.breaker.lock().unwrap().on_failure(clock.now());
                tracing::warn!(provider = %slot.name, error = %e, "provider failed, trying the next one");
                errors.push(format!("{}: {e}", slot.name));
            }
        }
    }
    Err(GatewayError(errors))
}

async fn call_with_retries(slot: &Slot, retry: RetrySettings, msg: &Generate) -> Result<Generation, ProviderError> {
    let _permit = slot.permits.acquire().await.map_err(|_| ProviderError::Unavailable("closed".into()))?;
    let mut attempt = 0;
    loop {
        let started = Instant::now();
        let result = match tokio::time::timeout(
            slot.timeout,
            slot.provider.complete(&msg.prompt, msg.seed.wrapping_add(u64::from(attempt))),
        )
        .await
        {
            Ok(r) => r,
            Err(_) => Err(ProviderError::Timeout),
        };
        match result {
            Ok(completion) => {
                let latency_ms = started.elapsed().as_millis() as i64;
                tracing::debug!(provider = %slot.name, latency_ms, tokens_in = completion.tokens_in, tokens_out = completion.tokens_out, "generated");
                let completion = Completion { model: slot.provider.model(), ..completion };
                return Ok(Generation { completion, provider: slot.name.clone(), latency_ms });
            }
            Err(e) if e.retryable() && attempt + 1 < retry.attempts => {
                let u: f64 = rand::rng().random();
                let wait = backoff_ms(attempt, retry.base_backoff_ms, retry.max_backoff_ms, u, e.retry_after_ms());
                tracing::debug!(provider = %slot.name, error = %e, wait_ms = wait, "retrying");
                tokio::time::sleep(Duration::from_millis(wait as u64)).await;
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}
