//! Which `PIYASA_*` environment variables are Piyasa's own keys.
//!
//! A key is `PIYASA_SECTION__KEY` (two underscores between levels) or a
//! top-level value such as `PIYASA_AI_MARKER`. Other names with the prefix
//! are someone else's: Kubernetes injects `PIYASA_PORT=tcp://…`,
//! `PIYASA_SERVICE_HOST` and friends into every pod of a release named
//! `piyasa`. Those are not read (and not refused); a name with `__` always
//! is, so a mistyped section still stops the start, named.

use super::Settings;

/// The top-level keys that hold a value rather than a section.
pub fn top_level_scalars() -> Vec<String> {
    match serde_json::to_value(Settings::default()) {
        Ok(serde_json::Value::Object(top)) => top.into_iter().filter(|(_, v)| !v.is_object()).map(|(k, _)| k).collect(),
        _ => Vec::new(),
    }
}

/// Names Piyasa owns that are not configuration: `PIYASA_CONFIG` names the
/// file, `PIYASA_TEST_*` belong to the test suite.
fn reserved(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key == "config" || key.starts_with("test_")
}

/// Whether `key` (the name after `PIYASA_`) is read as configuration.
pub fn own_key(key: &str, scalars: &[String]) -> bool {
    !reserved(key) && (key.contains("__") || scalars.contains(&key.to_ascii_lowercase()))
}

/// The `PIYASA_*` variables of this process that are someone else's, by name.
pub fn ignored() -> Vec<String> {
    let scalars = top_level_scalars();
    let mut names: Vec<String> = std::env::vars_os()
        .filter_map(|(k, _)| k.into_string().ok())
        .filter(|k| k.strip_prefix("PIYASA_").is_some_and(|rest| !reserved(rest) && !own_key(rest, &scalars)))
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_and_top_level_values_are_read_and_service_links_are_not() {
        let scalars = top_level_scalars();
        assert_eq!(scalars, vec!["ai_marker".to_string()]);
        for read in ["SERVER__PORT", "LLM__CHAIN__0__MODEL", "AI_MARKER", "SERVR__PORT", "REDIS__URL"] {
            assert!(own_key(read, &scalars), "{read}");
        }
        for not in ["PORT", "PORT_8080_TCP_ADDR", "SERVICE_HOST", "SERVICE_PORT_HTTP", "CONFIG", "TEST_PG", "SERVER"] {
            assert!(!own_key(not, &scalars), "{not}");
        }
    }
}
