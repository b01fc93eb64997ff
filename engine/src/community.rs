//! The community file (YAML: one room and its personas) and the import of the
//! seed project's persona JSON. Parsing is strict about types and ranges and
//! keeps keys it does not know.

use crate::guard::compliance;
use crate::ids::{BotId, RoomId};
use crate::persona::{Confidence, Direction, Holding, Persona, PersonaError, Stance};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A room as declared in a community file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomSpec {
    pub slug: RoomId,
    pub name: String,
    #[serde(default)]
    pub topic: String,
    /// `simulated` or `live` prices; none keeps a stored room's mode (a new
    /// room is simulated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prices: Option<crate::market::PriceMode>,
}

/// A whole community: one room and its members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Community {
    pub room: RoomSpec,
    pub personas: Vec<Persona>,
}

/// Why a community or persona file was refused.
#[derive(Debug, thiserror::Error)]
pub enum CommunityError {
    #[error("not a valid community file: {0}")]
    Yaml(#[from] yaml_serde::Error),
    #[error("not a valid seed persona file: {0}")]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Persona(#[from] PersonaError),
    #[error("username '{0}' appears twice")]
    Duplicate(String),
    #[error("the file holds no personas")]
    Empty,
}

impl Community {
    /// Parses and validates a community YAML document.
    pub fn from_yaml(text: &str) -> Result<Community, CommunityError> {
        let raw: Community = yaml_serde::from_str(text)?;
        let personas = validate_all(raw.personas)?;
        Ok(Community { room: raw.room, personas })
    }

    /// Writes the community as YAML.
    pub fn to_yaml(&self) -> String {
        // unwrap: plain data with string keys always serialises.
        yaml_serde::to_string(self).unwrap()
    }
}

/// Parses a YAML list of personas or a whole community and returns the personas.
pub fn personas_from_yaml(text: &str) -> Result<Vec<Persona>, CommunityError> {
    if let Ok(c) = yaml_serde::from_str::<Community>(text) {
        return validate_all(c.personas);
    }
    let list: Vec<Persona> = yaml_serde::from_str(text)?;
    validate_all(list)
}

/// Formats of a persona file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonaFormat {
    /// Seed JSON when the text starts with `{`, else YAML.
    Auto,
    /// A community file or a YAML list of personas.
    Yaml,
    /// The seed project's `{"bots": [...]}` JSON.
    Seed,
}

/// A persona file, parsed and validated.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonaFile {
    pub personas: Vec<Persona>,
    /// The room a community file declares; none for a bare list or seed JSON.
    pub room: Option<RoomSpec>,
    /// What the import changed or dropped (seed JSON), for the operator.
    pub notes: Vec<String>,
}

/// Parses a persona file in any supported format; nothing is returned unless
/// the whole file is valid.
pub fn parse_persona_file(text: &str, format: PersonaFormat) -> Result<PersonaFile, CommunityError> {
    let seed = match format {
        PersonaFormat::Seed => true,
        PersonaFormat::Yaml => false,
        PersonaFormat::Auto => text.trim_start().starts_with('{'),
    };
    if seed {
        let (personas, report) = import_seed_json(text)?;
        return Ok(PersonaFile { personas, room: None, notes: report.notes });
    }
    if let Ok(c) = Community::from_yaml(text) {
        return Ok(PersonaFile { personas: c.personas, room: Some(c.room), notes: Vec::new() });
    }
    Ok(PersonaFile { personas: personas_from_yaml(text)?, room: None, notes: Vec::new() })
}

