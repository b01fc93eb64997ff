//! `piyasa personas import|export`, `piyasa privacy forget` and the help.

use crate::support::{SEED, text};
use engine::transcript::AuthorKind;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

/// `piyasa ARGS` in `dir`.
fn piyasa(dir: &Path, args: &[&str]) -> Output {
    crate::support::piyasa(dir).args(args).output().expect("piyasa runs")
}

/// Runs and expects success; stdout.
fn piyasa_ok(dir: &Path, args: &[&str]) -> String {
    let out = piyasa(dir, args);
    assert!(out.status.success(), "piyasa {args:?} failed:\n{}\n{}", text(&out.stdout), text(&out.stderr));
    text(&out.stdout)
}

fn seed_usernames() -> BTreeSet<String> {
    let seed: Value = serde_json::from_str(&std::fs::read_to_string(SEED).unwrap()).unwrap();
    seed["bots"].as_array().unwrap().iter().map(|b| b["username"].as_str().unwrap().to_owned()).collect()
}

/// The exported community: its room slug and usernames.
fn exported(yaml: &str) -> (String, BTreeSet<String>) {
    let c = engine::community::Community::from_yaml(yaml).expect("the export is a valid community file");
    (c.room.slug.to_string(), c.personas.iter().map(|p| p.username.to_string()).collect())
}

#[test]
fn seed_personas_are_imported_without_tokens_and_exported_as_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("p.db").display());

    let out = piyasa(dir.path(), &["personas", "import", SEED, "--db", &db]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("imported 6 personas into room piyasa-sohbet"), "{stdout}");
    let token_notes = stderr.lines().filter(|l| l.starts_with("note:") && l.contains("token not imported")).count();
    assert_eq!(token_notes, 6, "one note per bot that had a token:\n{stderr}");
    assert!(!stdout.contains("TELEGRAM_BOT_TOKEN") && !stderr.contains("TELEGRAM_BOT_TOKEN"), "tokens never shown");

    let yaml = piyasa_ok(dir.path(), &["personas", "export", "--db", &db, "--room", "piyasa-sohbet"]);
    let (room, users) = exported(&yaml);
    assert_eq!(room, "piyasa-sohbet");
    assert_eq!(users, seed_usernames(), "{yaml}");
    assert!(!yaml.contains("TELEGRAM_BOT_TOKEN") && !yaml.contains("token:"), "no token in the store:\n{yaml}");

    // Importing again is idempotent; exporting to a file writes the same YAML.
    piyasa_ok(dir.path(), &["personas", "import", SEED, "--db", &db]);
    let file = dir.path().join("out.yaml");
    let file_arg = file.to_str().unwrap();
    piyasa_ok(dir.path(), &["personas", "export", "--db", &db, "--out", file_arg]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), yaml);

    // The exported file imports into a fresh store as a community file.
    let db2 = format!("sqlite://{}", dir.path().join("p2.db").display());
    let stdout = piyasa_ok(dir.path(), &["personas", "import", file_arg, "--db", &db2]);
    assert!(stdout.contains("imported 6 personas into room piyasa-sohbet"), "{stdout}");
    assert_eq!(piyasa_ok(dir.path(), &["personas", "export", "--db", &db2]), yaml);
}

