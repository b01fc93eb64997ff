//! Traces leave the process over OTLP/HTTP: an in-process collector stub (a
//! plain TCP server speaking just enough HTTP) receives the exported spans.

use opentelemetry::trace::{Tracer, TracerProvider as _};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::Duration;

/// Accepts one request; sends back (request line, content-type, body length).
fn collector() -> (String, mpsc::Receiver<(String, String, usize)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut request_line = String::new();
        reader.read_line(&mut request_line).unwrap();
        let (mut content_type, mut length) = (String::new(), 0usize);
        loop {
            let mut h = String::new();
            reader.read_line(&mut h).unwrap();
            let h = h.trim_end().to_string();
            if h.is_empty() {
                break;
            }
            let (k, v) = h.split_once(':').unwrap_or((&h, ""));
            match k.to_ascii_lowercase().as_str() {
                "content-type" => content_type = v.trim().to_string(),
                "content-length" => length = v.trim().parse().unwrap_or(0),
                _ => {}
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let mut out = stream;
        out.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").unwrap();
        tx.send((request_line.trim_end().to_string(), content_type, body.len())).unwrap();
    });
    (url, rx)
}

#[test]
fn spans_are_exported_to_an_otlp_http_collector() {
    let (endpoint, received) = collector();
    let provider = web::telemetry::otlp_provider(&endpoint).unwrap();
    let tracer = provider.tracer("piyasa-test");
    tracer.in_span("room.tick", |_| {});
    provider.force_flush().unwrap();
    let (line, content_type, len) = received.recv_timeout(Duration::from_secs(10)).expect("no export arrived");
    assert!(line.starts_with("POST /v1/traces"), "{line}");
    assert_eq!(content_type, "application/x-protobuf");
    assert!(len > 0);
    let _ = provider.shutdown();
}
