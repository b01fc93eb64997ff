//! The LLM gateway: the one place every generation goes through. A turn asks
//! for a tier; the tier names an ordered chain of providers. Per provider the
//! gateway applies a concurrency limit (served fairly: a reply to a person
//! first, then the room with the fewest calls in flight), a per-request timeout, retries with
//! jittered exponential backoff (never sooner than a server's Retry-After)
//! and a circuit breaker. Answers are cached by (model, prompt, sampling,
//! seed), metered (tokens, dollars, latency, cache hits) and optionally
//! recorded; `--replay` swaps the chain for a recording. When every provider
//! fails the caller gets an error and the room carries on.
//!
//! - `chain`: walking a chain: cache, breaker, retries, timeout, metering.
//! - `providers`: the chain's slots and tiers, swapped whole by an
//!   operator's reconfiguration.
//! - `permits`: a provider's concurrency limit in the fair order (`engine::fairness`).

mod chain;
mod permits;
mod providers;

pub use providers::Providers;

use crate::cache::{CacheSettings, ResponseCache};
use crate::clock::Clock;
use crate::llm::{Completion, ProviderConfig, Recorder, ReplayProvider};
use crate::meter::Meter;
use actix::prelude::*;
use anyhow::Context as _;
use engine::breaker::{BreakerSettings, BreakerState};
use engine::budget::Tier;
use engine::prompt::Prompt;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

/// A request for text.
#[derive(Message)]
#[rtype(result = "Result<Generation, GatewayError>")]
pub struct Generate {
    pub prompt: Prompt,
    pub seed: u64,
    /// Which chain answers (`banter` or `important`; `reaction` uses no model).
    pub tier: Tier,
    /// The room the text is for (metering and budgets).
    pub room: Option<String>,
    /// The span the call belongs to (a draft attempt): the gateway's spans are its children.
    pub span: tracing::Span,
}

impl Generate {
    /// A request outside any trace.
    pub fn new(prompt: Prompt, seed: u64, tier: Tier, room: Option<String>) -> Self {
        Generate { prompt, seed, tier, room, span: tracing::Span::none() }
    }

    /// The same request as part of `span`'s trace.
    pub fn traced(self, span: tracing::Span) -> Self {
        Generate { span, ..self }
    }
}

/// The current state of every provider (health, console).
#[derive(Message)]
#[rtype(result = "Vec<ProviderStatus>")]
pub struct Status;

/// The providers in use, the breaker settings new ones get, and whether
/// the gateway replays a recording (then no chain is used).
#[derive(Message)]
#[rtype(result = "(Arc<Providers>, BreakerSettings, bool)")]
pub(crate) struct CurrentProviders;

/// Use these providers from the next call on.
#[derive(Message)]
#[rtype(result = "()")]
pub(crate) struct SwapProviders(pub(crate) Providers);

/// Text and its metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Generation {
    pub completion: Completion,
    pub provider: String,
    pub latency_ms: i64,
    /// Served from the response cache (no provider was asked).
    pub cached: bool,
    /// What the call cost, from the provider's price.
    pub usd: f64,
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
    /// The tiers whose chain includes this provider.
    pub tiers: Vec<Tier>,
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

/// Which providers, in order, answer each tier (config `llm.tiers.*`, by
/// provider name). Empty: every provider in chain order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TierChains {
    pub banter: Vec<String>,
    pub important: Vec<String>,
}

/// Everything about the gateway beyond the provider list.
#[derive(Debug, Clone, Default)]
pub struct GatewayOptions {
    pub tiers: TierChains,
    pub cache: CacheSettings,
    /// Append every answered call to DIR/calls.jsonl.
    pub record: Option<PathBuf>,
    /// Answer only from a recording (the providers are not built).
    pub replay: Option<PathBuf>,
    /// Run provider calls on the gateway's own runtime and wait for them on a
    /// blocking thread, so virtual time (`tokio::time::pause`) stands still
    /// while a real model or server works. Simulations set this.
    pub isolate: bool,
    pub breaker: BreakerSettings,
    pub retry: RetrySettings,
    /// Workers: the response cache the workers share (after this process's own).
    pub shared_cache: Option<crate::workers::SharedCache>,
}

/// What the handlers share with the calls in flight.
struct Shared {
    providers: RwLock<Arc<Providers>>,
    breaker: BreakerSettings,
    replaying: bool,
    retry: RetrySettings,
    clock: Clock,
    cache: Mutex<ResponseCache>,
    shared_cache: Option<crate::workers::SharedCache>,
    recorder: Option<Recorder>,
    meter: Meter,
    isolated: Option<tokio::runtime::Runtime>,
}

pub struct LlmGatewayActor {
    shared: Arc<Shared>,
}

impl LlmGatewayActor {
    /// A gateway over `chain` with default options and its own meter.
    pub fn new(
        chain: &[ProviderConfig],
        breaker: BreakerSettings,
        retry: RetrySettings,
        clock: Clock,
    ) -> anyhow::Result<Self> {
        let options = GatewayOptions { breaker, retry, ..GatewayOptions::default() };
        Self::build(chain, &options, clock, Meter::default())
    }

