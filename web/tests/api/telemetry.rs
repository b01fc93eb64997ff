//! Traces leave the process over OTLP/HTTP: a fake collector receives the
//! exported spans (the whole path of one message: `tests/traces.rs`).

use opentelemetry::trace::{Tracer, TracerProvider as _};
use std::time::{Duration, Instant};

#[test]
fn spans_are_exported_to_an_otlp_http_collector() {
    let collector = fakes::FakeCollector::start();
    let provider = web::telemetry::otlp_provider(&collector.endpoint(), 1.0).unwrap();
    let tracer = provider.tracer("piyasa-test");
    tracer.in_span("room.tick", |_| {});
    provider.force_flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while collector.spans().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let spans = collector.spans();
    assert_eq!(spans.len(), 1, "{spans:?}");
    assert_eq!((spans[0].name.as_str(), spans[0].service.as_str()), ("room.tick", "piyasa"));
    assert_eq!(collector.requests(), (1, 0), "one protobuf export, decoded");
    let _ = provider.shutdown();
}