fn validate_all(list: Vec<Persona>) -> Result<Vec<Persona>, CommunityError> {
    if list.is_empty() {
        return Err(CommunityError::Empty);
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(list.len());
    for p in list {
        if !seen.insert(p.username.clone()) {
            return Err(CommunityError::Duplicate(p.username.to_string()));
        }
        out.push(p.validate()?);
    }
    Ok(out)
}

/// What an import did besides producing personas.
#[derive(Debug, Default, PartialEq)]
pub struct ImportReport {
    /// Human-readable notes: dropped secrets, refused phrases, renamed ids.
    pub notes: Vec<String>,
}

#[derive(Deserialize)]
struct SeedFile {
    bots: Vec<serde_json::Map<String, serde_json::Value>>,
}

/// Imports the seed project's `{"bots": [...]}` persona JSON. Known fields are
/// mapped; unknown ones are kept under `extra`; tokens are never imported;
/// signature phrases the compliance guard refuses are dropped with a note.
pub fn import_seed_json(text: &str) -> Result<(Vec<Persona>, ImportReport), CommunityError> {
    let file: SeedFile = serde_json::from_str(text)?;
    let mut report = ImportReport::default();
    let mut out = Vec::new();
    for (i, bot) in file.bots.into_iter().enumerate() {
        out.push(seed_bot(i, bot, &mut report)?);
    }
    Ok((validate_all(out)?, report))
}

fn seed_bot(
    index: usize,
    mut bot: serde_json::Map<String, serde_json::Value>,
    report: &mut ImportReport,
) -> Result<Persona, PersonaError> {
    use serde_json::Value;
    let take_str = |m: &mut serde_json::Map<String, Value>, k: &str| -> String {
        m.remove(k).and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    };
    let name = take_str(&mut bot, "name");
    let raw_user = take_str(&mut bot, "username");
    let username = match BotId::parse(&raw_user.to_lowercase()) {
        Ok(u) => u,
        Err(_) => {
            let slug: String = crate::text::fold(if raw_user.is_empty() { &name } else { &raw_user })
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .take(32)
                .collect();
            let u = BotId::parse(slug.trim_matches('_'))
                .or_else(|_| BotId::parse(&format!("seed_bot_{index}")))
                .map_err(|e| PersonaError { who: name.clone(), field: "username".into(), problem: e.to_string() })?;
            report.notes.push(format!("'{raw_user}' is not a valid username; imported as {u}"));
            u
        }
    };
    if bot.remove("token").is_some() {
        report
            .notes
            .push(format!("{username}: token not imported (tokens are secrets and never read from persona files)"));
    }
    let hint = take_str(&mut bot, "persona_hint");
    let mut profile = obj(bot.remove("persona_profile"));
    let mut emotion = obj(bot.remove("emotion_profile"));
    let mut speed = obj(bot.remove("speed_profile"));
    let phrases: Vec<String> = strings(emotion.remove("signature_phrases"))
        .into_iter()
        .filter(|p| {
            let ok = compliance::check(p).is_allowed();
            if !ok {
                report.notes.push(format!("{username}: phrase '{p}' dropped by the compliance guard"));
            }
            ok
        })
        .collect();
    let typing = obj(speed.remove("typing"));
    let wpm = typing.get("wpm_min").and_then(Value::as_f64).unwrap_or(4.0);
    let mut stances = Vec::new();
    for st in array(bot.remove("stances")).into_iter().map(seed_stance) {
        if let Some(symbol) = topic_symbol(&st.topic)
            && symbol != st.topic
        {
            report.notes.push(format!("{username}: stance topic '{}' is the symbol {symbol}", st.topic));
            stances.push(Stance { topic: symbol.to_string(), ..st });
        } else {
            stances.push(st);
        }
    }
    let holdings = array(bot.remove("holdings"))
        .into_iter()
        .filter_map(|h| {
            Some(Holding {
                symbol: h.get("symbol")?.as_str()?.to_string(),
                size: h.get("size")?.as_f64()?,
                avg_price: h.get("avg_price")?.as_f64()?,
                note: h.get("note").and_then(Value::as_str).map(str::to_string),
            })
        })
        .collect();
    let hours = strings(bot.remove("active_hours"));
    let mut extra: BTreeMap<String, Value> = bot.into_iter().collect();
    for (k, v) in [
        ("seed_persona_profile", profile.clone()),
        ("seed_emotion_profile", emotion.clone()),
        ("seed_speed_profile", speed),
    ] {
        if !v.is_empty() {
            extra.insert(k.into(), Value::Object(v));
        }
    }
    Persona {
        username,
        name: name.clone(),
        role: if hint.is_empty() { "piyasa meraklısı".into() } else { hint.clone() },
        bio: hint,
        tone: take_str(&mut profile, "tone"),
        style: take_str(&mut profile, "style"),
        risk: take_str(&mut profile, "risk_profile"),
        emoji: strings(emotion.remove("signature_emoji")),
        phrases,
        examples: Vec::new(),
        watchlist: strings(profile.remove("watchlist")),
        never_do: strings(profile.remove("never_do")),
        stances,
        holdings,
        cash: None,
        active_hours: if hours.is_empty() { vec!["09:00-23:00".into()] } else { hours },
        talkativeness: 0.5,
        // Seed "wpm" values are words per *second*-ish (2.5..7); ≈ 6 chars a word.
        typing_cps: (wpm * 1.5).clamp(2.0, 12.0),
        per_hour: 10,
        min_gap_secs: 60,
        asks_questions: false,
        utc_offset_minutes: None,
        extra,
    }
    .validate()
}

fn obj(v: Option<serde_json::Value>) -> serde_json::Map<String, serde_json::Value> {
    match v {
        Some(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    }
}

fn array(v: Option<serde_json::Value>) -> Vec<serde_json::Value> {
    match v {
        Some(serde_json::Value::Array(a)) => a,
        _ => Vec::new(),
    }
}

fn strings(v: Option<serde_json::Value>) -> Vec<String> {
    array(v).into_iter().filter_map(|x| x.as_str().map(str::to_string)).collect()
}

/// The market symbol a seed stance's topic names ("Bitcoin" → BTCUSD,
/// "Altın" → GRAMALTIN, "garan" → GARAN); none for a theme ("Faiz").
fn topic_symbol(topic: &str) -> Option<&'static str> {
    crate::market::instrument(topic.trim())
        .map(|i| i.symbol)
        .or_else(|| crate::guard::stance::tickers_in(topic).into_iter().next())
}

fn seed_stance(v: serde_json::Value) -> Stance {
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or_default().to_string();
    let view = s("stance_text");
    let folded = crate::text::fold(&view);
    let direction = if ["olumlu", "guzel", "firsat", "tutuyorum", "guvenli", "olmali", "yukselis"]
        .iter()
        .any(|w| folded.contains(w))
    {
        Direction::Bullish
    } else if ["olumsuz", "dusus", "riskli", "uzak", "balon", "degil"].iter().any(|w| folded.contains(w)) {
        Direction::Bearish
    } else {
        Direction::Neutral
    };
    let confidence = match crate::text::fold(&s("confidence")).as_str() {
        "yuksek" | "high" => Confidence::High,
        "dusuk" | "low" => Confidence::Low,
        _ => Confidence::Medium,
    };
    Stance { topic: s("topic"), direction, confidence, view }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../testdata/seed_demo_personas.json");

    #[test]
    fn the_seed_persona_file_imports_and_keeps_unknown_fields() {
        let (personas, report) = import_seed_json(SEED).unwrap();
        assert!(personas.len() >= 3);
        assert!(report.notes.iter().any(|n| n.contains("token not imported")));
        assert!(personas.iter().all(|p| !p.extra.contains_key("token")));
        assert!(personas.iter().any(|p| p.extra.contains_key("seed_speed_profile")));
    }

    #[test]
    fn pump_phrases_from_the_seed_are_dropped_with_a_note() {
        let (personas, report) = import_seed_json(SEED).unwrap();
        assert!(personas.iter().all(|p| p.phrases.iter().all(|x| !x.contains("kaçırmayın"))));
        assert!(report.notes.iter().any(|n| n.contains("kaçırmayın")));
    }

    #[test]
    fn seed_stance_topics_that_name_an_instrument_become_its_symbol() {
        let (personas, report) = import_seed_json(SEED).unwrap();
        let mehmet = personas.iter().find(|p| p.username.as_str() == "mehmet_trader").unwrap();
        let topics: Vec<&str> = mehmet.stances.iter().map(|s| s.topic.as_str()).collect();
        assert_eq!(topics, ["GARAN", "BTCUSD", "GRAMALTIN"]);
        assert!(mehmet.cares_about("BTCUSD"), "Bitcoin is BTCUSD now");
        assert!(report.notes.iter().any(|n| n == "mehmet_trader: stance topic 'Bitcoin' is the symbol BTCUSD"));
        assert_eq!(topic_symbol("Faiz"), None, "a theme stays a theme");
    }

    #[test]
    fn seed_import_survives_missing_and_odd_fields() {
        let text = r#"{"bots":[{"name":"Tek Alan","username":"Tek!!","holdings":[{"symbol":"X"}],"weird":{"a":1}}]}"#;
        let (p, _) = import_seed_json(text).unwrap();
        assert_eq!(p[0].username.as_str(), "tek");
        assert!(p[0].holdings.is_empty());
        assert!(p[0].extra.contains_key("weird"));
    }

    #[test]
    fn bad_json_is_a_clear_error() {
        let e = import_seed_json("{\"bots\": 3}").unwrap_err().to_string();
        assert!(e.contains("seed persona file"), "{e}");
    }

    #[test]
    fn a_community_round_trips_through_yaml() {
        let c = Community {
            room: RoomSpec {
                slug: RoomId::parse("oda-bir").unwrap(),
                name: "Oda".into(),
                topic: String::new(),
                prices: None,
            },
            personas: vec![crate::persona::tests::persona("ali_test")],
        };
        let back = Community::from_yaml(&c.to_yaml()).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn a_duplicate_username_is_refused() {
        let p = crate::persona::tests::persona("ali_test");
        let e = validate_all(vec![p.clone(), p]).unwrap_err();
        assert!(matches!(e, CommunityError::Duplicate(_)));
    }
}
