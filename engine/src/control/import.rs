//! Importing personas with a preview: [`plan_import`] compares a parsed
//! persona file with what is stored and says what an import would do (new
//! personas, changed fields with before and after, unchanged ones, who joins
//! the room, and the room's members the file does not name: removed from the
//! room or left alone). The plan carries a fingerprint of the stored state it
//! was computed from; applying it is refused when the store has changed
//! since, so what is written is exactly what was previewed.

use crate::ids::{BotId, RoomId};
use crate::persona::Persona;
use serde::Serialize;
use serde_json::Value;

/// A stored bot as the plan sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredBot {
    pub persona: Persona,
    /// An active member of the room the import is for.
    pub member: bool,
}

/// One persona field that an import changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    /// `null` when the field was not set.
    pub before: Value,
    pub after: Value,
}

/// A stored persona that the file changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonaChange {
    pub username: BotId,
    pub fields: Vec<FieldChange>,
    /// The persona as it will be stored.
    #[serde(skip)]
    pub persona: Persona,
}

/// What an import will do; nothing is written by computing it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportPlan {
    pub room: RoomId,
    /// Personas not in the store yet; they are created and join the room.
    pub added: Vec<Persona>,
    pub changed: Vec<PersonaChange>,
    pub unchanged: Vec<BotId>,
    /// Stored personas (changed or not) that join the room.
    pub joining: Vec<BotId>,
    /// Members of the room that the file does not name.
    pub not_in_file: Vec<BotId>,
    /// Whether `not_in_file` leave the room (else they are left alone).
    pub remove_missing: bool,
    /// What parsing the file changed or dropped (seed JSON).
    pub notes: Vec<String>,
    /// The stored state this plan was computed from (see [`store_fingerprint`]).
    pub fingerprint: String,
}

impl ImportPlan {
    /// Whether applying the plan writes nothing.
    pub fn is_noop(&self) -> bool {
        self.added.is_empty()
            && self.changed.is_empty()
            && self.joining.is_empty()
            && (!self.remove_missing || self.not_in_file.is_empty())
    }
}

/// Compares `file` (valid personas, usernames unique) with `stored` (every
/// stored bot, `member` for the room `room`).
pub fn plan_import(
    file: &[Persona],
    notes: &[String],
    room: &RoomId,
    stored: &[StoredBot],
    remove_missing: bool,
) -> ImportPlan {
    let mut plan = ImportPlan {
        room: room.clone(),
        added: Vec::new(),
        changed: Vec::new(),
        unchanged: Vec::new(),
        joining: Vec::new(),
        not_in_file: Vec::new(),
        remove_missing,
        notes: notes.to_vec(),
        fingerprint: store_fingerprint(room, stored),
    };
    for p in file {
        match stored.iter().find(|s| s.persona.username == p.username) {
            None => plan.added.push(p.clone()),
            Some(s) => {
                let fields = field_changes(&s.persona, p);
                if fields.is_empty() {
                    plan.unchanged.push(p.username.clone());
                } else {
                    plan.changed.push(PersonaChange { username: p.username.clone(), fields, persona: p.clone() });
                }
                if !s.member {
                    plan.joining.push(p.username.clone());
                }
            }
        }
    }
    plan.not_in_file = stored
        .iter()
        .filter(|s| s.member && !file.iter().any(|p| p.username == s.persona.username))
        .map(|s| s.persona.username.clone())
        .collect();
    plan.not_in_file.sort();
    plan
}

