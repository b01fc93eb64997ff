//! Any OpenAI-compatible chat-completions endpoint, through async-openai.
//! async-openai's own retry layer is left out: the gateway owns retries,
//! backoff and circuit breaking.

use super::{Completion, ProviderConfig, ProviderError, estimate_tokens};
use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_openai::middleware::{HttpRequestFactory, ReqwestService};
use async_openai::types::chat::{
    ChatCompletionRequestSystemMessage, ChatCompletionRequestUserMessage, CreateChatCompletionRequest,
};
use engine::prompt::Prompt;
use secrecy::ExposeSecret;
use std::pin::Pin;
use std::task::{Context, Poll};

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
        let base = match (&c.options.base_url, &c.options.preset) {
            (Some(url), _) => url.clone(),
            (None, Some(p)) => preset_base_url(p)
                .ok_or_else(|| anyhow::anyhow!("llm.providers '{}': preset: unknown preset '{p}' (openai, groq, gemini, openrouter, ollama, vllm, llamacpp)", c.name))?
                .to_string(),
            (None, None) => anyhow::bail!("llm.providers '{}': base_url: set base_url or preset", c.name),
        };
        let model = c
            .options
            .model
            .clone()
            .ok_or_else(|| anyhow::anyhow!("llm.providers '{}': model: required for kind 'openai'", c.name))?;
        let key = match (&c.options.api_key, &c.options.api_key_env) {
            (Some(k), _) => k.expose_secret().to_string(),
            (None, Some(var)) => std::env::var(var).map_err(|_| {
                anyhow::anyhow!("llm.providers '{}': api_key_env: environment variable {var} is not set", c.name)
            })?,
            (None, None) => String::new(),
        };
        let config = OpenAIConfig::new().with_api_base(base).with_api_key(key);
        let http = reqwest::Client::builder().build()?;
        let client = Client::with_config(config).with_http_service(Transport(ReqwestService::new(http)));
        Ok(OpenAiProvider { client, model })
    }

    pub async fn complete(&self, prompt: &Prompt, seed: u64) -> Result<Completion, ProviderError> {
        #[expect(deprecated, reason = "many OpenAI-compatible servers only read max_tokens")]
        let request = CreateChatCompletionRequest {
            model: self.model.clone(),
            messages: vec![
                ChatCompletionRequestSystemMessage::from(prompt.system.as_str()).into(),
                ChatCompletionRequestUserMessage::from(prompt.user.as_str()).into(),
            ],
            max_tokens: Some(prompt.max_tokens),
            temperature: Some(super::TEMPERATURE),
            seed: Some((seed & 0x7fff_ffff) as i64),
            ..Default::default()
        };
        let response = self.client.chat().create(request).await.map_err(map_error)?;
        let choice = response.choices.into_iter().next().ok_or(ProviderError::Empty)?;
        let text = choice.message.content.unwrap_or_default();
        if text.trim().is_empty() {
            return Err(ProviderError::Empty);
        }
        let (tokens_in, tokens_out) = match response.usage {
            Some(u) => (u.prompt_tokens, u.completion_tokens),
            None => (estimate_tokens(&prompt.system) + estimate_tokens(&prompt.user), estimate_tokens(&text)),
        };
        Ok(Completion { text, model: response.model, tokens_in, tokens_out })
    }
}

/// A 429 with the server's Retry-After (which async-openai's errors drop).
#[derive(Debug)]
struct RateLimited(Option<i64>);

impl std::fmt::Display for RateLimited {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rate limited, retry after {:?} ms", self.0)
    }
}

impl std::error::Error for RateLimited {}

/// The plain reqwest transport, reading `Retry-After` off 429 responses.
#[derive(Clone)]
struct Transport(ReqwestService);

type TransportFuture = Pin<Box<dyn Future<Output = Result<reqwest::Response, OpenAIError>> + Send>>;

impl tower::Service<HttpRequestFactory> for Transport {
    type Response = reqwest::Response;
    type Error = OpenAIError;
    type Future = TransportFuture;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), OpenAIError>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: HttpRequestFactory) -> Self::Future {
        let sent = self.0.call(request);
        Box::pin(async move {
            let response = sent.await?;
            if response.status().as_u16() == 429 {
                let after = response
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(retry_after_ms);
                return Err(OpenAIError::Boxed(Box::new(RateLimited(after))));
            }
            Ok(response)
        })
    }
}

/// `Retry-After` in seconds (HTTP dates are rare from these APIs and ignored).
fn retry_after_ms(value: &str) -> Option<i64> {
    value.trim().parse::<f64>().ok().filter(|s| s.is_finite() && *s >= 0.0).map(|s| (s * 1000.0) as i64)
}

fn map_error(e: OpenAIError) -> ProviderError {
    match e {
        OpenAIError::Boxed(b) => match b.downcast_ref::<RateLimited>() {
            Some(r) => ProviderError::RateLimited { retry_after_ms: r.0 },
            None => ProviderError::Transport(b.to_string().chars().take(200).collect()),
        },
        OpenAIError::ApiError(api) if api.status_code.as_u16() == 429 => {
            ProviderError::RateLimited { retry_after_ms: None }
        }
        OpenAIError::ApiError(api) => {
            ProviderError::Status(api.status_code.as_u16(), api.api_error.message.chars().take(200).collect())
        }
        OpenAIError::Reqwest(r) if r.is_timeout() => ProviderError::Timeout,
        OpenAIError::Reqwest(r) => match r.status() {
            Some(s) if s.as_u16() == 429 => ProviderError::RateLimited { retry_after_ms: None },
            Some(s) => ProviderError::Status(s.as_u16(), String::new()),
            None => ProviderError::Transport(r.to_string()),
        },
        OpenAIError::JSONDeserialize(err, _) => ProviderError::Malformed(err.to_string()),
        other => ProviderError::Transport(other.to_string().chars().take(200).collect()),
    }
}
