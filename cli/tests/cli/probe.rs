//! `piyasa probe` refusing to start: no server at the address, or a bad
//! `--wait`, is a clear message and exit status 2, before anything is posted.

use crate::support::{piyasa, text};

#[test]
fn a_server_that_does_not_answer_is_a_clear_error_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = piyasa(dir.path()).args(["probe", "--url", "http://127.0.0.1:1", "--wait", "5s"]).output().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot reach http://127.0.0.1:1"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_wait_that_is_not_a_time_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = piyasa(dir.path()).args(["probe", "--url", "http://127.0.0.1:1", "--wait", "soon"]).output().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--wait soon: want a time like 90s"), "{stderr}");
}