    /// Builds every provider of the chain; a bad entry fails start-up.
    pub fn build(chain: &[ProviderConfig], o: &GatewayOptions, clock: Clock, meter: Meter) -> anyhow::Result<Self> {
        let providers = match &o.replay {
            Some(dir) => {
                let replay = ReplayProvider::load(dir)?;
                tracing::info!(calls = replay.len(), dir = %dir.display(), "replaying recorded calls; no provider is asked");
                Providers::replay(replay, o.breaker)
            }
            None => Providers::build(chain, &o.tiers, o.breaker, None)?,
        };
        let recorder = o.record.as_deref().map(Recorder::open).transpose()?;
        let isolated = if o.isolate {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("llm-calls")
                .enable_all()
                .build()
                .context("starting the gateway's call runtime")?;
            Some(rt)
        } else {
            None
        };
        let shared = Shared {
            providers: RwLock::new(Arc::new(providers)),
            breaker: o.breaker,
            replaying: o.replay.is_some(),
            retry: o.retry,
            clock,
            cache: Mutex::new(ResponseCache::new(o.cache)),
            shared_cache: o.shared_cache.clone().filter(|_| o.cache.ttl_secs > 0 && o.cache.capacity > 0),
            recorder,
            meter,
            isolated,
        };
        Ok(LlmGatewayActor { shared: Arc::new(shared) })
    }

    /// Builds `chain` against the providers in use (off actor threads: a
    /// local model loads here; entries that did not change keep their
    /// provider, breaker state included). Nothing changes until
    /// [`LlmGatewayActor::swap`]. Refuses while replaying a recording, and
    /// an entry that does not build (the error names the key).
    pub async fn prepare(
        gateway: &Addr<LlmGatewayActor>,
        chain: Vec<ProviderConfig>,
        tiers: TierChains,
    ) -> anyhow::Result<Providers> {
        let (current, breaker, replaying) = gateway.send(CurrentProviders).await?;
        if replaying {
            anyhow::bail!("llm.replay: the gateway answers from a recording; providers cannot change while it replays");
        }
        tokio::task::spawn_blocking(move || Providers::build(&chain, &tiers, breaker, Some(&current))).await?
    }

    /// Uses `providers` from the next call on; calls in flight finish on the old ones.
    pub async fn swap(gateway: &Addr<LlmGatewayActor>, providers: Providers) -> anyhow::Result<()> {
        tracing::info!(providers = ?providers.names(), "LLM providers reconfigured");
        Ok(gateway.send(SwapProviders(providers)).await?)
    }

    /// The meter this gateway records into.
    pub fn meter(&self) -> Meter {
        self.shared.meter.clone()
    }
}

impl Actor for LlmGatewayActor {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        // Many bots share one gateway.
        ctx.set_mailbox_capacity(1024);
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        // A runtime may not be dropped inside another runtime's context.
        if let Some(rt) = self.isolated.take() {
            rt.shutdown_background();
        }
    }
}

impl Handler<Generate> for LlmGatewayActor {
    type Result = ResponseFuture<Result<Generation, GatewayError>>;

    fn handle(&mut self, msg: Generate, _: &mut Self::Context) -> Self::Result {
        let shared = self.shared.clone();
        let span = tracing::info_span!(
            parent: &msg.span,
            "llm.generate",
            tier = msg.tier.as_str(),
            provider = tracing::field::Empty,
            cached = tracing::field::Empty,
            tokens_in = tracing::field::Empty,
            tokens_out = tracing::field::Empty,
        );
        Box::pin(tracing::Instrument::instrument(async move { chain::generate(shared, msg).await }, span))
    }
}

impl Handler<CurrentProviders> for LlmGatewayActor {
    type Result = MessageResult<CurrentProviders>;

    fn handle(&mut self, _: CurrentProviders, _: &mut Self::Context) -> Self::Result {
        let s = &self.shared;
        MessageResult((s.providers(), s.breaker, s.replaying))
    }
}

impl Handler<SwapProviders> for LlmGatewayActor {
    type Result = ();

    fn handle(&mut self, SwapProviders(p): SwapProviders, _: &mut Self::Context) {
        *self.shared.providers.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(p);
    }
}

impl Shared {
    /// The providers in use now.
    fn providers(&self) -> Arc<Providers> {
        self.providers.read().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl Handler<Status> for LlmGatewayActor {
    type Result = MessageResult<Status>;

    fn handle(&mut self, _: Status, _: &mut Self::Context) -> Self::Result {
        let s = &self.shared;
        let now = s.clock.now();
        let p = s.providers();
        MessageResult(
            p.slots
                .iter()
                .enumerate()
                .map(|(i, slot)| ProviderStatus {
                    name: slot.name.clone(),
                    model: slot.provider.model(),
                    // unwrap: the lock is never held across a panic point.
                    breaker: slot.breaker.lock().unwrap().state(now),
                    tiers: [(Tier::Banter, &p.banter), (Tier::Important, &p.important)]
                        .into_iter()
                        .filter(|(_, chain)| chain.contains(&i))
                        .map(|(t, _)| t)
                        .collect(),
                })
                .collect(),
        )
    }
}
