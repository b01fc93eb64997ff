//! Editing a settings document by dotted key: the document is the settings'
//! own serialisation, so the keys are exactly the configuration file's. A key
//! the document does not have, or a value of another type, is refused with
//! the key; nothing is changed unless the whole change is valid.

use super::{SettingError, join_key};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Overrides on top of a base: leaf key → value, applied in key order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Overrides(pub BTreeMap<String, Value>);

impl Overrides {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `base` with every override applied; the first one that does not fit
    /// (unknown key, wrong type, value out of the type's range) is the error.
    pub fn apply<T: Serialize + DeserializeOwned>(&self, base: &T, prefix: &str) -> Result<T, SettingError> {
        let mut doc = to_doc(base);
        for (key, value) in &self.0 {
            set_leaf(&mut doc, key, value, prefix)?;
            // Parsed after each key, so a value out of range names its own key.
            from_doc::<T>(doc.clone(), key, prefix)?;
        }
        from_doc(doc, "", prefix)
    }

    /// These overrides with `changes` (leaf keys, see [`leaves`]) added.
    pub fn with(&self, changes: &[(String, Value)]) -> Overrides {
        let mut out = self.clone();
        for (k, v) in changes {
            out.0.insert(k.clone(), v.clone());
        }
        out
    }

    /// These overrides without `key` and everything under it; the keys removed.
    pub fn without(&self, key: &str) -> (Overrides, Vec<String>) {
        let under = |k: &str| k == key || key.is_empty() || k.starts_with(&format!("{key}."));
        let removed: Vec<String> = self.0.keys().filter(|k| under(k)).cloned().collect();
        let kept = self.0.iter().filter(|(k, _)| !under(k)).map(|(k, v)| (k.clone(), v.clone())).collect();
        (Overrides(kept), removed)
    }
}

/// Every leaf key of `value`'s document, dotted, in order.
pub(crate) fn leaf_keys<T: Serialize>(value: &T) -> Vec<String> {
    fn walk(v: &Value, prefix: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => m.iter().for_each(|(k, v)| walk(v, &join_key(prefix, k), out)),
            _ => out.push(prefix.to_string()),
        }
    }
    let mut out = Vec::new();
    walk(&to_doc(value), "", &mut out);
    out
}

/// The settings' serialisation (plain data always serialises).
pub(crate) fn to_doc<T: Serialize>(value: &T) -> Value {
    // unwrap: settings are plain data with string keys.
    serde_json::to_value(value).unwrap()
}

fn from_doc<T: DeserializeOwned>(doc: Value, key: &str, prefix: &str) -> Result<T, SettingError> {
    serde_json::from_value(doc).map_err(|e| SettingError::new(join_key(prefix, key), e.to_string()))
}

/// Splits a change into leaf keys known in `base`'s document: a key naming
/// a section takes an object and changes each key in it
/// (`{"pacing": {"mean_gap_ms": 20000}}` is `pacing.mean_gap_ms`).
pub fn leaves<T: Serialize>(
    base: &T,
    key: &str,
    value: &Value,
    prefix: &str,
) -> Result<Vec<(String, Value)>, SettingError> {
    let doc = to_doc(base);
    let mut out = Vec::new();
    collect(&doc, key, value, prefix, &mut out)?;
    if out.is_empty() {
        return Err(SettingError::new(join_key(prefix, key), "an empty change changes nothing"));
    }
    Ok(out)
}

fn collect(
    doc: &Value,
    key: &str,
    value: &Value,
    prefix: &str,
    out: &mut Vec<(String, Value)>,
) -> Result<(), SettingError> {
    let target = lookup(doc, key).ok_or_else(|| unknown(doc, key, prefix))?;
    match (target, value) {
        (Value::Object(_), Value::Object(fields)) => {
            for (k, v) in fields {
                collect(doc, &join_key(key, k), v, prefix, out)?;
            }
            Ok(())
        }
        (Value::Object(_), other) => Err(SettingError::new(
            join_key(prefix, key),
            format!("is a section: give an object of its keys, not {}", kind(other)),
        )),
        (old, new) => {
            check_kind(old, new).map_err(|p| SettingError::new(join_key(prefix, key), p))?;
            out.push((key.to_string(), new.clone()));
            Ok(())
        }
    }
}

fn lookup<'a>(doc: &'a Value, key: &str) -> Option<&'a Value> {
    if key.is_empty() {
        return Some(doc);
    }
    key.split('.').try_fold(doc, |v, part| v.as_object()?.get(part))
}

