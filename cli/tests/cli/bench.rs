//! `piyasa bench`: a tiny run of the real harness reports what a user relies
//! on — messages delivered, none lost, none duplicated, every field there —
//! and leaves no database behind. No timing is asserted.

use crate::support::piyasa;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::Value;
use std::process::Output;

/// Runs `piyasa bench ARGS` with a clean configuration; the output and the child's pid.
fn bench(args: &[&str]) -> (Output, u32) {
    let mut cmd = piyasa(&std::env::temp_dir());
    cmd.arg("bench").args(args);
    cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    let child = cmd.spawn().expect("piyasa runs");
    let pid = child.id();
    (child.wait_with_output().expect("piyasa finishes"), pid)
}

fn report(args: &[&str]) -> (Value, String, u32) {
    let (out, pid) = bench(args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "bench {args:?} failed:\n{stdout}\n{stderr}");
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("--json prints JSON ({e}):\n{stdout}"));
    (json, stderr, pid)
}

const FIELDS: [&str; 22] = [
    "database",
    "delivered",
    "delivered_per_s",
    "llm_calls",
    "llm_calls_per_msg",
    "tokens_in_per_msg",
    "tokens_out_per_msg",
    "cpu_s",
    "cpu_s_fake_llm",
    "cpu_s_per_1000_msgs",
    "cpu_s_per_1000_msgs_excl_llm",
    "cpu_us_per_msg_excl_llm",
    "peak_rss_mib",
    "schedule_lag_ms",
    "e2e_latency_ms",
    "lost",
    "duplicated",
    "telegram_429s",
    "checks",
    "store",
    "channel",
    "window_s",
];

/// The invariants every report must hold.
fn assert_sound(r: &Value) {
    for f in FIELDS {
        assert!(r.get(f).is_some(), "the report lacks {f}: {r}");
    }
    assert_eq!(r["lost"], 0, "{r}");
    assert_eq!(r["duplicated"], 0, "{r}");
    let delivered = r["delivered"].as_u64().unwrap();
    assert!(delivered > 0, "nothing delivered: {r}");
    assert!(r["checks"]["persisted"].as_u64().unwrap() >= delivered, "{r}");
    assert!(r["checks"]["streamed"].as_u64().unwrap() >= delivered, "{r}");
    assert_eq!(r["schedule_lag_ms"]["n"].as_u64(), Some(delivered), "one lag per delivered message: {r}");
    assert!(r["schedule_lag_ms"]["p50"].as_i64().unwrap() <= r["schedule_lag_ms"]["p99"].as_i64().unwrap());
    if r["channel"] == "web" {
        assert_eq!(r["telegram_429s"], Value::Null, "no Telegram on the web channel: {r}");
    }
}

/// Files in the temp dir that a bench run with this pid would have made.
fn leftover_sqlite(pid: u32) -> Vec<String> {
    let prefix = format!("piyasa-bench-{pid}_");
    std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix))
        .collect()
}

const TINY: [&str; 10] = ["--bots", "6", "--rooms", "2", "--duration", "3", "--rate", "max", "--llm-latency", "0"];

#[test]
fn a_tiny_bench_on_sqlite_delivers_loses_nothing_and_removes_its_database() {
    let (r, stderr, pid) = report(&[&TINY[..], &["--json"]].concat());
    assert_sound(&r);
    assert_eq!(r["store"], "sqlite");
    assert!(r["llm_calls"].as_u64().unwrap() >= r["delivered"].as_u64().unwrap(), "each message asks the LLM: {r}");
    assert!(stderr.contains("delivered"), "progress on stderr:\n{stderr}");
    assert_eq!(leftover_sqlite(pid), Vec::<String>::new());
    let path = r["database"].as_str().unwrap().trim_start_matches("sqlite://").to_owned();
    assert!(path.contains(&format!("piyasa-bench-{pid}_")) && !std::path::Path::new(&path).exists(), "{path}");
}

#[test]
fn a_tiny_bench_on_the_varied_fake_delivers_and_says_which_fake_answered() {
    let (r, _, _) = report(&[&TINY[..], &["--replies", "varied", "--json"]].concat());
    assert_sound(&r);
    assert!(r["llm"].as_str().unwrap().contains("varied replies"), "{r}");
}

