//! Loading and validating the configuration.

use super::*;

#[test]
fn defaults_are_valid() {
    Settings::default().validate().unwrap();
}

#[test]
fn a_bad_value_names_its_key() {
    let s = Settings { ai_marker: " ".into(), ..Settings::default() };
    assert!(s.validate().unwrap_err().to_string().starts_with("ai_marker"));
    let mut s = Settings::default();
    s.llm.provider = ProviderKind::Openai;
    assert!(s.validate().unwrap_err().to_string().contains("llm.model"));
    let mut s = Settings::default();
    s.database.url = "postgress:/piyasa:hunter2@db/piyasa".into();
    let e = s.validate().unwrap_err().to_string();
    assert!(e.starts_with("database.url") && !e.contains("hunter2"), "the password is never echoed: {e}");
    let mut s = Settings::default();
    s.room.pacing.mean_gap_ms = 0;
    assert!(s.validate().unwrap_err().to_string().contains("room.pacing.mean_gap_ms"));
    let mut s = Settings::default();
    s.llm.tiers.banter = vec!["groq".into()];
    let e = s.validate().unwrap_err().to_string();
    assert!(e.contains("llm.tiers.banter") && e.contains("'groq'") && e.contains("local"), "{e}");
    let mut s = Settings::default();
    s.llm.budget.room_daily_usd = f64::NAN;
    assert!(s.validate().unwrap_err().to_string().contains("llm.budget.room_daily_usd"));
    let mut s = Settings::default();
    s.llm.options.price.output_per_mtok = -1.0;
    assert!(s.validate().unwrap_err().to_string().contains("price"));
    for ratio in [1.5, -0.1, f64::NAN] {
        let mut s = Settings::default();
        s.telemetry.sample_ratio = ratio;
        assert!(s.validate().unwrap_err().to_string().starts_with("telemetry.sample_ratio"), "{ratio}");
    }
}

#[test]
#[expect(clippy::result_large_err, reason = "figment's Jail API returns its own error type")]
fn guard_and_privacy_keys_are_read_and_checked() {
    let mut s = Settings::default();
    assert_eq!(s.compliance.disclaimer_text, "yatırım tavsiyesi değildir");
    assert_eq!(s.privacy.retention_days, 30);
    s.compliance.stance_cap = 2.0;
    assert!(s.validate().unwrap_err().to_string().starts_with("compliance.stance_cap"));
    let s = Settings {
        privacy: actors::privacy::PrivacySettings { retention_days: 0, ..Default::default() },
        ..Settings::default()
    };
    assert!(s.validate().unwrap_err().to_string().starts_with("privacy.retention_days"));
    figment::Jail::expect_with(|jail| {
        jail.create_file("g.toml", "[compliance]\ndisclaimer = \"ticker_mentions\"\n[privacy]\nretention_days = 7\n")?;
        let s = Settings::load(Some(Path::new("g.toml"))).unwrap();
        assert_eq!(s.compliance.disclaimer, engine::guard::disclaimer::DisclaimerPolicy::TickerMentions);
        assert_eq!(s.privacy.retention_days, 7);
        jail.create_file("bad.toml", "[compliance]\ndisclaimer = \"always\"\n")?;
        let e = Settings::load(Some(Path::new("bad.toml"))).unwrap_err().to_string();
        assert!(e.contains("disclaimer") && e.contains("always"), "{e}");
        Ok(())
    });
}

#[test]
#[expect(clippy::result_large_err, reason = "figment's Jail API returns its own error type")]
fn files_and_env_override_defaults_and_typos_are_refused() {
    figment::Jail::expect_with(|jail| {
        jail.create_file("p.toml", "[server]\nport = 9999\n[llm]\nprovider = \"fake\"\n")?;
        jail.set_env("PIYASA_DATABASE__URL", "sqlite://x.db");
        jail.set_env("PIYASA_TEST_MODEL", "ignored by the app");
        let s = Settings::load(Some(Path::new("p.toml"))).unwrap();
        assert_eq!((s.server.port, s.database.url.as_str()), (9999, "sqlite://x.db"));
        jail.set_env("PIYASA_SERVER__PORT", "not-a-port");
        let e = Settings::load(Some(Path::new("p.toml"))).unwrap_err().to_string();
        assert!(e.contains("port"), "{e}");
        jail.set_env("PIYASA_SERVER__PORT", "8081");
        jail.create_file("typo.toml", "[server]\nprot = 1\n")?;
        let e = Settings::load(Some(Path::new("typo.toml"))).unwrap_err().to_string();
        assert!(e.contains("prot"), "{e}");
        Ok(())
    });
}

