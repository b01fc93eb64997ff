//! Checking a provider chain and its tiers before anything is built: at
//! start (`web::settings`) and when an operator changes the chain at run
//! time. Errors name the key (`llm.chain[1].model`, `llm.tiers.banter`)
//! and never contain a key.

use super::{ProviderConfig, ProviderKind, preset_base_url};
use crate::gateway::TierChains;
use engine::budget::Price;
use engine::control::SettingError;

/// How the chain was written: one provider from the flat `llm.*` keys, or `llm.chain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainKeys {
    Flat,
    Chain,
}

impl ChainKeys {
    fn key(self, i: usize, field: &str) -> String {
        match self {
            ChainKeys::Flat => format!("llm.{field}"),
            ChainKeys::Chain => format!("llm.chain[{i}].{field}"),
        }
    }
}

/// Checks every entry and the tiers' provider names.
pub fn validate_chain(chain: &[ProviderConfig], tiers: &TierChains, keys: ChainKeys) -> Result<(), SettingError> {
    if chain.is_empty() {
        return Err(SettingError::new("llm.chain", "at least one provider is required"));
    }
    for (i, c) in chain.iter().enumerate() {
        let bad = |field: &str, problem: String| Err(SettingError::new(keys.key(i, field), problem));
        let name = c.name.trim();
        if name.is_empty() || name.len() > 64 || name != c.name {
            return bad("name", "must be 1 to 64 characters without surrounding spaces".into());
        }
        if chain[..i].iter().any(|o| o.name == c.name) {
            return bad("name", format!("'{}' names two providers", c.name));
        }
        if c.options.timeout_ms == 0 {
            return bad("timeout_ms", "must be positive".into());
        }
        if c.max_concurrency == 0 {
            return bad("max_concurrency", "must be at least 1".into());
        }
        let Price { input_per_mtok: a, output_per_mtok: b } = c.options.price;
        if !(a.is_finite() && b.is_finite() && a >= 0.0 && b >= 0.0) {
            return bad(
                "price",
                format!("provider '{}': prices must be 0 or positive dollars per million tokens", c.name),
            );
        }
        match c.kind {
            ProviderKind::Openai => {
                if c.options.model.as_deref().is_none_or(|m| m.trim().is_empty()) {
                    return bad("model", "required for kind \"openai\"".into());
                }
                match (&c.options.base_url, &c.options.preset) {
                    (Some(url), _) if !(url.starts_with("http://") || url.starts_with("https://")) => {
                        return bad("base_url", "must start with http:// or https://".into());
                    }
                    (None, Some(p)) if preset_base_url(p).is_none() => {
                        return bad(
                            "preset",
                            format!("unknown preset '{p}' (openai, groq, gemini, openrouter, ollama, vllm, llamacpp)"),
                        );
                    }
                    (None, None) => return bad("base_url", "set base_url or preset for kind \"openai\"".into()),
                    _ => {}
                }
                if let Some(var) = &c.options.api_key_env
                    && (var.is_empty() || !var.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_'))
                {
                    return bad("api_key_env", "must name an environment variable (A-Z, 0-9, _)".into());
                }
            }
            ProviderKind::Local if c.options.model_path.is_none() => {
                return bad("model_path", "required for kind \"local\"".into());
            }
            ProviderKind::Local | ProviderKind::Fake => {}
        }
    }
    for (key, names) in [("banter", &tiers.banter), ("important", &tiers.important)] {
        if let Some(n) = names.iter().find(|n| !chain.iter().any(|p| &p.name == *n)) {
            let known: Vec<&str> = chain.iter().map(|p| p.name.as_str()).collect();
            return Err(SettingError::new(
                format!("llm.tiers.{key}"),
                format!("no provider named '{n}' (providers: {})", known.join(", ")),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn openai(name: &str) -> ProviderConfig {
        let mut c = ProviderConfig::new(name, ProviderKind::Openai);
        c.options.preset = Some("groq".into());
        c.options.model = Some("m".into());
        c
    }

    #[test]
    fn a_good_chain_passes_and_each_bad_entry_names_its_key() {
        let tiers = TierChains { banter: vec!["b".into()], important: vec!["a".into()] };
        validate_chain(&[openai("a"), openai("b")], &tiers, ChainKeys::Chain).unwrap();
        type Change = fn(&mut ProviderConfig);
        let cases: Vec<(Change, &str)> = vec![
            (|c| c.options.model = None, "llm.chain[1].model"),
            (|c| c.options.preset = Some("nope".into()), "llm.chain[1].preset"),
            (|c| (c.options.preset, c.options.base_url) = (None, None), "llm.chain[1].base_url"),
            (|c| c.options.base_url = Some("ftp://x".into()), "llm.chain[1].base_url"),
            (|c| c.options.timeout_ms = 0, "llm.chain[1].timeout_ms"),
            (|c| c.options.price.input_per_mtok = f64::NAN, "llm.chain[1].price"),
            (|c| c.name = "a".into(), "llm.chain[1].name"),
            (|c| c.options.api_key_env = Some("MY KEY".into()), "llm.chain[1].api_key_env"),
        ];
        for (change, key) in cases {
            let mut b = openai("b");
            change(&mut b);
            let e = validate_chain(&[openai("a"), b], &TierChains::default(), ChainKeys::Chain).unwrap_err();
            assert_eq!(e.key, key, "{e}");
        }
        let e = validate_chain(&[openai("a")], &tiers, ChainKeys::Chain).unwrap_err();
        assert_eq!(e.key, "llm.tiers.banter");
        assert!(e.problem.contains("'b'") && e.problem.contains("providers: a"), "{e}");
        assert_eq!(validate_chain(&[], &tiers, ChainKeys::Chain).unwrap_err().key, "llm.chain");
        let mut flat = openai("openai");
        flat.options.model = None;
        assert_eq!(validate_chain(&[flat], &TierChains::default(), ChainKeys::Flat).unwrap_err().key, "llm.model");
    }
}
