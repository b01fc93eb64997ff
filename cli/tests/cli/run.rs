//! `piyasa run` refusing to start: the error names the problem, nothing
//! panics, and nothing was started or written.

use crate::support::{piyasa, text};

#[test]
fn a_taken_port_is_a_clear_error_before_anything_starts() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let db = dir.path().join("p.db");
    let db_url = format!("sqlite://{}", db.display());
    let out = piyasa(dir.path()).args(["run", "--port", &port, "--db", &db_url]).output().unwrap();
    let stderr = text(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains(&format!("server.port: cannot listen on 127.0.0.1:{port}")), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!db.exists(), "nothing was written before the port was bound");
}
