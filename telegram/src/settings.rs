//! The channel's configuration (config section `[telegram]`).

use engine::telegram::limits::SendLimits;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// How updates reach Piyasa.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// `getUpdates` long polling (embedded setups, no public URL needed).
    Polling,
    /// Telegram posts to `webhook_base_url` + `/telegram/webhook/<bot>`.
    Webhook,
}

/// `[telegram]` settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TelegramSettings {
    /// Off by default: `make run` is the web room only.
    pub enabled: bool,
    /// The Bot API base URL (tests point it at the fake server).
    pub api_base_url: String,
    pub mode: Mode,
    /// Public base URL of this server (webhook mode), e.g. `https://piyasa.example.com`.
    pub webhook_base_url: Option<String>,
    /// 64 hex characters; bot tokens are encrypted with it at rest. Prefer the
    /// `PIYASA_TELEGRAM__TOKEN_KEY` environment variable to a file.
    #[serde(skip_serializing)]
    pub token_key: Option<SecretString>,
    /// Telegram's send limits.
    pub limits: SendLimits,
    /// Added to every limit window: the network's jitter must not turn an
    /// exact schedule into a 429.
    pub safety_margin_ms: i64,
    /// The typing action lasts about 5 s; it is sent again this often.
    pub typing_refresh_ms: i64,
    /// Pause between two bots' start-up calls (Telegram may limit new tokens).
    pub startup_stagger_ms: i64,
    /// Long-poll wait, seconds.
    pub poll_timeout_s: u32,
    /// Timeout of one ordinary request.
    pub request_timeout_ms: u64,
    /// Retries of network errors and 5xx answers: first delay, ceiling, tries.
    pub retry_base_ms: i64,
    pub retry_max_ms: i64,
    pub max_attempts: u32,
    /// After a 409 (another consumer of a bot's updates), the first wait
    /// before polling again; it doubles up to 16 times this.
    pub conflict_retry_ms: i64,
    /// The chance that a group message gets an emoji reaction from one of
    /// the room's bots (0 turns reactions off).
    pub reaction_chance: f64,
    /// One reaction per bot per this many seconds.
    pub reaction_gap_s: i64,
    /// A reaction comes within this long of the message (a person's moment).
    pub reaction_delay_ms: i64,
}

impl Default for TelegramSettings {
    fn default() -> Self {
        TelegramSettings {
            enabled: false,
            api_base_url: "https://api.telegram.org".into(),
            mode: Mode::Polling,
            webhook_base_url: None,
            token_key: None,
            limits: SendLimits::default(),
            safety_margin_ms: 100,
            typing_refresh_ms: 4_000,
            startup_stagger_ms: 1_000,
            poll_timeout_s: 30,
            request_timeout_ms: 10_000,
            retry_base_ms: 500,
            retry_max_ms: 30_000,
            max_attempts: 5,
            conflict_retry_ms: 15_000,
            reaction_chance: 0.15,
            reaction_gap_s: 600,
            reaction_delay_ms: 8_000,
        }
    }
}

impl TelegramSettings {
    /// Checks what types alone cannot; errors name the key.
    pub fn validate(&self) -> anyhow::Result<()> {
        if !(self.api_base_url.starts_with("http://") || self.api_base_url.starts_with("https://")) {
            anyhow::bail!("telegram.api_base_url: '{}' must start with http:// or https://", self.api_base_url);
        }
        self.limits.validate().map_err(|e| anyhow::anyhow!("telegram.limits: {e}"))?;
        if self.safety_margin_ms < 0 || self.typing_refresh_ms <= 0 || self.startup_stagger_ms < 0 {
            anyhow::bail!(
                "telegram: safety_margin_ms and startup_stagger_ms must not be negative, typing_refresh_ms must be positive"
            );
        }
        if self.request_timeout_ms == 0 || self.max_attempts == 0 || self.retry_base_ms <= 0 {
            anyhow::bail!("telegram: request_timeout_ms, max_attempts and retry_base_ms must be positive");
        }
        if !(0.0..=1.0).contains(&self.reaction_chance) {
            anyhow::bail!("telegram.reaction_chance: must be within 0.0..=1.0, got {}", self.reaction_chance);
        }
        if self.reaction_gap_s < 0 || self.reaction_delay_ms < 0 {
            anyhow::bail!("telegram: reaction_gap_s and reaction_delay_ms must not be negative");
        }
        if self.conflict_retry_ms <= 0 {
            anyhow::bail!("telegram.conflict_retry_ms: must be positive, got {}", self.conflict_retry_ms);
        }
        if self.enabled && self.mode == Mode::Webhook && self.webhook_base_url.is_none() {
            anyhow::bail!("telegram.webhook_base_url: required when telegram.mode = \"webhook\"");
        }
        if self.enabled && self.token_key.is_none() {
            anyhow::bail!("telegram.token_key: required when telegram.enabled (set PIYASA_TELEGRAM__TOKEN_KEY)");
        }
        Ok(())
    }

    /// The reaction rules for the engine.
    pub fn reaction_rules(&self) -> engine::telegram::reactions::ReactionRules {
        engine::telegram::reactions::ReactionRules { chance: self.reaction_chance, gap_ms: self.reaction_gap_s * 1000 }
    }

    /// The limits the scheduler applies: Telegram's plus the safety margin.
    pub fn scheduled_limits(&self) -> SendLimits {
        let m = self.safety_margin_ms;
        SendLimits {
            chat_gap_ms: self.limits.chat_gap_ms + m,
            group_window_ms: self.limits.group_window_ms + m,
            bot_window_ms: self.limits.bot_window_ms + m,
            ..self.limits
        }
    }
}
