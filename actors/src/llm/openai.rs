//! Any OpenAI-compatible chat-completions endpoint, through async-openai.
//! async-openai's own retry layer is left out: the gateway owns retries,
//! backoff and circuit breaking.

use super::{Completion, ProviderConfig, ProviderError, estimate_tokens};
use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_openai::middleware::ReqwestService;
use async_openai::types::chat::{
    ChatCompletionRequestSystemMessage, ChatCompletionRequestUserMessage,
    CreateChatCompletionRequest,
};
use engine::prompt::Prompt;
use secrecy::ExposeSecret;

/// Base URLs of the known OpenAI-compatible services.
pub fn preset_base_url(preset: &str) -> Option<&'static str> {
    Some(match preset {
        "openai" => "https://api.openai.com/v1",
        "groq" => "https://api.groq.com/openai/v1",
        "gemini" => "https://generativelanguage.googleapis.com/v1beta/openai",
        "openrouter" => "https://openrouter.ai/api/v1",
        "ollama" => "http://127.0.0.1:11434/v1",
        "vllm" => "http://127.0.0.1:8000/v1",
        "llamacpp" => "http://127.0.0.1:8080/v1",
        _ => return None,
    })
}

pub struct OpenAiProvider {
    client: Client<OpenAIConfig>,
    pub model: String,
}

impl OpenAiProvider {
    pub fn new(c: &ProviderConfig) -> anyhow::Result<Self> {
        let base = match (&c.base_url, &c.preset) {
            (Some(url), _) => url.clone(),
            (None, Some(p)) => preset_base_url(p)
                .ok_or_else(|| anyhow::anyhow!("llm.providers '{}': preset: unknown preset '{p}' (openai, groq, gemini, openrouter, ollama, vllm, llamacpp)", c.name))?
                .to_string(),
            (None, None) => anyhow::bail!("llm.providers '{}': base_url: set base_url or preset", c.name),
        };
        let model = c.model.clone().ok_or_else(|| {
            anyhow::anyhow!(
                "llm.providers '{}': model: required for kind 'openai'",
                c.name
            )
        })?;
        let key = match (&c.api_key, &c.api_key_env) {
            (Some(k), _) => k.expose_secret().to_string(),
            (None, Some(var)) => std::env::var(var).map_err(|_| {
                anyhow::anyhow!(
                    "llm.providers '{}': api_key_env: environment variable {var} is not set",
                    c.name
                )
            })?,
            (None, None) => String::new(),
        };
        let config = OpenAIConfig::new().with_api_base(base).with_api_key(key);
        let http = reqwest::Client::builder().build()?;
        let client = Client::with_config(config).with_http_service(ReqwestService::new(http));
        Ok(OpenAiProvider { client, model })
    }

    pub async fn complete(&self, prompt: &Prompt, seed: u64) -> Result<Completion, ProviderError> {
        #[expect(
            deprecated,
            reason = "many OpenAI-compatible servers only read max_tokens"
        )]
        let request = CreateChatCompletionRequest {
            model: self.model.clone(),
            messages: vec![
                ChatCompletionRequestSystemMessage::from(prompt.system.as_str()).into(),
                ChatCompletionRequestUserMessage::from(prompt.user.as_str()).into(),
            ],
            max_tokens: Some(prompt.max_tokens),
            temperature: Some(0.8),
            seed: Some((seed & 0x7fff_ffff) as i64),
            ..Default::default()
        };
        let response = self
            .client
            .chat()
            .create(request)
            .await
            .map_err(map_error)?;
        let choice = response
            .choices
            .into_iter()
            .next()
            .ok_or(ProviderError::Empty)?;
        let text = choice.message.content.unwrap_or_default();
        if text.trim().is_empty() {
            return Err(ProviderError::Empty);
        }
        let (tokens_in, tokens_out) = match response.usage {
            Some(u) => (u.prompt_tokens, u.completion_tokens),
            None => (
                estimate_tokens(&prompt.system) + estimate_tokens(&prompt.user),
                estimate_tokens(&text),
            ),
        };
        Ok(Completion {
            text,
            model: response.model,
            tokens_in,
            tokens_out,
        })
    }
}

fn map_error(e: OpenAIError) -> ProviderError {
    match e {
        OpenAIError::ApiError(api) if api.status_code.as_u16() == 429 => {
            ProviderError::RateLimited {
                retry_after_ms: None,
            }
        }
        OpenAIError::ApiError(api) => ProviderError::Status(
            api.status_code.as_u16(),
            api.api_error.message.chars().take(200).collect(),
        ),
        OpenAIError::Reqwest(r) if r.is_timeout() => ProviderError::Timeout,
        OpenAIError::Reqwest(r) => match r.status() {
            Some(s) if s.as_u16() == 429 => ProviderError::RateLimited {
                retry_after_ms: None,
            },
            Some(s) => ProviderError::Status(s.as_u16(), String::new()),
            None => ProviderError::Transport(r.to_string()),
        },
        OpenAIError::JSONDeserialize(err, _) => ProviderError::Malformed(err.to_string()),
        other => ProviderError::Transport(other.to_string().chars().take(200).collect()),
    }
}
