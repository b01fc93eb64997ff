//! `piyasa config check`: the configuration `piyasa run` would start with,
//! loaded the same way (defaults < file < `PIYASA_*` environment) and
//! checked, without starting anything. A wrong key fails naming it; what can
//! only be known where Piyasa runs (a model file, a key's variable) is a note.

use anyhow::Context as _;
use web::settings::Settings;

/// Checks what `Settings::load` cannot (the community file parses) and
/// prints a summary with notes; an error names the key.
pub fn check(settings: &Settings) -> anyhow::Result<()> {
    let yaml = settings.community_yaml()?;
    let community = engine::community::Community::from_yaml(&yaml).context("community.file")?;
    let providers = settings.providers()?;
    println!("config ok");
    println!("  server: {}:{}", settings.server.host, settings.server.port);
    println!("  database: {}", schema::store::redact(&settings.database.url));
    println!("  llm: {}", llm_summary(settings)?);
    let file = settings.community.file.as_ref().map_or("the bundled demo".to_string(), |f| f.display().to_string());
    println!("  community: {file} (room {}, {} personas)", community.room.slug, community.personas.len());
    println!("  telegram: {}", if settings.telegram.enabled { "on" } else { "off" });
    match &settings.redis {
        Some(r) => println!(
            "  workers: on (redis {}, lease {} ms, address {})",
            schema::store::redact(&r.url),
            r.lease_ttl_ms,
            r.advertise_url.as_deref().unwrap_or("where the server listens")
        ),
        None => println!("  workers: off (one process runs every room)"),
    }
    if let Some(otlp) = &settings.telemetry.otlp_endpoint {
        println!("  traces: {otlp}");
    }
    if !settings.ignored_env.is_empty() {
        println!("  not read (not Piyasa keys): {}", settings.ignored_env.join(", "));
    }
    for p in &providers {
        if let Some(path) = &p.options.model_path
            && !path.is_file()
        {
            println!("  note: llm ({}): model_path {} is not a file here", p.name, path.display());
        }
        if let Some(var) = &p.options.api_key_env
            && std::env::var_os(var).is_none()
        {
            println!("  note: llm ({}): api_key_env {var} is not set here", p.name);
        }
    }
    Ok(())
}

/// The provider chain in one line: `name (model) → …`.
pub fn llm_summary(settings: &Settings) -> anyhow::Result<String> {
    let names: Vec<String> = settings
        .providers()?
        .iter()
        .map(|p| {
            let model =
                p.options.model.clone().or_else(|| p.options.model_path.as_ref().map(|m| m.display().to_string()));
            format!("{} ({})", p.name, model.unwrap_or_default())
        })
        .collect();
    Ok(names.join(" → "))
}
