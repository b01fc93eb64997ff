//! `piyasa simulate`: a short simulation on virtual time writes a transcript
//! and a consistent summary, and the same seed gives the same bytes.

use crate::support::piyasa;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Runs `piyasa simulate --hours 2 --bots 6 --rooms 1` into `out`; stdout.
fn simulate(seed: u64, out: &Path) -> String {
    simulate_with(seed, out, &[])
}

/// The same, with more arguments.
fn simulate_with(seed: u64, out: &Path, extra: &[&str]) -> String {
    let seed = seed.to_string();
    let args = ["simulate", "--seed", &seed, "--hours", "2", "--bots", "6", "--rooms", "1", "--out"];
    let res = piyasa(out).args(args).arg(out).args(extra).output().expect("piyasa runs");
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

fn summary(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

#[test]
fn a_recorded_simulation_replays_to_the_same_transcript_without_any_provider() {
    let (a, b, rec) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let rec_dir = rec.path().to_str().unwrap();
    simulate_with(7, a.path(), &["--llm", "servers", "--record", rec_dir]);
    let recorded = std::fs::read_to_string(rec.path().join("calls.jsonl")).unwrap().lines().count();
    simulate_with(7, b.path(), &["--replay", rec_dir]);
    let read = |d: &Path| std::fs::read(d.join("transcript.jsonl")).unwrap();
    assert_eq!(read(a.path()), read(b.path()), "the replay gave another transcript");
    let (sa, sb) = (summary(a.path()), summary(b.path()));
    assert_eq!(sa["llm"]["calls"].as_u64(), Some(recorded as u64), "every call was recorded");
    assert!(sa["llm"]["usd"].as_f64().unwrap() > 0.0, "the fake servers have a price");
    assert_eq!(sb["llm"]["usd"].as_f64(), Some(0.0), "a replay costs nothing");
    let providers: Vec<&String> = sb["llm"]["providers"].as_object().unwrap().keys().collect();
    assert_eq!(providers, ["replay"], "no provider but the recording answered");
}

#[test]
fn an_outage_of_the_first_provider_moves_calls_to_the_backup_and_the_room_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    // A person posts at minute 30 of seed 7's day, so the outage has a turn
    // to carry whatever the bots' own chatter does (minutes 20..25 fell in a
    // quiet stretch once the topic answers changed who talks when).
    let stdout = simulate_with(7, dir.path(), &["--llm", "servers", "--outage", "30..35"]);
    let s = summary(dir.path());
    let phases = s["llm"]["outage"]["phases"].as_array().unwrap_or_else(|| panic!("no outage report: {stdout}"));
    let get = |i: usize, k: &str| phases[i][k].as_u64().unwrap();
    // Before: the primary answers everything.
    assert!(get(0, "primary_calls") > 0 && get(0, "backup_calls") == 0, "{phases:?}");
    // During: the breaker opens after a few failures and the backup carries the room.
    assert!(get(1, "primary_failures") > 0 && get(1, "backup_calls") > 0, "{phases:?}");
    // 3 failures open the breaker for 30 s; then one half-open probe per 30 s: ≤ 3 + 10 in 5 minutes.
    assert!(get(1, "primary_failures") <= 14, "the breaker kept hammering a dead provider: {phases:?}");
    assert!(get(1, "delivered") > 0, "the room went quiet during the outage: {phases:?}");
    // After: the half-open probe succeeds and the primary is back.
    assert!(get(2, "primary_calls") > 0, "the primary never came back: {phases:?}");
}

/// A shock at 15:30 (a headline and −9 % on THYAO) and a control that names
/// THYAO only after the simulation ends.
const SHOCK: &str = "name: thy-sok\nevents:\n  - at: \"15:30\"\n    headline: \"THY'ye yönelik soruşturma başlatıldı\"\n    symbol: THYAO\n    direction: down\n    jump: -9%\n";
const CONTROL: &str = "name: thy-sok\nevents:\n  - at: \"+2d\"\n    headline: \"THY haberi\"\n    symbol: THYAO\n";

fn scenario_run(dir: &Path, name: &str, yaml: &str) -> (Vec<Value>, Value) {
    let file = dir.join(format!("{name}.yaml"));
    std::fs::write(&file, yaml).unwrap();
    let out = dir.join(name);
    let args = ["simulate", "--seed", "5", "--hours", "17", "--bots", "8", "--rooms", "2", "--humans-per-hour", "0"];
    let res = piyasa(dir).args(args).arg("--scenario").arg(&file).arg("--out").arg(&out).output().unwrap();
    assert!(res.status.success(), "{}", String::from_utf8_lossy(&res.stderr));
    let summary = serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    (lines(&out), summary)
}

#[test]
fn a_scenario_replays_the_same_and_its_shock_turns_the_rooms_stance() {
    let dir = tempfile::tempdir().unwrap();
    let (a, summary) = scenario_run(dir.path(), "a", SHOCK);
    let (b, _) = scenario_run(dir.path(), "b", SHOCK);
    assert_eq!(a, b, "the same scenario and seed give the same transcript");
    let events = &summary["scenario"]["events"];
    assert_eq!(events[0]["t_ms"], 15 * 3_600_000 + 30 * 60_000, "{events}");
    assert_eq!(events[0]["shocks"][0], serde_json::json!(["THYAO", -9.0]));
    // The same seed without the shock: the same room until 15:30, then not.
    let (control, control_summary) = scenario_run(dir.path(), "control", CONTROL);
    let t0 = events[0]["t_ms"].as_i64().unwrap();
    let before = |l: &Vec<Value>| l.iter().filter(|m| m["t_ms"].as_i64().unwrap() < t0).cloned().collect::<Vec<_>>();
    assert_eq!(before(&a), before(&control), "nothing differs before the shock");
    assert_ne!(a, control, "the shock changes what follows");
    // The bots' stance on THYAO (their mean belief, −1 … +1) turns down, and stays down for an hour.
    let series = |s: &Value| -> Vec<(i64, f64)> {
        s["scenario"]["stances"]["THYAO"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_i64().unwrap(), p[1].as_f64().unwrap()))
            .collect()
    };
    let (shocked, calm) = (series(&summary), series(&control_summary));
    for ((t, s), (_, c)) in shocked.iter().zip(&calm) {
        if *t < t0 {
            assert_eq!(s, c, "the same stance before the shock at {t}");
        } else if *t == t0 + 600_000 {
            assert!(s < &(c - 0.2), "ten minutes after the shock the stance on THYAO is {s}, without it {c}");
        } else if *t > t0 && *t <= t0 + 3_600_000 {
            assert!(s < &(c - 0.05), "at {t} ms the stance on THYAO is {s}, without the shock {c}");
        }
    }
}