#[test]
fn a_malformed_persona_file_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("p.db").display());
    piyasa_ok(dir.path(), &["personas", "import", SEED, "--db", &db]);
    let before = piyasa_ok(dir.path(), &["personas", "export", "--db", &db]);

    let mut seed: Value = serde_json::from_str(&std::fs::read_to_string(SEED).unwrap()).unwrap();
    let bots = seed["bots"].as_array_mut().unwrap();
    let mut newcomer = bots[0].clone();
    newcomer["username"] = "yeni_gelen".into();
    newcomer["name"] = "Yeni Gelen".into();
    let mut broken = bots[1].clone();
    broken["active_hours"] = serde_json::json!(["sabah erken"]);
    // A valid newcomer first, then a bad one: the whole file is refused.
    seed["bots"] = Value::Array(vec![newcomer.clone(), broken]);
    let bad_hours = seed.to_string();
    seed["bots"] = Value::Array(vec![newcomer.clone(), newcomer]);
    let duplicate = seed.to_string();

    let cases: [(&str, &str, &str); 4] = [
        ("truncated.json", r#"{"bots": [{"name": "Yarım""#, "not a valid seed persona file"),
        ("bad_hours.json", &bad_hours, "active_hours[0]"),
        ("duplicate.json", &duplicate, "yeni_gelen' appears twice"),
        ("empty.yaml", "room:\n  slug: piyasa-sohbet\n  name: X\n  topic: Y\npersonas: []\n", "no personas"),
    ];
    for (name, content, problem) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let out = piyasa(dir.path(), &["personas", "import", path.to_str().unwrap(), "--db", &db]);
        let stderr = text(&out.stderr);
        assert!(!out.status.success(), "{name} was accepted:\n{}", text(&out.stdout));
        assert!(stderr.starts_with("error:"), "{name}: {stderr}");
        assert!(stderr.contains(problem), "{name}: the error names the problem ({problem}):\n{stderr}");
        assert!(!text(&out.stdout).contains("imported"), "{name}");
        let after = piyasa_ok(dir.path(), &["personas", "export", "--db", &db]);
        assert_eq!(after, before, "{name} changed the store");
    }

    let missing = piyasa(dir.path(), &["personas", "import", "nope.json", "--db", &db]);
    assert!(!missing.status.success());
    assert!(text(&missing.stderr).contains("cannot read nope.json"), "{}", text(&missing.stderr));
}

#[test]
fn the_help_lists_the_commands_and_explains_run_options() {
    let dir = tempfile::tempdir().unwrap();
    let help = piyasa_ok(dir.path(), &["--help"]);
    for command in ["run", "migrate", "personas"] {
        assert!(help.lines().any(|l| l.trim_start().starts_with(command)), "{command} in:\n{help}");
    }
    let run = piyasa_ok(dir.path(), &["run", "--help"]);
    let port = run.lines().find(|l| l.contains("--port")).unwrap_or_else(|| panic!("--port in:\n{run}"));
    assert!(port.contains("Port for the web room"), "{run}");
    let db = run.lines().find(|l| l.contains("--db")).unwrap_or_else(|| panic!("--db in:\n{run}"));
    assert!(db.contains("Database URL") && run.contains("sqlite://"), "{run}");

    let personas = piyasa_ok(dir.path(), &["personas", "--help"]);
    assert!(personas.contains("import") && personas.contains("export"), "{personas}");

    let wrong = piyasa(dir.path(), &["fly"]);
    assert!(!wrong.status.success(), "an unknown command fails");
    assert!(text(&wrong.stderr).contains("fly"), "{}", text(&wrong.stderr));
}

#[test]
fn privacy_forget_deletes_one_persons_messages_and_reports_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("p.db").display());
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    rt.block_on(async {
        let store = schema::Store::connect(&db).await.unwrap();
        let room = schema::RoomRow {
            id: "oda".into(),
            name: "Oda".into(),
            topic: String::new(),
            created_at: 1,
            prices: Default::default(),
        };
        store.upsert_room(&room).await.unwrap();
        for (who, text) in [("web:Ayşe", "bir"), ("web:Ayşe", "iki"), ("web:Ali", "üç")] {
            let m = schema::NewMessage {
                room_id: "oda".into(),
                author_kind: AuthorKind::Human,
                author_id: who.into(),
                author_name: who.into(),
                reply_to: None,
                bot_depth: 0,
                text: text.into(),
                status: schema::MessageStatus::Sent,
                status_reason: None,
                created_at: 1,
                sent_at: Some(1),
                provider: None,
                model: None,
                tokens_in: None,
                tokens_out: None,
                latency_ms: None,
            };
            store.insert_message(&m).await.unwrap();
        }
    });
    let out = piyasa_ok(dir.path(), &["privacy", "forget", "--user", "web:Ayşe", "--db", &db]);
    assert!(out.contains("forgot web:Ayşe: 2 messages deleted"), "{out}");
    let again = piyasa_ok(dir.path(), &["privacy", "forget", "--user", "web:Ayşe", "--db", &db]);
    assert!(again.contains("0 messages deleted"), "{again}");
    let bad = piyasa(dir.path(), &["privacy", "forget", "--user", "Ayşe", "--db", &db]);
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("--user: 'Ayşe' is not a person id"), "{}", text(&bad.stderr));
    let left =
        rt.block_on(async { schema::Store::connect(&db).await.unwrap().recent_messages("oda", 10).await.unwrap() });
    assert_eq!(left.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["üç"]);
}
