//! `piyasa market`: events queued in the store for a running Piyasa,
//! scenario files checked with errors naming the line.

use crate::support::{piyasa, text};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/scenarios/faiz-ve-bilanco-gunu.yaml");

#[test]
fn a_scenario_file_is_checked_and_an_error_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let ok = piyasa(dir.path()).args(["market", "check", EXAMPLE, "--start", "09:00"]).output().unwrap();
    let out = text(&ok.stdout);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(out.contains("scenario 'faiz-ve-bilanco-gunu': 5 events") && out.contains("14:00"), "{out}");
    assert!(
        out.contains("THYAO -8,00%") && out.contains("[MACRO ▼] Merkez Bankası politika faizini 250 baz puan artırdı"),
        "{out}"
    );
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "events:\n  - at: \"+5m\"\n    jump: 5\n    symbol: THYOA\n").unwrap();
    let r = piyasa(dir.path()).args(["market", "check"]).arg(&bad).output().unwrap();
    assert!(!r.status.success());
    let err = text(&r.stderr);
    assert!(err.contains("bad.yaml: line 2: symbol: 'THYOA' is not a market symbol"), "{err}");
}

#[test]
fn injected_events_are_queued_for_the_running_rooms_and_bad_ones_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("p.db").display());
    let run = |args: &[&str]| piyasa(dir.path()).arg("--db").arg(&db).arg("market").args(args).output().unwrap();
    let r = run(&["shock", "THYOA", "-5%"]);
    assert!(
        !r.status.success() && text(&r.stderr).contains("symbol: 'THYOA' is not a market symbol"),
        "{}",
        text(&r.stderr)
    );
    let r = run(&["shock", "THYAO", "-90%"]);
    assert!(!r.status.success() && text(&r.stderr).contains("jump: -90"), "{}", text(&r.stderr));
    let r = run(&["inject", "THY yolcu sayısında rekor kırdı", "--at", "+5m"]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    assert!(text(&r.stdout).contains("[THYAO ▲] THY yolcu sayısında rekor kırdı"), "{}", text(&r.stdout));
    let r = run(&["shock", "GARAN", "-8%"]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    let r = run(&["schedule", EXAMPLE]);
    assert!(text(&r.stdout).contains("scheduled 5 events"), "{}", text(&r.stdout));
    let status = text(&run(&["status"]).stdout);
    assert!(status.contains("queued events: 7"), "{status}");
    assert!(
        status.contains("cli") && status.contains("GARAN -8,00%") && status.contains("scenario:faiz-ve-bilanco-gunu"),
        "{status}"
    );
    let r = run(&["cancel", "faiz-ve-bilanco-gunu"]);
    assert!(text(&r.stdout).contains("called off 5 events"), "{}", text(&r.stdout));
    assert!(text(&run(&["status"]).stdout).contains("queued events: 2"));
}
