//! One typed `Settings`, one struct per concern. Layers: built-in defaults,
//! then a TOML file (`--config`, `$PIYASA_CONFIG`, or `./piyasa.toml` when it
//! exists), then `PIYASA_SECTION__KEY` environment variables. A bad value
//! fails at start with a message that names the key, and so does a key
//! Piyasa does not know, in any section.
//!
//! - `security`: `auth.*`, `people.*` and `metrics.*`.
//! - `env`: which `PIYASA_*` environment variables are Piyasa's keys.
//! - `unknown`: the check for unknown keys.
//! - `shown`: the effective configuration with each value's origin, secrets hidden.

mod env;
mod security;
mod shown;
mod unknown;

pub use shown::{Shown, leaves};

pub use security::{AuthSettings, MetricsSettings, PeopleSettings};

use actors::cache::CacheSettings;
use actors::gateway::{GatewayOptions, TierChains};
use actors::llm::{ChainKeys, ProviderConfig, ProviderKind, ProviderOptions, validate_chain};
use actors::market::{MarketSettings, NewsSettings};
use actors::room::RoomSettings;
use anyhow::{Context as _, bail};
use engine::budget::BudgetSettings;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub community: CommunityFileSettings,
    pub llm: LlmSettings,
    pub room: RoomSettings,
    pub market: MarketSettings,
    /// News feeds (`news.*`).
    #[serde(default)]
    pub news: NewsSettings,
    pub telemetry: TelemetrySettings,
    /// Put in front of every bot's display name; never empty.
    pub ai_marker: String,
    /// The guard: stance cap and disclaimer (`compliance.*`).
    #[serde(default)]
    pub compliance: engine::guard::settings::GuardSettings,
    /// Retention of people's messages and the /privacy text (`privacy.*`).
    #[serde(default)]
    pub privacy: actors::privacy::PrivacySettings,
    /// The Telegram channel (off by default).
    #[serde(default)]
    pub telegram: telegram::TelegramSettings,
    /// Operators' sessions and logins.
    #[serde(default)]
    pub auth: AuthSettings,
    /// Limits on the people's side (posting, streams, names).
    #[serde(default)]
    pub people: PeopleSettings,
    /// Who may read `/metrics`.
    #[serde(default)]
    pub metrics: MetricsSettings,
    /// Workers mode: several processes on one PostgreSQL database, rooms
    /// shared out by leases in Redis. Absent: one process runs every room.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redis: Option<actors::workers::RedisSettings>,
    /// Where each loaded value came from, and the value then (see `shown`).
    #[serde(skip)]
    pub origins: std::collections::BTreeMap<String, (String, serde_json::Value)>,
    /// `PIYASA_*` environment variables that are not Piyasa's keys (such as
    /// Kubernetes' service links `PIYASA_PORT`), left alone; names only.
    #[serde(skip)]
    pub ignored_env: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    pub host: String,
    /// 0 picks a free port (tests).
    pub port: u16,
    /// Cookies only over HTTPS (`Secure`): set it when Piyasa is served over TLS.
    #[serde(default)]
    pub secure_cookies: bool,
    /// `Strict-Transport-Security` max-age in seconds; 0 sends none (plain HTTP).
    #[serde(default)]
    pub hsts_max_age_secs: u64,
    /// Take the client's address from `X-Forwarded-For` (only behind a proxy that sets it).
    #[serde(default)]
    pub trust_forwarded_for: bool,
    /// The largest request body accepted (413 beyond).
    #[serde(default = "default_max_body")]
    pub max_body_bytes: usize,
    /// A request must arrive and be answered within this (408 beyond: a
    /// body sent too slowly). Streams are not cut.
    #[serde(default = "default_request_timeout")]
    pub request_timeout_ms: u64,
    /// Open connections in all (more wait in the queue); by default the
    /// open-file limit less a reserve for the store and logs.
    #[serde(default)]
    pub max_connections: Option<u32>,
}

fn default_request_timeout() -> u64 {
    30_000
}

