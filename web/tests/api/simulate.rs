//! `piyasa simulate`: a short simulation on virtual time writes a transcript
//! and a consistent summary, and the same seed gives the same bytes.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

/// Runs `piyasa simulate --hours 2 --bots 6 --rooms 1` into `out`; stdout.
fn simulate(seed: u64, out: &Path) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_piyasa"));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("PIYASA_") {
            cmd.env_remove(key);
        }
    }
    let seed = seed.to_string();
    let args = ["simulate", "--seed", &seed, "--hours", "2", "--bots", "6", "--rooms", "1", "--out"];
    cmd.env_remove("RUST_LOG").env("PIYASA_LLM__PROVIDER", "fake").current_dir(out).args(args).arg(out);
    let res = cmd.output().expect("piyasa runs");
    let stdout = String::from_utf8_lossy(&res.stdout).into_owned();
    assert!(res.status.success(), "simulate failed:\n{stdout}\n{}", String::from_utf8_lossy(&res.stderr));
    stdout
}

fn lines(dir: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(dir.join("transcript.jsonl")).expect("a transcript");
    text.lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect()
}

#[test]
fn a_simulation_writes_a_transcript_where_every_person_is_answered() {
    let dir = tempfile::tempdir().unwrap();
    let stdout = simulate(7, dir.path());
    assert!(stdout.contains("messages by hour of day") && stdout.contains("people:"), "{stdout}");
    let lines = lines(dir.path());
    assert!(lines.len() > 20, "only {} messages", lines.len());

    let mut parents: BTreeMap<u64, BTreeSet<String>> = BTreeMap::new();
    for (i, l) in lines.iter().enumerate() {
        let keys: BTreeSet<&str> = l.as_object().unwrap().keys().map(String::as_str).collect();
        let expected = BTreeSet::from(["room", "seq", "t_ms", "author", "kind", "reply_to_seq", "text"]);
        assert_eq!(keys, expected, "no ids, no wall times: {l}");
        assert_eq!(l["seq"].as_u64(), Some(i as u64 + 1), "one room: seq counts lines");
        assert!(l["t_ms"].as_i64().unwrap() < 2 * 3_600_000 + 60_000);
        if let Some(p) = l["reply_to_seq"].as_u64() {
            assert!(p < l["seq"].as_u64().unwrap(), "a reply follows its parent");
            parents.entry(p).or_default().insert(l["author"].as_str().unwrap().to_owned());
        }
    }
    let humans: Vec<&Value> = lines.iter().filter(|l| l["kind"] == "human").collect();
    assert_eq!(humans.len(), 4, "2 questions an hour for 2 hours");
    for h in &humans {
        let seq = h["seq"].as_u64().unwrap();
        assert!(parents.get(&seq).is_some_and(|a| !a.is_empty()), "nobody answered {h}");
    }

    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("summary.json")).unwrap()).unwrap();
    let stats = &summary["stats"];
    let hourly: u64 = stats["per_hour_of_day"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(hourly, lines.len() as u64);
    assert_eq!(stats["messages"].as_u64(), Some(lines.len() as u64));
    assert_eq!(stats["human_replies"]["human_messages"].as_u64(), Some(4));
    assert_eq!(stats["human_replies"]["answered"].as_u64(), Some(4));
    let depth: u64 = stats["reply_depth"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(depth, stats["bot_messages"].as_u64().unwrap());
    let shares: u64 = stats["speakers"].as_array().unwrap().iter().map(|s| s["messages"].as_u64().unwrap()).sum();
    assert_eq!(shares, lines.len() as u64);
    let gini = stats["bot_gini"].as_f64().unwrap();
    assert!((0.0..1.0).contains(&gini), "{gini}");
}

#[test]
fn the_same_seed_gives_the_same_transcript_and_another_seed_another() {
    let (a, b, c) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    simulate(7, a.path());
    simulate(7, b.path());
    simulate(8, c.path());
    let read = |d: &tempfile::TempDir, f: &str| std::fs::read(d.path().join(f)).unwrap();
    assert_eq!(read(&a, "transcript.jsonl"), read(&b, "transcript.jsonl"), "same seed, same bytes");
    assert_eq!(read(&a, "summary.json"), read(&b, "summary.json"));
    assert_ne!(read(&a, "transcript.jsonl"), read(&c, "transcript.jsonl"), "another seed, another day");
}