#[test]
#[expect(clippy::result_large_err, reason = "figment's Jail API returns its own error type")]
fn kubernetes_service_links_are_not_read_and_a_mistyped_section_is_refused() {
    figment::Jail::expect_with(|jail| {
        // What a pod of a release named `piyasa` gets from its Service.
        jail.set_env("PIYASA_PORT", "tcp://10.0.0.1:8080");
        jail.set_env("PIYASA_PORT_8080_TCP_ADDR", "10.0.0.1");
        jail.set_env("PIYASA_SERVICE_HOST", "10.0.0.1");
        jail.set_env("PIYASA_SERVICE_PORT_HTTP", "8080");
        jail.set_env("PIYASA_SERVER__PORT", "9090");
        jail.set_env("PIYASA_AI_MARKER", "(YZ)");
        let s = Settings::load(None).unwrap();
        assert_eq!((s.server.port, s.ai_marker.as_str()), (9090, "(YZ)"));
        assert!(s.ignored_env.contains(&"PIYASA_PORT".to_string()), "{:?}", s.ignored_env);
        assert!(s.ignored_env.contains(&"PIYASA_SERVICE_HOST".to_string()), "{:?}", s.ignored_env);
        assert!(!s.ignored_env.iter().any(|k| k.contains("__") || k == "PIYASA_AI_MARKER"), "{:?}", s.ignored_env);
        jail.set_env("PIYASA_SERVR__PORT", "1");
        let e = Settings::load(None).unwrap_err().to_string();
        assert!(e.contains("servr"), "{e}");
        Ok(())
    });
}

#[test]
#[expect(clippy::result_large_err, reason = "figment's Jail API returns its own error type")]
fn unknown_keys_in_nested_sections_and_chain_entries_are_refused_by_path() {
    figment::Jail::expect_with(|jail| {
        jail.create_file("pacing.toml", "[room.pacing]\nmean_gap_ms = 1000\nmin_gap_ms = 500\nmean_gap = 3\n")?;
        let e = Settings::load(Some(Path::new("pacing.toml"))).unwrap_err().to_string();
        assert!(e.contains("room.pacing.mean_gap") && e.contains("unknown"), "{e}");
        jail.create_file(
            "chain.toml",
            "[[llm.chain]]\nname = \"a\"\nkind = \"fake\"\nmodle = \"x\"\napi_key = \"sk-secret\"\n",
        )?;
        let e = Settings::load(Some(Path::new("chain.toml"))).unwrap_err().to_string();
        assert!(e.starts_with("llm.chain[0].modle: unknown configuration key"), "{e}");
        assert!(!e.contains("sk-secret"), "{e}");
        jail.create_file("flat.toml", "[llm]\nprovider = \"openai\"\npreset = \"groq\"\nmodel = \"m\"\nthreds = 2\n")?;
        let e = Settings::load(Some(Path::new("flat.toml"))).unwrap_err().to_string();
        assert!(e.starts_with("llm.threds: unknown configuration key"), "{e}");
        jail.create_file("ok.toml", "[llm]\nprovider = \"openai\"\npreset = \"groq\"\nmodel = \"m\"\nthreads = 2\n")?;
        let s = Settings::load(Some(Path::new("ok.toml"))).unwrap();
        let p = &s.providers().unwrap()[0];
        assert_eq!(
            (p.options.model.as_deref(), p.options.threads, p.options.model_path.as_ref()),
            (Some("m"), 2, None)
        );
        Ok(())
    });
}

#[test]
#[expect(clippy::result_large_err, reason = "figment's Jail API returns its own error type")]
fn market_and_news_keys_are_read_and_checked_by_name() {
    figment::Jail::expect_with(|jail| {
        jail.create_file(
            "m.toml",
            r#"
[market]
allow_simulated_telegram = true
[[market.adapters]]
name = "exchange"
kind = "binance"
url = "https://api.example.com/api/v3/ticker/24hr"
symbols = { BTCUSD = "BTCUSDT" }
[[market.adapters]]
name = "tcmb"
kind = "tcmb"
url = "https://www.example.com/kurlar/today.xml"
interval_ms = 3600000
symbols = { USDTRY = "USD", EURTRY = "EUR" }
[news]
interval_ms = 600000
[[news.feeds]]
name = "ekonomi"
url = "https://example.com/rss"
"#,
        )?;
        let s = Settings::load(Some(Path::new("m.toml"))).unwrap();
        assert!(s.market.allow_simulated_telegram);
        assert_eq!(s.market.adapters[1].symbols["EURTRY"], "EUR");
        assert_eq!(s.news.feeds[0].name, "ekonomi");
        jail.create_file("bad.toml", "[[market.adapters]]\nname = \"x\"\nkind = \"json\"\nurl = \"https://e.com\"\nsymbols = { THYAO = \"last\" }\n")?;
        let e = Settings::load(Some(Path::new("bad.toml"))).unwrap_err().to_string();
        assert!(e.contains("market.adapters[0].symbols.THYAO") && e.contains("JSON Pointer"), "{e}");
        jail.create_file("typo.toml", "[[news.feeds]]\nname = \"a\"\nurl = \"https://e.com\"\nintervall_ms = 5\n")?;
        let e = Settings::load(Some(Path::new("typo.toml"))).unwrap_err().to_string();
        assert!(e.contains("intervall_ms"), "{e}");
        jail.create_file(
            "kind.toml",
            "[[market.adapters]]\nname = \"x\"\nkind = \"yahoo\"\nurl = \"https://e.com\"\nsymbols = {}\n",
        )?;
        let e = Settings::load(Some(Path::new("kind.toml"))).unwrap_err().to_string();
        assert!(e.contains("yahoo"), "{e}");
        Ok(())
    });
    let mut s = Settings::default();
    s.news.interval_ms = 1_000;
    assert!(s.validate().unwrap_err().to_string().starts_with("news.interval_ms: at least 10000"));
}