/// The top-level persona fields that differ, in the persona's field order
/// (unknown fields kept from other tools included).
pub fn field_changes(before: &Persona, after: &Persona) -> Vec<FieldChange> {
    let (Ok(Value::Object(b)), Ok(Value::Object(a))) = (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = a.keys().collect();
    keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
    keys.into_iter()
        .filter_map(|k| {
            let (old, new) = (b.get(k).cloned().unwrap_or(Value::Null), a.get(k).cloned().unwrap_or(Value::Null));
            (old != new).then(|| FieldChange { field: k.clone(), before: old, after: new })
        })
        .collect()
}

/// A short fingerprint of the stored personas and the room's members: any
/// change to either (an edit, a new bot, a bot joining or leaving) changes it.
pub fn store_fingerprint(room: &RoomId, stored: &[StoredBot]) -> String {
    let mut sorted: Vec<&StoredBot> = stored.iter().collect();
    sorted.sort_by(|a, b| a.persona.username.cmp(&b.persona.username));
    let mut h = Fnv::default();
    h.write(room.as_str().as_bytes());
    for s in sorted {
        // A persona is plain data: it always serialises, in a stable order.
        h.write(serde_json::to_string(&s.persona).unwrap_or_default().as_bytes());
        h.write(if s.member { b"\x01" } else { b"\x00" });
    }
    format!("{:016x}", h.0)
}

/// FNV-1a, 64 bit: stable across runs and platforms.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persona::tests::persona;

    fn room() -> RoomId {
        RoomId::parse("oda-bir").unwrap()
    }

    fn stored(p: Persona, member: bool) -> StoredBot {
        StoredBot { persona: p, member }
    }

    #[test]
    fn a_plan_sorts_the_file_into_added_changed_unchanged_and_missing() {
        let (a, b, c, d) = (persona("ali_test"), persona("berk_test"), persona("cem_test"), persona("deniz_test"));
        let mut b2 = b.clone();
        b2.talkativeness = 0.9;
        b2.phrases.push("yeni söz".into());
        let store = vec![stored(b, true), stored(c.clone(), false), stored(d, true)];
        let plan = plan_import(&[a.clone(), b2, c], &[], &room(), &store, false);
        assert_eq!(plan.added, vec![a]);
        assert_eq!(plan.changed.len(), 1);
        let fields: Vec<&str> = plan.changed[0].fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["phrases", "talkativeness"]);
        assert_eq!(plan.changed[0].fields[1].before, serde_json::json!(0.5));
        assert_eq!(plan.changed[0].fields[1].after, serde_json::json!(0.9));
        assert_eq!(plan.unchanged, vec![BotId::parse("cem_test").unwrap()]);
        assert_eq!(plan.joining, vec![BotId::parse("cem_test").unwrap()]);
        assert_eq!(plan.not_in_file, vec![BotId::parse("deniz_test").unwrap()]);
        assert!(!plan.is_noop());
    }

    #[test]
    fn importing_what_is_stored_is_a_noop() {
        let a = persona("ali_test");
        let plan = plan_import(std::slice::from_ref(&a), &[], &room(), &[stored(a.clone(), true)], true);
        assert!(plan.is_noop(), "{plan:?}");
    }

    #[test]
    fn unknown_fields_count_as_fields() {
        let a = persona("ali_test");
        let mut a2 = a.clone();
        a2.extra.insert("seed_speed_profile".into(), serde_json::json!({"wpm": 3}));
        let plan = plan_import(&[a2], &[], &room(), &[stored(a, true)], false);
        assert_eq!(plan.changed[0].fields[0].field, "seed_speed_profile");
        assert_eq!(plan.changed[0].fields[0].before, Value::Null);
    }

    #[test]
    fn any_stored_change_changes_the_fingerprint() {
        let a = persona("ali_test");
        let base = store_fingerprint(&room(), &[stored(a.clone(), true)]);
        assert_eq!(base, store_fingerprint(&room(), &[stored(a.clone(), true)]));
        let mut edited = a.clone();
        edited.tone = "sert".into();
        assert_ne!(base, store_fingerprint(&room(), &[stored(edited, true)]));
        assert_ne!(base, store_fingerprint(&room(), &[stored(a.clone(), false)]));
        assert_ne!(base, store_fingerprint(&room(), &[stored(a.clone(), true), stored(persona("yeni_bot"), false)]));
        assert_ne!(base, store_fingerprint(&RoomId::parse("oda-iki").unwrap(), &[stored(a, true)]));
    }
}