fn default_max_body() -> usize {
    16 * 1024
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `sqlite://PATH` (embedded default) or `postgres://…`.
    pub url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommunityFileSettings {
    /// The community file applied at start; none means the bundled demo.
    pub file: Option<PathBuf>,
}

/// The LLM: either one provider from the flat keys, or a full `chain`.
// No `deny_unknown_fields` here: serde does not support it with `flatten`;
// `unknown::check` refuses unknown keys in every section instead.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LlmSettings {
    /// `local` (embedded GGUF model), `openai` (any OpenAI-compatible API) or `fake`.
    pub provider: ProviderKind,
    /// The provider's keys (`preset`, `base_url`, `model`, `api_key_env`,
    /// `model_path`, `threads`, `batch_threads`, `timeout_ms`, `price`), as in a chain entry.
    #[serde(flatten)]
    pub options: ProviderOptions,
    /// An explicit provider chain, tried in order; overrides the keys above.
    pub chain: Vec<ProviderConfig>,
    /// Which providers (by name, in order) answer each tier; empty: the whole chain.
    pub tiers: TierChains,
    /// Spending limits; the director degrades near them.
    pub budget: BudgetSettings,
    pub cache: CacheSettings,
    /// Append every answered call to DIR/calls.jsonl (`--record`).
    pub record: Option<PathBuf>,
    /// Answer only from a recording (`--replay`); no provider is asked.
    pub replay: Option<PathBuf>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelemetrySettings {
    /// Log filter (RUST_LOG syntax); `RUST_LOG` wins when set.
    pub log: String,
    /// OTLP/HTTP endpoint for traces, e.g. `http://127.0.0.1:4318` (Jaeger).
    pub otlp_endpoint: Option<String>,
    /// `text` (one readable line per event) or `json` (one JSON object per
    /// line, with the fields of the spans it happened in: request id, trace id).
    #[serde(default)]
    pub format: LogFormat,
    /// The share of messages whose trace is kept (0.0–1.0): each trace is
    /// kept or dropped whole, from its first span; a caller's sampled
    /// `traceparent` is followed.
    #[serde(default = "one")]
    pub sample_ratio: f64,
}

fn one() -> f64 {
    1.0
}

/// How log lines are written (`telemetry.format`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

/// The default embedded model file (`make model` fetches it).
pub const DEFAULT_MODEL_PATH: &str = "models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf";

impl Default for Settings {
    fn default() -> Self {
        Settings {
            server: ServerSettings {
                host: "127.0.0.1".into(),
                port: 8080,
                secure_cookies: false,
                hsts_max_age_secs: 0,
                trust_forwarded_for: false,
                max_body_bytes: default_max_body(),
                request_timeout_ms: default_request_timeout(),
                max_connections: None,
            },
            database: DatabaseSettings { url: "sqlite://piyasa.db".into() },
            community: CommunityFileSettings { file: None },
            llm: LlmSettings {
                provider: ProviderKind::Local,
                options: ProviderOptions {
                    model_path: Some(DEFAULT_MODEL_PATH.into()),
                    timeout_ms: 60_000,
                    ..ProviderOptions::default()
                },
                chain: Vec::new(),
                tiers: TierChains::default(),
                budget: BudgetSettings::default(),
                cache: CacheSettings::default(),
                record: None,
                replay: None,
            },
            room: RoomSettings::default(),
            market: MarketSettings::default(),
            news: NewsSettings::default(),
            // actix-http logs every malformed request from the network at ERROR (log
            // flooding by anyone); the client gets its 400 either way.
            telemetry: TelemetrySettings {
                log: "info,actix_http::h1::dispatcher=off".into(),
                otlp_endpoint: None,
                format: LogFormat::Text,
                sample_ratio: 1.0,
            },
            ai_marker: engine::DEFAULT_AI_MARKER.into(),
            compliance: Default::default(),
            privacy: Default::default(),
            telegram: telegram::TelegramSettings::default(),
            auth: AuthSettings::default(),
            people: PeopleSettings::default(),
            metrics: MetricsSettings::default(),
            redis: None,
            origins: Default::default(),
            ignored_env: Vec::new(),
        }
    }
}

impl Settings {
    /// Loads defaults < file < environment and validates the result.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Settings> {
        let mut fig = Figment::from(Serialized::defaults(Settings::default()));
        let env_file = std::env::var_os("PIYASA_CONFIG").map(PathBuf::from);
        match file.map(Path::to_path_buf).or(env_file) {
            Some(path) => {
                if !path.is_file() {
                    bail!("config file {} does not exist", path.display());
                }
                fig = fig.merge(Toml::file_exact(path));
            }
            None if Path::new("piyasa.toml").is_file() => fig = fig.merge(Toml::file_exact("piyasa.toml")),
            None => {}
        }
        let scalars = env::top_level_scalars();
        let env = Env::prefixed("PIYASA_").filter(move |k| env::own_key(k.as_str(), &scalars));
        fig = fig.merge(env.split("__"));
        let mut s: Settings = fig.extract().map_err(|e| anyhow::anyhow!("bad configuration: {e}"))?;
        let given: serde_json::Value = fig.extract().map_err(|e| anyhow::anyhow!("bad configuration: {e}"))?;
        let loaded = serde_json::to_value(&s)?;
        unknown::check(&given, &loaded)?;
        s.validate()?;
        s.origins = shown::origins(&fig, &loaded);
        s.ignored_env = env::ignored();
        Ok(s)
    }

    /// The effective configuration, key by key, with where each value came
    /// from; secrets are never in it.
    pub fn shown(&self) -> Vec<Shown> {
        shown::shown(&serde_json::to_value(self).unwrap_or_default(), &self.origins)
    }

    /// Checks what types alone cannot; errors name the key.
    pub fn validate(&self) -> anyhow::Result<()> {
        if self.ai_marker.trim().is_empty() {
            bail!("ai_marker: must not be empty (bots always carry an AI marker)");
        }
        let url = &self.database.url;
        if !(url.starts_with("sqlite://") || url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            bail!("database.url: '{}' must start with sqlite:// or postgres://", schema::store::redact(url));
        }
        if let Some(redis) = &self.redis {
            redis.validate().map_err(anyhow::Error::msg)?;
            if url.starts_with("sqlite://") {
                bail!(
                    "redis.url: workers share one PostgreSQL database; set database.url to postgres://… (SQLite is one process's file)"
                );
            }
        }
        self.live().validate()?;
        self.market.validate().map_err(anyhow::Error::msg)?;
        self.news.validate().map_err(anyhow::Error::msg)?;
        if !(0.0..=1.0).contains(&self.telemetry.sample_ratio) {
            bail!("telemetry.sample_ratio: must be within 0.0..=1.0, got {}", self.telemetry.sample_ratio);
        }
        if self.llm.options.timeout_ms == 0 {
            bail!("llm.timeout_ms: must be positive");
        }
        self.telegram.validate()?;
        self.privacy.validate()?;
        self.auth.validate()?;
        self.people.validate()?;
        if let Some(l) = &self.metrics.listen
            && l.parse::<std::net::SocketAddr>().is_err()
        {
            bail!("metrics.listen: '{l}' is not an address such as 127.0.0.1:9464");
        }
        if !(100..=600_000).contains(&self.server.request_timeout_ms) {
            bail!("server.request_timeout_ms: must be within 100..=600000, got {}", self.server.request_timeout_ms);
        }
        if let Some(n) = self.server.max_connections
            && !(16..=1_000_000).contains(&n)
        {
            bail!("server.max_connections: must be within 16..=1000000, got {n}");
        }
        if !(1024..=16 * 1024 * 1024).contains(&self.server.max_body_bytes) {
            bail!("server.max_body_bytes: must be within 1024..=16777216, got {}", self.server.max_body_bytes);
        }
        let providers = self.providers()?;
        let keys = if self.llm.chain.is_empty() { ChainKeys::Flat } else { ChainKeys::Chain };
        validate_chain(&providers, &self.llm.tiers, keys)?;
        if self.llm.record.is_some() && self.llm.replay.is_some() {
            bail!("llm.record and llm.replay: choose one (a replay asks no provider, so there is nothing to record)");
        }
        Ok(())
    }

    /// The settings that change at run time, as the file and environment
    /// give them (stored overrides go on top at start).
    pub fn live(&self) -> engine::control::LiveSettings {
        engine::control::LiveSettings {
            room: engine::control::RoomConfig { pacing: self.room.pacing.clone(), floor: self.room.floor.clone() },
            compliance: self.compliance.clone(),
            llm: engine::control::LiveLlm { budget: self.llm.budget },
            privacy: engine::control::LivePrivacy { retention_days: self.privacy.retention_days },
        }
    }

    /// The gateway's options (tiers, cache, record/replay) from `llm.*`.
    pub fn gateway_options(&self) -> GatewayOptions {
        GatewayOptions {
            tiers: self.llm.tiers.clone(),
            cache: self.llm.cache,
            record: self.llm.record.clone(),
            replay: self.llm.replay.clone(),
            ..GatewayOptions::default()
        }
    }

    /// The provider chain the gateway gets.
    pub fn providers(&self) -> anyhow::Result<Vec<ProviderConfig>> {
        if !self.llm.chain.is_empty() {
            return Ok(self.llm.chain.clone());
        }
        let l = &self.llm;
        let mut c = ProviderConfig::new(&format!("{:?}", l.provider).to_lowercase(), l.provider);
        c.options = l.options.clone();
        if l.provider != ProviderKind::Local {
            c.options.model_path = None;
        }
        if l.provider == ProviderKind::Local {
            // One inference thread: requests queue rather than compete for 2 cores.
            c.max_concurrency = 1;
        }
        if l.provider == ProviderKind::Openai && l.options.model.is_none() {
            bail!("llm.model: required when llm.provider = \"openai\"");
        }
        if l.provider == ProviderKind::Openai && l.options.base_url.is_none() && l.options.preset.is_none() {
            bail!("llm.base_url: set llm.base_url or llm.preset when llm.provider = \"openai\"");
        }
        Ok(vec![c])
    }

    /// The community file's text: the configured file, or the bundled demo.
    pub fn community_yaml(&self) -> anyhow::Result<String> {
        match &self.community.file {
            Some(path) => {
                std::fs::read_to_string(path).with_context(|| format!("community.file: cannot read {}", path.display()))
            }
            None => Ok(BUNDLED_COMMUNITY.to_string()),
        }
    }
}

/// The demo community shipped in the binary.
pub const BUNDLED_COMMUNITY: &str = include_str!("../../../data/community.yaml");

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod tests;
