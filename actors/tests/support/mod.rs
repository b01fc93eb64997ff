//! Shared by the gateway test binaries: an `openai` provider at a fake
//! server (with a key and a price), a started gateway with its meter, a prompt.

use actix::{Actor, Addr};
use actors::clock::Clock;
use actors::gateway::{GatewayOptions, LlmGatewayActor};
use actors::llm::{ProviderConfig, ProviderKind, ProviderOptions};
use actors::meter::Meter;
use engine::budget::Price;
use engine::prompt::Prompt;
use fakes::FakeLlm;
use secrecy::SecretString;

pub const KEY: &str = "sk-very-secret-0123456789";

pub fn openai(name: &str, llm: &FakeLlm) -> ProviderConfig {
    let options = ProviderOptions {
        base_url: Some(llm.base_url()),
        model: Some(format!("model-{name}")),
        api_key: Some(SecretString::from(KEY.to_string())),
        timeout_ms: 2_000,
        price: Price { input_per_mtok: 1.0, output_per_mtok: 4.0 },
        ..ProviderOptions::default()
    };
    ProviderConfig { options, ..ProviderConfig::new(name, ProviderKind::Openai) }
}

pub fn start(chain: &[ProviderConfig], o: &GatewayOptions) -> (Addr<LlmGatewayActor>, Meter) {
    let meter = Meter::default();
    let gw = LlmGatewayActor::build(chain, o, Clock::system(), meter.clone()).unwrap();
    (gw.start(), meter)
}

pub fn prompt(user: &str) -> Prompt {
    Prompt { system: "Sen bir piyasa sohbet botusun, kısa yaz.".into(), user: user.into(), max_tokens: 48 }
}
