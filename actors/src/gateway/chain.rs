//! Walking a tier's chain for one request: the cache first, then each
//! provider whose breaker lets a call through, with retries and a timeout;
//! every answer metered (and recorded when asked).

use super::providers::Slot;
use super::{GatewayError, Generate, Generation, Shared};
use crate::cache::call_key;
use crate::llm::{Completion, ProviderError, estimate_tokens};
use crate::meter::Call;
use engine::backoff::backoff_ms;
use engine::budget::Tier;
use engine::prompt::Prompt;
use rand::Rng;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Instrument;
use tracing::field::Empty;

/// Runs inside the caller's `llm.generate` span: one `llm.attempt` span per
/// provider call (retries are siblings), and an `llm.breaker_open` span for
/// a provider its breaker kept out.
pub(super) async fn generate(shared: Arc<Shared>, msg: Generate) -> Result<Generation, GatewayError> {
    // The providers as of this call; a reconfiguration meanwhile does not change them.
    let providers = shared.providers();
    let chain = match msg.tier {
        Tier::Important => &providers.important,
        Tier::Banter => &providers.banter,
        Tier::Reaction => return Err(GatewayError(vec!["the reaction tier uses no model".into()])),
    };
    let mut errors = Vec::new();
    for &i in chain {
        let slot = &providers.slots[i];
        let key = call_key(&slot.provider.model(), &msg.prompt, msg.seed);
        let mut cached =
            shared.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(key, shared.clock.now());
        if cached.is_none()
            && let Some(sc) = &shared.shared_cache
            && let Some(c) = sc.get(key).await
        {
            let now = shared.clock.now();
            shared.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner).put(key, c.clone(), now);
            cached = Some(c);
        }
        if let Some(completion) = cached {
            let g = Generation { completion, provider: slot.name.clone(), latency_ms: 0, cached: true, usd: 0.0 };
            finish(&shared, &msg, &g);
            return Ok(g);
        }
        // unwrap: the lock is never held across a panic point.
        if !slot.breaker.lock().unwrap().try_acquire(shared.clock.now()) {
            tracing::info_span!("llm.breaker_open", provider = %slot.name).in_scope(|| ());
            errors.push(format!("{}: circuit open", slot.name));
            continue;
        }
        match call_with_retries(&shared, slot, &msg).await {
            Ok(g) => {
                slot.breaker.lock().unwrap().on_success();
                let now = shared.clock.now();
                shared.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner).put(
                    key,
                    g.completion.clone(),
                    now,
                );
                if let Some(sc) = &shared.shared_cache {
                    sc.put(key, &g.completion);
                }
                finish(&shared, &msg, &g);
                return Ok(g);
            }
            Err(e) => {
                slot.breaker.lock().unwrap().on_failure(shared.clock.now());
                shared.meter.failure(&slot.name);
                tracing::warn!(provider = %slot.name, error = %e, "provider failed, trying the next one");
                errors.push(format!("{}: {e}", slot.name));
            }
        }
    }
    Err(GatewayError(errors))
}

/// Meters (and records) an answer.
fn finish(shared: &Shared, msg: &Generate, g: &Generation) {
    let span = tracing::Span::current();
    span.record("provider", g.provider.as_str());
    span.record("cached", g.cached);
    span.record("tokens_in", g.completion.tokens_in);
    span.record("tokens_out", g.completion.tokens_out);
    let stable = estimate_tokens(msg.prompt.stable());
    shared.meter.call(&Call {
        provider: &g.provider,
        room: msg.room.as_deref(),
        tier: msg.tier,
        tokens_in: g.completion.tokens_in,
        tokens_out: g.completion.tokens_out,
        usd: g.usd,
        latency_ms: g.latency_ms,
        cache_hit: g.cached,
        stable_tokens: stable,
        prompt_tokens: estimate_tokens(&msg.prompt.system) + estimate_tokens(&msg.prompt.user),
        at: shared.clock.now(),
    });
    if let Some(r) = &shared.recorder {
        r.record(&g.provider, &msg.prompt, msg.seed, &g.completion);
    }
}

async fn call_with_retries(
    shared: &Arc<Shared>,
    slot: &Arc<Slot>,
    msg: &Generate,
) -> Result<Generation, ProviderError> {
    let _permit = slot.permits.acquire(msg.tier, msg.room.clone()).await;
    let retry = shared.retry;
    let mut attempt = 0;
    loop {
        let started = Instant::now();
        let seed = msg.seed.wrapping_add(u64::from(attempt));
        let span =
            tracing::info_span!("llm.attempt", provider = %slot.name, attempt, outcome = Empty, retry_in_ms = Empty);
        let res = call_once(shared, slot, &msg.prompt, seed).instrument(span.clone()).await;
        match &res {
            Ok(_) => span.record("outcome", "ok"),
            Err(e) => span.record("outcome", tracing::field::display(e)),
        };
        match res {
            Ok(completion) => {
                let latency_ms = started.elapsed().as_millis() as i64;
                tracing::debug!(provider = %slot.name, latency_ms, tokens_in = completion.tokens_in, tokens_out = completion.tokens_out, "generated");
                let usd = slot.price.cost_usd(completion.tokens_in, completion.tokens_out);
                let completion = match slot.provider {
                    // A replayed answer keeps the model that gave it.
                    crate::llm::Provider::Replay(_) => completion,
                    _ => Completion { model: slot.provider.model(), ..completion },
                };
                return Ok(Generation { completion, provider: slot.name.clone(), latency_ms, cached: false, usd });
            }
            Err(e) if e.retryable() && attempt + 1 < retry.attempts => {
                let u: f64 = rand::rng().random();
                let wait = backoff_ms(attempt, retry.base_backoff_ms, retry.max_backoff_ms, u, e.retry_after_ms());
                span.record("retry_in_ms", wait);
                tracing::debug!(provider = %slot.name, error = %e, wait_ms = wait, "retrying");
                tokio::time::sleep(Duration::from_millis(wait as u64)).await;
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

async fn timed(slot: &Slot, prompt: &Prompt, seed: u64) -> Result<Completion, ProviderError> {
    tokio::time::timeout(slot.timeout, slot.provider.complete(prompt, seed))
        .await
        .unwrap_or(Err(ProviderError::Timeout))
}

/// One provider call with its timeout; on the gateway's own runtime when
/// calls are isolated from (virtual) caller time.
async fn call_once(
    shared: &Arc<Shared>,
    slot: &Arc<Slot>,
    prompt: &Prompt,
    seed: u64,
) -> Result<Completion, ProviderError> {
    if shared.isolated.is_none() {
        return timed(slot, prompt, seed).await;
    }
    let (shared, slot, prompt) = (shared.clone(), slot.clone(), prompt.clone());
    let span = tracing::Span::current();
    tokio::task::spawn_blocking(move || match &shared.isolated {
        Some(rt) => rt.block_on(timed(&slot, &prompt, seed).instrument(span)),
        None => Err(ProviderError::Unavailable("the call runtime is gone".into())),
    })
    .await
    .unwrap_or_else(|e| Err(ProviderError::Unavailable(format!("the call was lost: {e}"))))
}
