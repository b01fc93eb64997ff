//! The effective configuration as an operator may see it: every key with
//! its value and where the value came from (the built-in default, the TOML
//! file, a `PIYASA_*` environment variable, or the command line), secrets
//! never shown. Where each value came from is read from the figment that
//! loaded it ([`origins`]); a value the command line changed after loading
//! (`--db`, `--port`) is told by comparing with what was loaded.

use figment::Figment;
use figment::Source;
use serde_json::Value;
use std::collections::BTreeMap;

/// One key of the configuration.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Shown {
    /// `server.port`, `llm.providers`.
    pub key: String,
    /// As JSON text; `"(set)"` for a secret that is set.
    pub value: String,
    /// `default`, `file <path>`, `environment`, `command line`.
    pub origin: String,
}

/// Key names whose values are never shown.
const SECRET_KEYS: &[&str] = &["api_key", "token_key", "token", "password", "secret"];

/// The leaves of `v` as (dotted key, value); arrays and empty objects are
/// one value. The console's settings tables flatten with it too.
pub fn leaves(prefix: &str, v: &Value, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(o) if !o.is_empty() => {
            for (k, v) in o {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                leaves(&key, v, out);
            }
        }
        other => out.push((prefix.to_string(), other.clone())),
    }
}

/// Where each key of `loaded` (the settings as extracted from `fig`) came from.
pub fn origins(fig: &Figment, loaded: &Value) -> BTreeMap<String, (String, Value)> {
    let mut all = Vec::new();
    leaves("", loaded, &mut all);
    all.into_iter()
        .map(|(key, value)| {
            let origin = match fig.find_metadata(&key) {
                Some(m) => match &m.source {
                    Some(Source::File(p)) => format!("file {}", p.display()),
                    _ if m.name.contains("environment") => "environment".to_string(),
                    _ => "default".to_string(),
                },
                None => "default".to_string(),
            };
            (key, (origin, value))
        })
        .collect()
}

/// Every key of `now` with its value (secrets hidden, a database or Redis
/// URL's password redacted) and origin: from `loaded` when the value is still the
/// loaded one, else the command line.
pub fn shown(now: &Value, loaded: &BTreeMap<String, (String, Value)>) -> Vec<Shown> {
    let mut all = Vec::new();
    leaves("", now, &mut all);
    all.into_iter()
        .map(|(key, value)| {
            let origin = match loaded.get(&key) {
                Some((origin, was)) if *was == value => origin.clone(),
                Some(_) => "command line".to_string(),
                None => "default".to_string(),
            };
            let last = key.rsplit('.').next().unwrap_or_default();
            let value = if SECRET_KEYS.iter().any(|s| last.ends_with(s)) {
                if value.is_null() { "null".to_string() } else { "\"(set)\"".to_string() }
            } else if key == "database.url" || key == "redis.url" {
                Value::String(schema::store::redact(value.as_str().unwrap_or_default())).to_string()
            } else {
                value.to_string()
            };
            Shown { key, value, origin }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::settings::Settings;
    use std::path::Path;

    #[test]
    #[expect(clippy::result_large_err, reason = "figment's Jail API returns its own error type")]
    fn each_key_says_where_it_came_from_and_secrets_stay_hidden() {
        figment::Jail::expect_with(|jail| {
            jail.create_file("o.toml", "[server]\nport = 9090\n[llm]\napi_key = \"sk-gizli-anahtar-123\"\n")?;
            jail.set_env("PIYASA_PRIVACY__RETENTION_DAYS", "9");
            let mut s = Settings::load(Some(Path::new("o.toml"))).unwrap();
            s.database.url = "postgres://piyasa:parola@db/piyasa".into();
            let rows = s.shown();
            let find = |k: &str| rows.iter().find(|r| r.key == k).unwrap_or_else(|| panic!("no {k}")).clone();
            assert_eq!(
                (find("server.port").value.as_str(), find("server.port").origin.as_str()),
                ("9090", "file o.toml")
            );
            assert_eq!(find("privacy.retention_days").origin, "environment");
            assert_eq!(find("ai_marker").origin, "default");
            assert_eq!(find("database.url").origin, "command line");
            let all = serde_json::to_string(&rows).unwrap();
            assert!(!all.contains("sk-gizli") && !all.contains("parola"), "{all}");
            Ok(())
        });
    }
}
