//! Unknown keys anywhere in the configuration stop the start, named by their
//! full path (`llm.chain[0].modle`). serde's `deny_unknown_fields` cannot see
//! into flattened sections, so the check compares what was given with what
//! the typed settings read back: a key that did not survive the round trip
//! was not understood.

use serde_json::Value;

/// Keys that are read but never written back (secrets).
const WRITE_ONLY: [&str; 3] = ["api_key", "token_key", "token"];

/// Fails naming every key of `given` that `known` (the parsed settings,
/// serialised) does not have.
pub fn check(given: &Value, known: &Value) -> anyhow::Result<()> {
    let mut unknown = Vec::new();
    walk(given, known, "", &mut unknown);
    // Sorted: the same message whether JSON maps keep insertion order or not.
    unknown.sort();
    match unknown.as_slice() {
        [] => Ok(()),
        [one] => anyhow::bail!("{one}: unknown configuration key (see the configuration table in the README)"),
        many => {
            anyhow::bail!("{}: unknown configuration keys (see the configuration table in the README)", many.join(", "))
        }
    }
}

fn walk(given: &Value, known: &Value, path: &str, out: &mut Vec<String>) {
    match (given, known) {
        (Value::Object(g), Value::Object(k)) => {
            for (key, value) in g {
                let here = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                match k.get(key) {
                    Some(k) => walk(value, k, &here, out),
                    None if WRITE_ONLY.contains(&key.as_str()) => {}
                    None => out.push(here),
                }
            }
        }
        (Value::Array(g), Value::Array(k)) => {
            for (i, (g, k)) in g.iter().zip(k).enumerate() {
                walk(g, k, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_unknown_key_is_named_by_its_path_and_secrets_are_not_unknown() {
        let known = json!({"llm": {"model": null, "chain": [{"name": "a", "model": "m"}]}, "server": {"port": 1}});
        let given = json!({"llm": {"api_key": "x", "chain": [{"name": "a", "modle": "m", "api_key": "k"}]}, "server": {"port": 2}});
        let e = check(&given, &known).unwrap_err().to_string();
        assert!(e.starts_with("llm.chain[0].modle: unknown configuration key"), "{e}");
        let given = json!({"sever": {"port": 2}, "llm": {"modle": "x"}});
        let e = check(&given, &known).unwrap_err().to_string();
        assert!(e.starts_with("llm.modle, sever: unknown configuration keys"), "{e}");
        assert!(check(&json!({"llm": {"model": "x"}}), &known).is_ok());
    }
}
