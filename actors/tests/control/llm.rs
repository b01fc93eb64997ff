//! The LLM provider chain changed at run time, on the wall clock against
//! fake OpenAI-compatible servers.

use actors::ControlError;
use actors::clock::Clock;
use actors::control::LlmChain;
use actors::gateway::{Generate, TierChains};
use actors::llm::{ProviderConfig, ProviderKind, ProviderOptions};
use actors::secrets::TokenCipher;
use actors::{Community, CommunitySettings};
use engine::budget::{Price, Tier};
use engine::prompt::Prompt;
use fakes::FakeLlm;
use schema::Store;
use secrecy::SecretString;

const KEY: &str = "sk-run-time-key-0123456789";

fn provider(name: &str, llm: &FakeLlm, key: Option<&str>) -> ProviderConfig {
    let options = ProviderOptions {
        base_url: Some(llm.base_url()),
        model: Some(format!("model-{name}")),
        api_key: key.map(|k| SecretString::from(k.to_string())),
        timeout_ms: 2_000,
        ..ProviderOptions::default()
    };
    ProviderConfig { options, ..ProviderConfig::new(name, ProviderKind::Openai) }
}

/// A community with no rooms (so only the test asks the gateway).
async fn community(db: &std::path::Path, first: &FakeLlm, sealed: Option<SecretString>) -> Community {
    let store = Store::connect(&format!("sqlite://{}", db.join("llm.db").display())).await.unwrap();
    let settings = CommunitySettings { secret_key: sealed, ..CommunitySettings::default() };
    Community::start(store, &[provider("first", first, None)], settings, Clock::system()).await.unwrap()
}

async fn ask(c: &Community) -> String {
    let prompt = Prompt { system: "Kısa yaz.".into(), user: format!("soru {}", rand_suffix()), max_tokens: 32 };
    let g = c.gateway.send(Generate::new(prompt, 1, Tier::Important, None)).await.unwrap();
    g.expect("a provider answers").provider
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
}

#[actix::test]
async fn a_new_chain_answers_the_next_calls_and_its_key_is_never_stored_or_shown_in_clear() {
    let (a, b) = (FakeLlm::start(), FakeLlm::start());
    let dir = tempfile::tempdir().unwrap();
    let key = TokenCipher::new_key().unwrap();
    let c = community(dir.path(), &a, Some(key.clone())).await;
    assert_eq!(ask(&c).await, "first");
    let view = c
        .set_llm(LlmChain { chain: vec![provider("second", &b, Some(KEY))], tiers: TierChains::default() })
        .await
        .unwrap();
    assert!(view.stored && view.chain[0].has_key);
    let shown = serde_json::to_string(&view).unwrap();
    assert!(!shown.contains(KEY) && !format!("{view:?}").contains(KEY), "the key is shown: {shown}");
    let asked_first = a.request_count();
    assert_eq!(ask(&c).await, "second");
    assert_eq!(a.request_count(), asked_first, "the old provider is no longer asked");
    assert_eq!(b.requests().last().unwrap().authorization.as_deref(), Some(format!("Bearer {KEY}").as_str()));
    let stored = c.store.settings_all().await.unwrap();
    assert!(stored.iter().any(|(k, _)| k == "llm.providers"));
    assert!(stored.iter().all(|(_, v)| !v.contains(KEY)), "a key stored in clear: {stored:?}");

    // After a restart the stored chain (and its sealed key) is used, not the file's.
    drop(c);
    let c = community(dir.path(), &a, Some(key)).await;
    assert_eq!(ask(&c).await, "second");
    assert_eq!(b.requests().last().unwrap().authorization.as_deref(), Some(format!("Bearer {KEY}").as_str()));
    // Reset: the file's chain again.
    let view = c.reset_llm().await.unwrap();
    assert!(!view.stored && view.chain[0].config.name == "first");
    assert_eq!(ask(&c).await, "first");
    assert!(c.store.setting("llm.keys").await.unwrap().is_none());
}

#[actix::test]
async fn prices_and_tiers_change_live_without_giving_the_key_again() {
    let (a, b) = (FakeLlm::start(), FakeLlm::start());
    let dir = tempfile::tempdir().unwrap();
    let c = community(dir.path(), &a, Some(TokenCipher::new_key().unwrap())).await;
    let chain = vec![provider("cheap", &a, Some(KEY)), provider("best", &b, Some(KEY))];
    c.set_llm(LlmChain { chain, tiers: TierChains::default() }).await.unwrap();
    ask(&c).await;
    assert_eq!(c.meter.snapshot(c.clock.now()).usd, 0.0, "free at first");
    let mut priced = vec![provider("cheap", &a, None), provider("best", &b, None)];
    priced[1].options.price = Price { input_per_mtok: 1_000.0, output_per_mtok: 1_000.0 };
    let tiers = TierChains { banter: vec!["cheap".into()], important: vec!["best".into()] };
    let view = c.set_llm(LlmChain { chain: priced, tiers }).await.unwrap();
    assert!(view.chain.iter().all(|p| p.has_key), "the keys were kept");
    assert_eq!(ask(&c).await, "best", "the important tier now goes to 'best'");
    assert!(c.meter.snapshot(c.clock.now()).usd > 0.0, "the new price is metered");
    assert_eq!(b.requests().last().unwrap().authorization.as_deref(), Some(format!("Bearer {KEY}").as_str()));
}

#[actix::test]
async fn a_bad_chain_is_refused_by_key_and_changes_nothing() {
    let (a, b) = (FakeLlm::start(), FakeLlm::start());
    let dir = tempfile::tempdir().unwrap();
    let c = community(dir.path(), &a, None).await;
    let field = |e: ControlError| match e {
        ControlError::Invalid { field, problem } => {
            assert!(!problem.contains(KEY), "{problem}");
            field
        }
        other => panic!("{other:?}"),
    };
    let mut modelless = provider("second", &b, None);
    modelless.options.model = None;
    let cases = [
        (LlmChain { chain: vec![modelless], tiers: TierChains::default() }, "llm.chain[0].model"),
        (LlmChain { chain: vec![], tiers: TierChains::default() }, "llm.chain"),
        (
            LlmChain {
                chain: vec![provider("second", &b, None)],
                tiers: TierChains { banter: vec!["groq".into()], important: vec![] },
            },
            "llm.tiers.banter",
        ),
        // No telegram.token_key: a key given at run time could not be sealed.
        (
            LlmChain { chain: vec![provider("second", &b, Some(KEY))], tiers: TierChains::default() },
            "llm.chain[0].api_key",
        ),
    ];
    for (chain, key) in cases {
        assert_eq!(field(c.set_llm(chain).await.unwrap_err()), key);
    }
    let mut missing = provider("local", &b, None);
    missing.kind = ProviderKind::Local;
    missing.options.model_path = Some("/nonexistent/model.gguf".into());
    let e = c.set_llm(LlmChain { chain: vec![missing], tiers: TierChains::default() }).await.unwrap_err();
    assert!(matches!(e, ControlError::Invalid { .. }), "{e:?}");
    assert_eq!(ask(&c).await, "first", "the chain in use did not change");
    assert!(c.store.settings_all().await.unwrap().is_empty(), "nothing stored");
    assert!(!c.llm_config().stored);
}
