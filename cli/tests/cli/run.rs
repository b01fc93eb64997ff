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

/// One HTTP/1.1 request over a fresh connection; the raw answer.
fn get(port: u16, path: &str) -> String {
    use std::io::{Read as _, Write as _};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn sigterm_stops_gracefully_while_a_room_stream_is_open() {
    use std::io::{BufRead as _, BufReader, Read as _, Write as _};
    let dir = tempfile::tempdir().unwrap();
    let db_url = format!("sqlite://{}", dir.path().join("p.db").display());
    let mut child = piyasa(dir.path())
        .args(["run", "--port", "0", "--db", &db_url])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read while it runs: a full pipe would block its logging.
    let mut err = child.stderr.take().unwrap();
    let log = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = err.read_to_string(&mut text);
        text
    });
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port: u16 = loop {
        let line = lines.next().expect("piyasa run ended before it was live").unwrap();
        if let Some(url) = line.trim().strip_prefix("Piyasa is live: open http://127.0.0.1:") {
            break url.trim_end_matches('/').parse().unwrap();
        }
    };
    assert!(get(port, "/livez").starts_with("HTTP/1.1 200"));
    assert!(get(port, "/readyz").starts_with("HTTP/1.1 200"));
    // A person watching the room: a stream that never ends by itself.
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET /api/rooms/piyasa-sohbet/stream HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 200");

    let killed = std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    // Well inside the server's 20 s shutdown timeout: an open stream must
    // not hold the stop (Kubernetes SIGKILLs after its 30 s grace period).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "still running after SIGTERM");
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let stderr = log.join().unwrap();
    assert!(status.success(), "{status:?}\n{stderr}");
    assert!(stderr.contains("SIGTERM"), "the log says why it stopped: {stderr}");
    let mut rest = Vec::new();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(5))).unwrap();
    stream.read_to_end(&mut rest).expect("the stream was closed, not left hanging");
}