fn unknown(doc: &Value, key: &str, prefix: &str) -> SettingError {
    // Name the keys that exist where the unknown one was looked for.
    let parent = key.rsplit_once('.').map_or("", |(p, _)| p);
    let known: Vec<String> = lookup(doc, parent)
        .and_then(Value::as_object)
        .map(|m| m.keys().map(|k| join_key(&join_key(prefix, parent), k)).collect())
        .unwrap_or_default();
    let hint = if known.is_empty() { String::new() } else { format!(" (known here: {})", known.join(", ")) };
    SettingError::new(join_key(prefix, key), format!("not a setting that can change at run time{hint}"))
}

fn set_leaf(doc: &mut Value, key: &str, value: &Value, prefix: &str) -> Result<(), SettingError> {
    match lookup(doc, key) {
        None => return Err(unknown(doc, key, prefix)),
        Some(Value::Object(_)) => return Err(SettingError::new(join_key(prefix, key), "is a section, not a value")),
        Some(old) => check_kind(old, value).map_err(|p| SettingError::new(join_key(prefix, key), p))?,
    }
    if let Some(slot) = lookup_mut(doc, key) {
        *slot = value.clone();
    }
    Ok(())
}

fn lookup_mut<'a>(doc: &'a mut Value, key: &str) -> Option<&'a mut Value> {
    key.split('.').try_fold(doc, |v, part| v.as_object_mut()?.get_mut(part))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "a whole number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A new value must have the old one's type (an unset optional takes any).
fn check_kind(old: &Value, new: &Value) -> Result<(), String> {
    let same = match (old, new) {
        (Value::Null, _) => true,
        (Value::Number(o), Value::Number(n)) => o.is_f64() || !n.is_f64(),
        (Value::Bool(_), Value::Bool(_))
        | (Value::String(_), Value::String(_))
        | (Value::Array(_), Value::Array(_)) => true,
        _ => false,
    };
    if same { Ok(()) } else { Err(format!("expected {}, got {}", kind(old), kind(new))) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Doc {
        a: Inner,
        ratio: f64,
        name: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Inner {
        gap_ms: i64,
        count: u32,
    }

    fn base() -> Doc {
        Doc { a: Inner { gap_ms: 10, count: 2 }, ratio: 0.5, name: "x".into() }
    }

    #[test]
    fn a_section_change_splits_into_leaves_and_applies() {
        let mut changes = leaves(&base(), "a", &json!({"gap_ms": 20, "count": 3}), "room").unwrap();
        // The order follows serde_json's map (sorted, or insertion order when
        // a test dependency turns on `preserve_order`): not part of the rule.
        changes.sort_by(|x, y| x.0.cmp(&y.0));
        assert_eq!(changes, vec![("a.count".into(), json!(3)), ("a.gap_ms".into(), json!(20))]);
        let o = Overrides::default().with(&changes);
        let got = o.apply(&base(), "room").unwrap();
        assert_eq!(got.a, Inner { gap_ms: 20, count: 3 });
        // An integer where a float is expected is fine.
        let o = Overrides::default().with(&leaves(&base(), "ratio", &json!(1), "").unwrap());
        assert_eq!(o.apply(&base(), "").unwrap().ratio, 1.0);
    }

    #[test]
    fn unknown_keys_and_wrong_types_name_the_full_key() {
        let e = leaves(&base(), "a.gap", &json!(1), "room").unwrap_err();
        assert_eq!(e.key, "room.a.gap");
        assert!(e.problem.contains("room.a.gap_ms"), "{e}");
        let e = leaves(&base(), "a", &json!({"count": "many"}), "room").unwrap_err();
        assert_eq!((e.key.as_str(), e.problem.as_str()), ("room.a.count", "expected a whole number, got a string"));
        let e = leaves(&base(), "a.gap_ms", &json!(1.5), "").unwrap_err();
        assert_eq!(e.key, "a.gap_ms");
        let e = leaves(&base(), "a", &json!(3), "").unwrap_err();
        assert!(e.problem.contains("section"), "{e}");
        assert!(leaves(&base(), "a", &json!({}), "").is_err());
    }

    #[test]
    fn a_value_out_of_the_types_range_names_its_key() {
        let o = Overrides::default().with(&[("a.count".into(), json!(-1))]);
        let e = o.apply(&base(), "room").unwrap_err();
        assert_eq!(e.key, "room.a.count");
    }

    #[test]
    fn removing_a_section_removes_its_leaves_only() {
        let o = Overrides::default().with(&[
            ("a.count".into(), json!(3)),
            ("a.gap_ms".into(), json!(4)),
            ("ab".into(), json!(1)),
        ]);
        let (left, removed) = o.without("a");
        assert_eq!(removed, vec!["a.count".to_string(), "a.gap_ms".to_string()]);
        assert_eq!(left.0.keys().collect::<Vec<_>>(), vec!["ab"]);
    }
}
