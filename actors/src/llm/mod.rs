//! Text generation providers. A provider turns a [`Prompt`] into text; the
//! gateway decides which one is asked, how often and for how long.
//!
//! - `openai`: any OpenAI-compatible endpoint through async-openai, with presets.
//! - `local`: the embedded llama.cpp model (feature `local-llm`).
//! - `fake`: deterministic canned text from the prompt, for simulations,
//!   benchmarks and offline demos; no network, no model.
//! - `replay`: answers from a `--record` directory, at zero cost; and the
//!   recorder that writes one.
//! - `validate`: checking a chain and its tiers (at start and at run time).

mod fake;
#[cfg(feature = "local-llm")]
mod local;
mod openai;
mod replay;
mod validate;

use engine::prompt::Prompt;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

pub use openai::preset_base_url;
pub use replay::{Recorder, ReplayProvider};
pub use validate::{ChainKeys, validate_chain};

/// Sampling temperature of every provider (part of the cache key).
pub const TEMPERATURE: f32 = 0.7;

/// What kind of provider a config entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// Any OpenAI-compatible chat-completions endpoint.
    Openai,
    /// The embedded local GGUF model.
    Local,
    /// Deterministic canned text.
    Fake,
}

/// How to reach and run one provider: the keys a `[[llm.chain]]` entry and
/// the flat `[llm]` section share.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ProviderOptions {
    /// For `openai`: a preset (openai, groq, gemini, openrouter, ollama, vllm, llamacpp)
    /// that fills in the base URL.
    pub preset: Option<String>,
    pub base_url: Option<String>,
    pub model: Option<String>,
    /// The key itself (prefer `api_key_env`); never logged or serialised.
    #[serde(skip_serializing)]
    pub api_key: Option<SecretString>,
    /// The environment variable holding the key.
    pub api_key_env: Option<String>,
    /// For `local`: the GGUF file.
    pub model_path: Option<PathBuf>,
    /// For `local`: generation threads; by default the machine's cores, at
    /// most 4 (2 generate 1.7 times as fast as 1 on a 2-core machine, and the
    /// web side still answers in milliseconds: docs/BENCHMARKS.md).
    pub threads: u32,
    /// For `local`: prompt-reading threads; by default the cores, at most 8.
    pub batch_threads: u32,
    /// Per-request timeout.
    pub timeout_ms: u64,
    /// Dollars per million tokens in and out (metering and money budgets).
    pub price: engine::budget::Price,
}

impl Default for ProviderOptions {
    fn default() -> Self {
        ProviderOptions {
            preset: None,
            base_url: None,
            model: None,
            api_key: None,
            api_key_env: None,
            model_path: None,
            threads: cores().min(4),
            batch_threads: cores().min(8),
            timeout_ms: 30_000,
            price: engine::budget::Price::default(),
        }
    }
}

/// The cores this process may use (1 when unknown).
fn cores() -> u32 {
    std::thread::available_parallelism().map_or(1, |n| n.get() as u32)
}

/// One provider in the chain (config `[[llm.chain]]`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProviderConfig {
    /// A label for logs, metrics and the console.
    pub name: String,
    pub kind: ProviderKind,
    #[serde(flatten)]
    pub options: ProviderOptions,
    /// Requests in flight at once.
    #[serde(default = "default_concurrency")]
    pub max_concurrency: usize,
    /// For `fake`: the lines it picks from (empty: its built-in dozen).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<String>,
}

fn default_concurrency() -> usize {
    4
}

impl ProviderConfig {
    /// A provider entry of `kind` with defaults.
    pub fn new(name: &str, kind: ProviderKind) -> Self {
        ProviderConfig {
            name: name.into(),
            kind,
            options: ProviderOptions::default(),
            max_concurrency: default_concurrency(),
            lines: Vec::new(),
        }
    }
}

/// A generated text and what it cost.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Completion {
    pub text: String,
    pub model: String,
    pub tokens_in: u32,
    pub tokens_out: u32,
}

/// Why a provider call failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProviderError {
    #[error("timed out")]
    Timeout,
    #[error("rate limited (HTTP 429)")]
    RateLimited { retry_after_ms: Option<i64> },
    #[error("HTTP {0}: {1}")]
    Status(u16, String),
    #[error("transport error: {0}")]
    Transport(String),
    #[error("malformed reply: {0}")]
    Malformed(String),
    #[error("empty reply")]
    Empty,
    #[error("not available: {0}")]
    Unavailable(String),
}

impl ProviderError {
    /// Whether trying the same provider again may help.
    pub fn retryable(&self) -> bool {
        match self {
            ProviderError::Timeout
            | ProviderError::RateLimited { .. }
            | ProviderError::Transport(_)
            | ProviderError::Malformed(_)
            | ProviderError::Empty => true,
            ProviderError::Status(code, _) => *code >= 500,
            ProviderError::Unavailable(_) => false,
        }
    }

    /// The server's `Retry-After`, if it sent one.
    pub fn retry_after_ms(&self) -> Option<i64> {
        match self {
            ProviderError::RateLimited { retry_after_ms } => *retry_after_ms,
            _ => None,
        }
    }
}

/// A configured provider.
pub enum Provider {
    OpenAi(Box<openai::OpenAiProvider>),
    #[cfg(feature = "local-llm")]
    Local(local::LocalProvider),
    Fake(fake::FakeProvider),
    Replay(ReplayProvider),
}

impl Provider {
    /// Builds a provider; a bad entry is an error naming the key.
    pub fn from_config(c: &ProviderConfig) -> anyhow::Result<Provider> {
        match c.kind {
            ProviderKind::Openai => Ok(Provider::OpenAi(Box::new(openai::OpenAiProvider::new(c)?))),
            ProviderKind::Fake => Ok(Provider::Fake(fake::FakeProvider::new(c))),
            #[cfg(feature = "local-llm")]
            ProviderKind::Local => Ok(Provider::Local(local::LocalProvider::start(c)?)),
            #[cfg(not(feature = "local-llm"))]
            ProviderKind::Local => anyhow::bail!(
                "llm.providers '{}': kind 'local' needs the embedded model, but this binary was built \
                 without the `local-llm` feature (use `make run`, or `cargo run --features local-llm`)",
                c.name
            ),
        }
    }

    /// The model name for metadata.
    pub fn model(&self) -> String {
        match self {
            Provider::OpenAi(p) => p.model.clone(),
            #[cfg(feature = "local-llm")]
            Provider::Local(p) => p.model.clone(),
            Provider::Fake(_) => "fake".into(),
            Provider::Replay(_) => "replay".into(),
        }
    }

    /// One call, without retries or timeout (the gateway adds those).
    pub async fn complete(&self, prompt: &Prompt, seed: u64) -> Result<Completion, ProviderError> {
        match self {
            Provider::OpenAi(p) => p.complete(prompt, seed).await,
            #[cfg(feature = "local-llm")]
            Provider::Local(p) => p.complete(prompt, seed).await,
            Provider::Fake(p) => p.complete(prompt, seed),
            Provider::Replay(p) => p.complete(prompt, seed),
        }
    }
}

/// Tokens of a text when the provider reports none (≈ 4 characters a token).
pub fn estimate_tokens(text: &str) -> u32 {
    (text.chars().count() as u32).div_ceil(4)
}

/// A stable 64-bit hash (FNV-1a) for seeds and cache keys.
pub fn fnv(bytes: &[u8]) -> u64 {
    fake::fnv1a(bytes)
}
