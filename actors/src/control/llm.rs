//! The LLM provider chain while Piyasa runs: an operator replaces the chain
//! (providers, their prices and timeouts) and the tiers' orders; the
//! gateway swaps it in between two calls. Budgets are run-time settings
//! (`llm.budget.*`, see `settings`). The chain is stored in the `settings`
//! table (`llm.providers`) and wins over the file after a restart; a key
//! given at run time is stored only encrypted (`llm.keys`, sealed with
//! `telegram.token_key`) and is never shown again.

use super::ControlError;
use crate::Community;
use crate::gateway::{LlmGatewayActor, TierChains};
use crate::llm::{ChainKeys, ProviderConfig, validate_chain};
use crate::secrets::TokenCipher;
use schema::Store;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::PoisonError;

/// Where the operator's chain is stored (without keys).
pub const CHAIN_KEY: &str = "llm.providers";
/// Where the keys given at run time are stored, encrypted, by provider name.
pub const KEYS_KEY: &str = "llm.keys";

/// A provider chain and its tiers, as an operator sets it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LlmChain {
    pub chain: Vec<ProviderConfig>,
    #[serde(default)]
    pub tiers: TierChains,
}

/// One provider as shown: its entry without any key, and whether it has one.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderView {
    #[serde(flatten)]
    pub config: ProviderConfig,
    /// A key is set (given at run time, or read from `api_key_env`).
    pub has_key: bool,
}

/// The chain in use as the console shows it. Never holds a key.
#[derive(Debug, Clone, Serialize)]
pub struct LlmView {
    pub chain: Vec<ProviderView>,
    pub tiers: TierChains,
    /// An operator's chain (stored), not the file's.
    pub stored: bool,
}

/// The chain in use (keys in memory only) and whether it is an operator's.
#[derive(Debug, Clone, Default)]
pub(crate) struct LlmState {
    pub(crate) chain: LlmChain,
    pub(crate) stored: bool,
    /// The file's chain, for a reset.
    pub(crate) file: LlmChain,
}

fn key_owner(provider: &str) -> String {
    format!("llm:{provider}")
}

/// The operator's chain from the store, keys decrypted; none when none is stored.
pub(crate) async fn load_stored(store: &Store, sealer: Option<&TokenCipher>) -> anyhow::Result<Option<LlmChain>> {
    let Some(json) = store.setting(CHAIN_KEY).await? else { return Ok(None) };
    let mut chain: LlmChain = serde_json::from_str(&json)?;
    let keys: BTreeMap<String, String> = match store.setting(KEYS_KEY).await? {
        Some(k) => serde_json::from_str(&k)?,
        None => BTreeMap::new(),
    };
    for c in &mut chain.chain {
        if let Some(sealed) = keys.get(&c.name) {
            let sealer = sealer.ok_or_else(|| {
                anyhow::anyhow!("telegram.token_key: needed to open the stored key of provider '{}'", c.name)
            })?;
            c.options.api_key = Some(sealer.decrypt(&key_owner(&c.name), sealed)?);
        }
    }
    validate_chain(&chain.chain, &chain.tiers, ChainKeys::Chain)?;
    Ok(Some(chain))
}

impl Community {
    /// The provider chain in use and its tiers; keys are never included.
    pub fn llm_config(&self) -> LlmView {
        let s = self.llm.lock().unwrap_or_else(PoisonError::into_inner);
        let chain = s
            .chain
            .chain
            .iter()
            .map(|c| {
                let has_key = c.options.api_key.is_some()
                    || c.options.api_key_env.as_ref().is_some_and(|v| std::env::var_os(v).is_some());
                let mut config = c.clone();
                config.options.api_key = None;
                ProviderView { config, has_key }
            })
            .collect();
        LlmView { chain, tiers: s.chain.tiers.clone(), stored: s.stored }
    }

