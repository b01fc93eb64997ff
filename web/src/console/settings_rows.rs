//! Settings as the console's tables show them: a nested JSON object (a
//! room's `RoomConfig`, the run-time `LiveSettings`) flattened to one row
//! per key (`pacing.mean_gap_ms`), with the value in effect, the one from
//! the file when it differs, and an operator's own value.

use crate::settings::leaves;
use serde_json::Value;

/// One setting.
pub struct Row {
    /// `pacing.mean_gap_ms`: the key the API takes (for a room) or after a
    /// prefix (`room.`, for the run-time settings).
    pub key: String,
    /// In effect, as JSON text (`45000`, `true`, `"text"`).
    pub value: String,
    /// From the file and the environment, when it is not the value in effect.
    pub base: Option<String>,
    /// An operator's value is set for this key.
    pub own: bool,
    /// A number input (else free text, read as JSON).
    pub number: bool,
}

/// Rows of `current`; `base` is what the file says, `overrides` the keys an
/// operator set (a section's key counts for every key under it).
pub fn rows(current: &Value, base: Option<&Value>, overrides: &Value) -> Vec<Row> {
    let mut now = Vec::new();
    leaves("", current, &mut now);
    let mut file = Vec::new();
    if let Some(b) = base {
        leaves("", b, &mut file);
    }
    let own: Vec<&String> = overrides.as_object().map(|o| o.keys().collect()).unwrap_or_default();
    now.into_iter()
        .map(|(key, value)| {
            let base = file.iter().find(|(k, _)| *k == key).filter(|(_, v)| *v != value).map(|(_, v)| v.to_string());
            let own = own.iter().any(|o| key == **o || key.starts_with(&format!("{o}.")));
            Row { number: value.is_number(), value: value.to_string(), base, own, key }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_settings_become_one_row_per_key_with_their_origin() {
        let now = json!({"pacing": {"mean_gap_ms": 45000, "daily_curve": true}, "floor": {"chatter_share": 0.3}});
        let file = json!({"pacing": {"mean_gap_ms": 30000, "daily_curve": true}, "floor": {"chatter_share": 0.3}});
        let rows = rows(&now, Some(&file), &json!({"pacing.mean_gap_ms": 45000}));
        let gap = rows.iter().find(|r| r.key == "pacing.mean_gap_ms").unwrap();
        assert_eq!(
            (gap.value.as_str(), gap.base.as_deref(), gap.own, gap.number),
            ("45000", Some("30000"), true, true)
        );
        let curve = rows.iter().find(|r| r.key == "pacing.daily_curve").unwrap();
        assert_eq!(
            (curve.value.as_str(), curve.base.as_deref(), curve.own, curve.number),
            ("true", None, false, false)
        );
        assert_eq!(rows.len(), 3);
        let section = super::rows(&now, None, &json!({"pacing": {"mean_gap_ms": 45000}}));
        assert!(section.iter().filter(|r| r.key.starts_with("pacing.")).all(|r| r.own));
    }
}
