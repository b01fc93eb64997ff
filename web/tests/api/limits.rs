//! What one client can hold: a body sent a byte at a time ends in 408, and
//! with the main port full of idle connections the probes still answer on
//! the operations address.

use crate::helpers::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A free port on this machine (for `metrics.listen`).
fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[actix_web::test]
async fn a_body_sent_a_byte_at_a_time_gets_408_and_the_connection_closes() {
    let app = spawn_app_with_settings(|s| s.server.request_timeout_ms = 600).await;
    let port = app.port;
    let (status, took, closed) = tokio::task::spawn_blocking(move || {
        let mut c = TcpStream::connect(("127.0.0.1", port)).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let body = r#"{"author":"Yavaş","text":"merhaba herkese, çok yavaş yazıyorum"}"#;
        let head = format!(
            "POST /api/rooms/piyasa-sohbet/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        c.write_all(head.as_bytes()).unwrap();
        let started = Instant::now();
        // A byte every 100 ms: the whole body would take seconds.
        for b in body.as_bytes() {
            if c.write_all(&[*b]).is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
            if started.elapsed() > Duration::from_secs(3) {
                break;
            }
        }
        let mut answer = Vec::new();
        let closed = c.read_to_end(&mut answer).is_ok();
        let text = String::from_utf8_lossy(&answer).to_string();
        (text.lines().next().unwrap_or_default().to_string(), started.elapsed(), closed)
    })
    .await
    .unwrap();
    assert!(status.starts_with("HTTP/1.1 408"), "{status}");
    assert!(took < Duration::from_secs(4), "answered after {took:?}");
    assert!(closed, "the connection is closed after a 408");
    let history = app.get("/api/rooms/piyasa-sohbet/messages").await.text().await.unwrap();
    assert!(!history.contains("çok yavaş"), "a message that never arrived whole is not stored");
    app.stop().await;
}

#[actix_web::test]
async fn with_the_main_port_full_the_probes_answer_on_the_operations_address() {
    let ops = free_port();
    let app = spawn_app_with_settings(|s| {
        s.server.max_connections = Some(16);
        s.metrics.listen = Some(format!("127.0.0.1:{ops}"));
    })
    .await;
    // More idle connections than the cap: each worker holds its share, the rest wait.
    let idle: Vec<TcpStream> = (0..24).map(|_| TcpStream::connect(("127.0.0.1", app.port)).unwrap()).collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let quick = reqwest::Client::builder().timeout(Duration::from_millis(1500)).build().unwrap();
    let main = quick.get(format!("{}/readyz", app.address)).send().await;
    assert!(main.is_err(), "the main port is full: {:?}", main.map(|r| r.status()));
    for path in ["/readyz", "/livez"] {
        let r = quick.get(format!("http://127.0.0.1:{ops}{path}")).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path} on the operations address");
    }
    drop(idle);
    let r = reqwest::Client::new().get(format!("{}/readyz", app.address)).send().await.unwrap();
    assert_eq!(r.status(), 200, "the main port answers again once the idle connections go");
    app.stop().await;
}
