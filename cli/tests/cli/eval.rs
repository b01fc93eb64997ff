//! `piyasa eval`: a crafted transcript gives its table and JSON; a limit
//! that fails exits 1, unreadable input exits 2 naming the file and line.

use crate::support::{piyasa, text};
use serde_json::Value;
use std::path::Path;

/// Four bot messages, one of them an echo of the person's question; the person is answered after 20 s.
const TRANSCRIPT: &str = r#"{"room":"a","seq":1,"t_ms":0,"author":"web:Deniz","kind":"human","reply_to_seq":null,"text":"bugün THY hakkında ne düşünüyorsunuz?"}
{"room":"a","seq":2,"t_ms":20000,"author":"okan_usta_1","kind":"bot","reply_to_seq":1,"text":"Merhaba arkadaşlar, bugün THY için bir konu düşünüyorum."}
{"room":"a","seq":3,"t_ms":50000,"author":"ece_hanim_2","kind":"bot","reply_to_seq":null,"text":"Faiz kararı yarın, herkes temkinli."}
{"room":"a","seq":4,"t_ms":110000,"author":"kerem_3","kind":"bot","reply_to_seq":3,"text":"Bence bankalar bundan etkilenir, sabır şart."}
{"room":"a","seq":5,"t_ms":200000,"author":"okan_usta_1","kind":"bot","reply_to_seq":null,"text":"Kısa vadede dalgalı olur bence."}
"#;

fn write(dir: &Path, body: &str) {
    std::fs::write(dir.join("transcript.jsonl"), body).unwrap();
}

#[test]
fn a_transcript_is_measured_into_a_table_and_json() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), TRANSCRIPT);
    let json = dir.path().join("eval.json");
    let html = dir.path().join("eval.html");
    let out = piyasa(dir.path())
        .args(["eval", "--transcript", ".", "--max-defect-rate", "0.3", "--min-answered", "1", "--json"])
        .arg(&json)
        .arg("--html")
        .arg(&html)
        .output()
        .expect("piyasa runs");
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    assert!(stdout.contains("5 messages (4 by bots, 1 by people)"), "{stdout}");
    let line = |m: &str| stdout.lines().find(|l| l.starts_with(&format!("{m} "))).unwrap_or_default().to_string();
    assert!(line("defect.echo").contains("0.25"), "{stdout}");
    assert!(line("defect_rate").contains("<= 0.3") && line("defect_rate").ends_with("ok"), "{stdout}");
    assert!(line("answered").contains("1") && line("answered").ends_with("ok"), "{stdout}");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(doc["report"]["defects"]["counts"]["echo"], 1);
    assert_eq!(doc["report"]["replies"]["median_first_reply_ms"], 20_000);
    assert_eq!(doc["failures"].as_array().map(Vec::len), Some(0));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<svg") && !page.contains("<script"));
}

#[test]
fn a_failed_limit_exits_1_and_names_the_metric() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), TRANSCRIPT);
    let out = piyasa(dir.path())
        .args(["eval", "--transcript", "transcript.jsonl", "--max-defect", "echo=0.1", "--max-reply-median-s", "60"])
        .output()
        .expect("piyasa runs");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("1 of the limits failed: defect.echo = 0.25 (want <= 0.1)"), "{stderr}");
    assert!(text(&out.stdout).lines().any(|l| l.starts_with("defect.echo") && l.ends_with("FAIL")));
}

