//! The providers a gateway asks: one slot per provider (its timeout,
//! circuit breaker, concurrency limit and price) and each tier's order over
//! them. An operator's new chain swaps in whole between two calls (calls in
//! flight finish on the old one); a provider whose entry did not change
//! keeps its slot, so its breaker state and a loaded local model carry over.

use super::TierChains;
use crate::llm::{Provider, ProviderConfig, ReplayProvider, fnv};
use engine::breaker::{BreakerSettings, CircuitBreaker};
use engine::budget::Price;
use secrecy::ExposeSecret;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub(super) struct Slot {
    pub(super) name: String,
    pub(super) provider: Provider,
    pub(super) timeout: Duration,
    pub(super) breaker: Mutex<CircuitBreaker>,
    /// The concurrency limit, served in the fair order.
    pub(super) permits: Arc<super::permits::FairPermits>,
    pub(super) price: Price,
    /// The entry it was built from (key included, hashed): same entry, same slot.
    identity: u64,
}

/// A chain of providers and the tiers' orders over it.
pub struct Providers {
    pub(super) slots: Vec<Arc<Slot>>,
    pub(super) banter: Vec<usize>,
    pub(super) important: Vec<usize>,
}

/// An entry's identity: its settings and its key (hashed, never kept).
fn identity(c: &ProviderConfig) -> u64 {
    // A provider entry is plain data: it always serialises (without its key).
    let mut text = serde_json::to_string(c).unwrap_or_default();
    if let Some(k) = &c.options.api_key {
        text.push_str(k.expose_secret());
    }
    fnv(text.as_bytes())
}

fn slot(name: String, provider: Provider, c: Option<&ProviderConfig>, breaker: BreakerSettings) -> Slot {
    Slot {
        name,
        provider,
        timeout: Duration::from_millis(c.map_or(60_000, |c| c.options.timeout_ms.max(1))),
        breaker: Mutex::new(CircuitBreaker::new(breaker)),
        permits: super::permits::FairPermits::new(c.map_or(64, |c| c.max_concurrency.max(1))),
        price: c.map_or_else(Price::default, |c| c.options.price),
        identity: c.map_or(0, identity),
    }
}

impl Providers {
    /// Builds every provider of `chain` (a local model loads here: call it
    /// off actor threads); those unchanged from `reuse` keep their slot.
    /// A bad entry or an unknown tier name is an error naming the key.
    pub fn build(
        chain: &[ProviderConfig],
        tiers: &TierChains,
        breaker: BreakerSettings,
        reuse: Option<&Providers>,
    ) -> anyhow::Result<Providers> {
        if chain.is_empty() {
            anyhow::bail!("llm.providers: at least one provider is required");
        }
        let slots = chain
            .iter()
            .map(|c| {
                let id = identity(c);
                if let Some(old) = reuse.and_then(|r| r.slots.iter().find(|s| s.identity == id && s.name == c.name)) {
                    return Ok(old.clone());
                }
                Ok(Arc::new(slot(c.name.clone(), Provider::from_config(c)?, Some(c), breaker)))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let resolve = |key: &str, names: &[String]| -> anyhow::Result<Vec<usize>> {
            if names.is_empty() {
                return Ok((0..slots.len()).collect());
            }
            names
                .iter()
                .map(|n| {
                    slots.iter().position(|s| &s.name == n).ok_or_else(|| {
                        let known: Vec<&str> = slots.iter().map(|s| s.name.as_str()).collect();
                        anyhow::anyhow!("llm.tiers.{key}: no provider named '{n}' (providers: {})", known.join(", "))
                    })
                })
                .collect()
        };
        let banter = resolve("banter", &tiers.banter)?;
        let important = resolve("important", &tiers.important)?;
        Ok(Providers { slots, banter, important })
    }

    /// One provider that answers from a recording, for every tier.
    pub(super) fn replay(replay: ReplayProvider, breaker: BreakerSettings) -> Providers {
        let slots = vec![Arc::new(slot("replay".into(), Provider::Replay(replay), None, breaker))];
        Providers { slots, banter: vec![0], important: vec![0] }
    }

    /// The providers' names, in chain order.
    pub fn names(&self) -> Vec<String> {
        self.slots.iter().map(|s| s.name.clone()).collect()
    }
}
