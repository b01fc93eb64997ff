use super::*;

/// A persona of the bundled community file (data/community.yaml).
pub(crate) fn bundled(username: &str) -> Persona {
    let c = crate::community::Community::from_yaml(include_str!("../../../data/community.yaml")).unwrap();
    c.personas.into_iter().find(|p| p.username.as_str() == username).unwrap()
}

pub(crate) fn persona(username: &str) -> Persona {
    Persona {
        username: BotId::parse(username).unwrap(),
        name: format!("Test {username}"),
        role: "deneme".into(),
        bio: String::new(),
        tone: "sakin".into(),
        style: "kısa".into(),
        risk: "orta".into(),
        emoji: vec!["📊".into()],
        phrases: vec!["sabır şart".into()],
        examples: vec!["Acele yok, izliyorum.".into()],
        watchlist: vec!["THYAO".into()],
        never_do: vec![],
        stances: vec![Stance {
            topic: "THYAO".into(),
            direction: Direction::Bullish,
            confidence: Confidence::High,
            view: "Uzun vadede olumlu.".into(),
        }],
        holdings: vec![Holding { symbol: "THYAO".into(), size: 100.0, avg_price: 300.0, note: None }],
        cash: None,
        active_hours: vec!["00:00-24:00".into()],
        talkativeness: 0.5,
        typing_cps: 6.0,
        per_hour: 20,
        min_gap_secs: 10,
        asks_questions: false,
        utc_offset_minutes: None,
        extra: BTreeMap::new(),
    }
}

#[test]
fn a_valid_persona_passes_and_bad_fields_are_named() {
    assert!(persona("ali_test").validate().is_ok());
    let mut p = persona("ali_test");
    p.talkativeness = 3.0;
    let e = p.validate().unwrap_err();
    assert_eq!(e.field, "talkativeness");
    let mut p = persona("ali_test");
    p.active_hours = vec!["9-12".into()];
    assert_eq!(p.validate().unwrap_err().field, "active_hours[0]");
    let mut p = persona("ali_test");
    p.cash = Some(-5.0);
    let e = p.validate().unwrap_err();
    assert_eq!((e.field.as_str(), e.problem.as_str()), ("cash", "must be a number of TL from 0 to 10^12, got -5"));
    // The fields the bot now says or obeys are checked too.
    let bad = |f: &dyn Fn(&mut Persona)| {
        let mut p = persona("ali_test");
        f(&mut p);
        let e = p.validate().unwrap_err();
        format!("{}: {}", e.field, e.problem)
    };
    assert_eq!(bad(&|p| p.emoji = vec!["📊".into(), "roket".into()]), "emoji[1]: must be one emoji, got \"roket\"");
    assert_eq!(bad(&|p| p.phrases = vec!["".into()]), "phrases[0]: must be 1 to 80 characters, got 0");
    assert!(bad(&|p| p.phrases = vec!["kaçırmayın, garantili kazanç".into()]).starts_with("phrases[0]: refused by"));
    assert_eq!(bad(&|p| p.never_do = vec!["x".repeat(121)]), "never_do[0]: must be 1 to 120 characters, got 121");
    assert_eq!(bad(&|p| p.bio = "y".repeat(401)), "bio: must be at most 400 characters, got 401");
}

#[test]
fn fields_are_every_field_a_persona_file_has() {
    let mut p = persona("ali_test");
    p.utc_offset_minutes = Some(180);
    p.cash = Some(25_000.0);
    let doc = serde_json::to_value(&p).unwrap();
    let keys: Vec<&str> = doc.as_object().unwrap().keys().map(String::as_str).collect();
    let mut fields = FIELDS.to_vec();
    fields.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, fields);
}

#[test]
fn changing_fields_validates_and_names_the_field() {
    let p = persona("ali_test");
    let set = |v: serde_json::Value| v.as_object().unwrap().clone();
    let q = p.with_fields(&set(serde_json::json!({"talkativeness": 0.9, "tone": "sert"}))).unwrap();
    assert_eq!((q.talkativeness, q.tone.as_str()), (0.9, "sert"));
    assert_eq!(q.phrases, p.phrases);
    for (change, field) in [
        (serde_json::json!({"talkativeness": 2.0}), "talkativeness"),
        (serde_json::json!({"per_hour": "çok"}), "per_hour"),
        (serde_json::json!({"username": "baska_biri"}), "username"),
        (serde_json::json!({"talkativenes": 0.3}), "talkativenes"),
        (serde_json::json!({"active_hours": ["9-5"]}), "active_hours[0]"),
        (serde_json::json!({"name": null}), "name"),
    ] {
        assert_eq!(p.with_fields(&set(change)).unwrap_err().field, field);
    }
    let q = p.with_fields(&set(serde_json::json!({"utc_offset_minutes": 60}))).unwrap();
    assert_eq!(q.with_fields(&set(serde_json::json!({"utc_offset_minutes": null}))).unwrap().utc_offset_minutes, None);
}

#[test]
fn active_hours_wrap_past_midnight() {
    let mut p = persona("gece_kusu");
    p.active_hours = vec!["22:00-02:00".into()];
    assert!(p.is_active_at(23 * 60));
    assert!(p.is_active_at(60));
    assert!(!p.is_active_at(12 * 60));
}