#[test]
fn unreadable_input_exits_2_naming_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing = piyasa(dir.path()).args(["eval", "--transcript", "nowhere"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("cannot read nowhere"), "{}", text(&missing.stderr));

    let broken = TRANSCRIPT.lines().take(2).collect::<Vec<_>>().join("\n") + "\n{\"room\": \"a\", oops}\n";
    write(dir.path(), &broken);
    let bad = piyasa(dir.path()).args(["eval", "--transcript", "."]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let stderr = text(&bad.stderr);
    assert!(stderr.contains("transcript.jsonl:3: not a transcript line"), "{stderr}");

    write(dir.path(), TRANSCRIPT);
    let code = piyasa(dir.path()).args(["eval", "--transcript", ".", "--max-defect", "typo=0.1"]).output().unwrap();
    assert_eq!(code.status.code(), Some(2));
    assert!(text(&code.stderr).contains("CODE one of echo, label"), "{}", text(&code.stderr));
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
}

/// A message of room "oda", sent at `at`.
fn message(
    kind: engine::transcript::AuthorKind,
    author: &str,
    text: &str,
    at: i64,
    reply_to: Option<i64>,
) -> schema::NewMessage {
    schema::NewMessage {
        room_id: "oda".into(),
        author_kind: kind,
        author_id: author.into(),
        author_name: author.into(),
        reply_to,
        bot_depth: 0,
        text: text.into(),
        status: schema::MessageStatus::Sent,
        status_reason: None,
        created_at: at,
        sent_at: Some(at),
        provider: None,
        model: None,
        tokens_in: None,
        tokens_out: None,
        latency_ms: None,
    }
}

/// Stores room "oda" with a person's question 3 hours ago, and now a question,
/// its echo as a reply shown 20 s later and one more bot line.
fn seed(db: &str) {
    use engine::transcript::AuthorKind;
    use schema::{RoomRow, Store};
    let now = now_ms();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    rt.block_on(async {
        let store = Store::connect(db).await.unwrap();
        let room = RoomRow {
            id: "oda".into(),
            name: "Oda".into(),
            topic: String::new(),
            created_at: 1,
            prices: Default::default(),
        };
        store.upsert_room(&room).await.unwrap();
        let old = message(AuthorKind::Human, "web:Ece", "Dolar ne olur?", now - 3 * 3_600_000, None);
        store.insert_message(&old).await.unwrap();
        let q = message(AuthorKind::Human, "web:Deniz", "bugün THY hakkında ne düşünüyorsunuz?", now - 60_000, None);
        let q = store.insert_message(&q).await.unwrap();
        let echo = "Merhaba arkadaşlar, bugün THY için bir konu düşünüyorum.";
        // Its turn started 10 s after the question; the room showed it 20 s
        // after (reading and typing): the person waited 20 s.
        let reply = schema::NewMessage {
            created_at: now - 50_000,
            ..message(AuthorKind::Bot, "okan_1", echo, now - 40_000, Some(q.id))
        };
        store.insert_message(&reply).await.unwrap();
        let other = message(AuthorKind::Bot, "ece_2", "Kısa vadede dalgalı olur bence.", now - 20_000, None);
        store.insert_message(&other).await.unwrap();
    });
}

#[test]
fn a_rooms_messages_are_read_from_the_database_over_a_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("p.db").display());
    let out = piyasa(dir.path()).args(["--db", &db, "migrate"]).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    seed(&db);
    let out = piyasa(dir.path()).args(["--db", &db, "eval", "--room", "oda", "--since", "2h"]).output().unwrap();
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    assert!(stdout.contains("room oda, ") && stdout.contains("3 messages (2 by bots, 1 by people)"), "{stdout}");
    let line = |m: &str| stdout.lines().find(|l| l.starts_with(&format!("{m} "))).unwrap_or_default().to_string();
    assert!(line("defect.echo").contains("0.5") && line("first_reply_median_s").contains("20"), "{stdout}");

    let out = piyasa(dir.path()).args(["--db", &db, "eval", "--room", "yok", "--since", "2h"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no room 'yok'"), "{}", text(&out.stderr));
    let out = piyasa(dir.path()).args(["--db", &db, "eval", "--room", "oda", "--since", "dün"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--since: 'dün' is neither RFC 3339"), "{}", text(&out.stderr));
}

/// The bundled personas in room "oda", and two things can_scalp said of its
/// books: one before it sold its THYAO (false), one after (true).
fn seed_claims(db: &str) {
    use engine::book::{Reason, Side, Trade};
    use engine::transcript::AuthorKind;
    use schema::Store;
    let now = now_ms();
    let msg = |text: &str, at: i64| message(AuthorKind::Bot, "can_scalp", text, at, None);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    rt.block_on(async {
        let store = Store::connect(db).await.unwrap();
        let mut c = engine::community::Community::from_yaml(include_str!("../../../data/community.yaml")).unwrap();
        c.room.slug = engine::ids::RoomId::parse("oda").unwrap();
        actors::Community::import(&store, &c, "🤖", 0).await.unwrap();
        store.insert_message(&msg("THY'yi sattım, tamamen nakitteyim.", now - 600_000)).await.unwrap();
        let sale = Trade {
            symbol: "THYAO".into(),
            side: Side::Sell,
            qty: 300.0,
            price: 300.0,
            at: engine::ids::Millis(now - 300_000),
            reason: Reason::StopLoss,
        };
        store.record_trade("can_scalp", &sale).await.unwrap();
        store.insert_message(&msg("THYAO'yu stop olunca sattım.", now - 60_000)).await.unwrap();
    });
}

#[test]
fn with_the_rooms_trades_what_bots_say_of_their_books_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("p.db").display());
    let out = piyasa(dir.path()).args(["--db", &db, "migrate"]).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    seed_claims(&db);
    let args = ["--db", &db, "eval", "--room", "oda", "--since", "1h", "--max-book-contradicted", "0.25"];
    let out = piyasa(dir.path()).args(args).output().unwrap();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stderr.contains("book_claims_contradicted = 0.5 (want <= 0.25)"), "{stderr}");
}