#[test]
fn a_tiny_bench_runs_on_virtual_time_too() {
    let (r, _, _) =
        report(&["--bots", "6", "--rooms", "2", "--duration", "120", "--rate", "max", "--virtual-time", "--json"]);
    assert_sound(&r);
    assert_eq!(r["virtual_time"], true);
}

#[test]
fn a_tiny_bench_through_fake_telegram_groups_gets_no_429_and_sends_each_message_once() {
    // Pacing off: four bots say several messages a second into one group.
    let args = ["--bots", "4", "--rooms", "1", "--duration", "5", "--rate", "max", "--llm-latency", "0"];
    let (r, _, _) = report(&[&args[..], &["--channel", "telegram", "--json"]].concat());
    assert_sound(&r);
    assert_eq!(r["channel"], "telegram");
    let t = &r["telegram"];
    assert_eq!(r["telegram_429s"], 0, "{r}");
    assert!(t["sent"].as_u64().unwrap() > 0, "nothing reached the group: {r}");
    assert_eq!(t["send_calls_ok"], t["outbox_sent"], "a message sent twice or an acknowledgement lost: {r}");
    assert_eq!(t["outbox_failed"], 0, "{r}");
    let (sent, waiting) = (t["sent"].as_u64().unwrap(), t["outbox_waiting"].as_u64().unwrap());
    // The channel attaches a moment after the rooms start talking: what they said
    // before it listened stays in the web room only.
    assert!(sent + waiting <= r["checks"]["persisted"].as_u64().unwrap(), "more sent than said: {r}");
}

fn pg_admin_url() -> String {
    std::env::var("PIYASA_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

#[actix_web::test]
async fn a_tiny_bench_on_postgres_delivers_loses_nothing_and_drops_its_database() {
    let admin = pg_admin_url();
    let (r, _, pid) = report(&[&TINY[..], &["--db", &admin, "--json"]].concat());
    assert_sound(&r);
    assert_eq!(r["store"], "postgres");
    let url = r["database"].as_str().unwrap();
    assert!(url.contains(&format!("piyasa_bench_{pid}_")), "{url}");
    assert!(AsyncPgConnection::establish(url).await.is_err(), "{url} is still there");
}

#[actix_web::test]
async fn a_tiny_bench_on_two_worker_processes_delivers_answers_people_and_drops_its_database() {
    let admin = pg_admin_url();
    let args = ["--workers", "2", "--bots", "8", "--rooms", "4", "--duration", "6", "--rate", "max"];
    let (r, stderr, pid) = report(&[&args[..], &["--llm-latency", "0", "--db", &admin, "--json"]].concat());
    assert_eq!(r["workers"], 2, "{r}");
    assert!(r["delivered"].as_u64().unwrap() > 0, "the workers delivered nothing: {r}");
    assert!(r["asked"].as_u64().unwrap() >= 3, "{r}");
    assert!(r["answered"].as_u64().unwrap() >= 1, "nobody was answered: {r}");
    assert_eq!(r["rss_mib"].as_array().unwrap().len(), 2, "{r}");
    assert!(stderr.contains("4 rooms shared out"), "{stderr}");
    // The database is gone with the workers.
    let url = r["database"].as_str().unwrap();
    assert!(url.contains(&format!("piyasa_bench_{pid}_")), "{url}");
    assert!(AsyncPgConnection::establish(url).await.is_err(), "{url} is still there");
}

#[test]
fn bad_bench_flags_are_refused_by_name_before_anything_starts() {
    for (args, says) in [
        (&["--channel", "telegram", "--virtual-time"][..], "--virtual-time"),
        (&["--rate", "0"][..], "rate"),
        (&["--llm-latency", "fast"][..], "--llm-latency"),
        (&["--bots", "1", "--rooms", "2"][..], "--bots"),
        (&["--db", "mysql://x"][..], "--db"),
        (&["--virtual-time", "--db", "postgres"][..], "--virtual-time"),
        (&["--workers", "2", "--db", "sqlite"][..], "--workers"),
        (&["--workers", "0"][..], "--workers"),
        (&["--replies", "many"][..], "--replies"),
    ] {
        let (out, pid) = bench(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} was accepted");
        assert!(stderr.contains(says), "{args:?}: the error should name {says}:\n{stderr}");
        assert_eq!(leftover_sqlite(pid), Vec::<String>::new());
    }
}