    /// Replaces the provider chain and tiers: checked, every provider built
    /// (a provider whose entry did not change keeps its breaker state and
    /// loaded model), stored, then swapped in for the next call. A key given
    /// in `api_key` is stored encrypted; an entry without `api_key` or
    /// `api_key_env` keeps the key its namesake in use has (a price change
    /// needs no key again). Refuses, naming the key: an entry
    /// `validate_chain` refuses (`llm.chain[1].model`, `llm.tiers.banter`),
    /// a provider that does not build, a key when no `telegram.token_key` is
    /// set to seal it; and a change while the gateway replays a recording.
    pub async fn set_llm(&self, mut next: LlmChain) -> Result<LlmView, ControlError> {
        validate_chain(&next.chain, &next.tiers, ChainKeys::Chain)?;
        let _one = self.changes.lock().await;
        let current = self.llm.lock().unwrap_or_else(PoisonError::into_inner).chain.clone();
        let mut sealed = BTreeMap::new();
        for (i, c) in next.chain.iter_mut().enumerate() {
            if c.options.api_key.is_none() && c.options.api_key_env.is_none() {
                let same = current.chain.iter().find(|o| o.name == c.name);
                c.options.api_key = same.and_then(|o| o.options.api_key.clone());
            }
            if let Some(key) = &c.options.api_key {
                let sealer = self.sealer.as_ref().ok_or_else(|| {
                    ControlError::invalid(
                        format!("llm.chain[{i}].api_key"),
                        "a key given at run time is stored encrypted with telegram.token_key, which is not set; \
                         set it, or name an environment variable in api_key_env",
                    )
                })?;
                let cipher = sealer
                    .encrypt(&key_owner(&c.name), key)
                    .map_err(|e| ControlError::Internal(format!("sealing a key: {e}")))?;
                sealed.insert(c.name.clone(), cipher);
            }
        }
        let providers = LlmGatewayActor::prepare(&self.gateway, next.chain.clone(), next.tiers.clone())
            .await
            .map_err(|e| ControlError::invalid("llm.chain", format!("{e:#}")))?;
        // serde leaves every api_key out: the stored chain holds no key.
        let json = serde_json::to_string(&next).map_err(|e| ControlError::Internal(e.to_string()))?;
        let keys = serde_json::to_string(&sealed).map_err(|e| ControlError::Internal(e.to_string()))?;
        let set = [(CHAIN_KEY.to_string(), json), (KEYS_KEY.to_string(), keys)];
        self.store.change_settings(&[], &set, self.clock.now().0).await?;
        LlmGatewayActor::swap(&self.gateway, providers).await.map_err(|e| ControlError::Internal(format!("{e:#}")))?;
        {
            let mut s = self.llm.lock().unwrap_or_else(PoisonError::into_inner);
            s.chain = next;
            s.stored = true;
        }
        Ok(self.llm_config())
    }

    /// Drops the operator's chain: the file's applies again (built, then
    /// swapped in), and the stored chain and keys are removed.
    pub async fn reset_llm(&self) -> Result<LlmView, ControlError> {
        let _one = self.changes.lock().await;
        let file = self.llm.lock().unwrap_or_else(PoisonError::into_inner).file.clone();
        let providers = LlmGatewayActor::prepare(&self.gateway, file.chain.clone(), file.tiers.clone())
            .await
            .map_err(|e| ControlError::invalid("llm.chain", format!("{e:#}")))?;
        let remove = [CHAIN_KEY.to_string(), KEYS_KEY.to_string()];
        self.store.change_settings(&remove, &[], self.clock.now().0).await?;
        LlmGatewayActor::swap(&self.gateway, providers).await.map_err(|e| ControlError::Internal(format!("{e:#}")))?;
        {
            let mut s = self.llm.lock().unwrap_or_else(PoisonError::into_inner);
            s.chain = file;
            s.stored = false;
        }
        Ok(self.llm_config())
    }
}
