//! Logs and traces: `tracing` with an env filter, and, when
//! `telemetry.otlp_endpoint` is set, spans exported over OTLP/HTTP (Jaeger
//! listens on 4318) with the exporter's own blocking client on its own thread.
//!
//! One event is one line: control characters inside an event (a newline in
//! a request path or a person's name that reached an error) are escaped, so
//! nothing from outside can forge a log line.

use crate::settings::TelemetrySettings;
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::WithExportConfig;
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Keeps the trace pipeline alive; flushes on drop.
pub struct Telemetry {
    provider: Option<SdkTracerProvider>,
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        if let Some(p) = self.provider.take() {
            let _ = p.shutdown();
        }
    }
}

/// The OTLP trace pipeline for an endpoint such as `http://127.0.0.1:4318`.
pub fn otlp_provider(endpoint: &str) -> anyhow::Result<SdkTracerProvider> {
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_endpoint(format!("{}/v1/traces", endpoint.trim_end_matches('/')))
        .build()?;
    Ok(SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(Resource::builder().with_service_name("piyasa").build())
        .build())
}

/// Installs the global subscriber. Call once, in `main`.
pub fn init(settings: &TelemetrySettings) -> anyhow::Result<Telemetry> {
    let filter = EnvFilter::try_from_default_env().or_else(|_| EnvFilter::try_new(&settings.log))?;
    // Logs go to stderr: stdout carries command output (`personas export`).
    let fmt = tracing_subscriber::fmt::layer().with_target(false).with_writer(|| OneLine(std::io::stderr()));
    match &settings.otlp_endpoint {
        Some(endpoint) => {
            let provider = otlp_provider(endpoint)?;
            let otel = tracing_opentelemetry::layer().with_tracer(provider.tracer("piyasa"));
            tracing_subscriber::registry().with(filter).with(fmt).with(otel).try_init()?;
            Ok(Telemetry { provider: Some(provider) })
        }
        None => {
            tracing_subscriber::registry().with(filter).with(fmt).try_init()?;
            Ok(Telemetry { provider: None })
        }
    }
}

/// A log writer that keeps each event on one line: the formatter writes a
/// whole event per call, ending in a newline; any other control character
/// in it is escaped (`\n`, `\r`, `\u{1b}`).
pub struct OneLine<W>(pub W);

impl<W: std::io::Write> std::io::Write for OneLine<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let (body, end) = match buf.strip_suffix(b"\n") {
            Some(body) => (body, &b"\n"[..]),
            None => (buf, &b""[..]),
        };
        if !body.iter().any(|b| b.is_ascii_control() && *b != b'\t' && *b != 0x1b) {
            self.0.write_all(buf)?;
            return Ok(buf.len());
        }
        let mut out = Vec::with_capacity(buf.len() + 8);
        for &b in body {
            match b {
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' | 0x1b => out.push(b),
                b if b.is_ascii_control() => out.extend_from_slice(format!("\\u{{{b:x}}}").as_bytes()),
                b => out.push(b),
            }
        }
        out.extend_from_slice(end);
        self.0.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_with_a_newline_inside_stays_one_line() {
        let logs = fakes::LogCapture::default();
        let writer = logs.clone();
        let subscriber =
            tracing_subscriber::fmt().with_writer(move || OneLine(writer.clone())).with_ansi(false).finish();
        tracing::subscriber::with_default(subscriber, || {
            let path = "/api/rooms/x\n2026-12-04T00:00:00Z ERROR forged";
            tracing::warn!(path = %path, "odd request");
            tracing::info!("second");
        });
        let text = logs.text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].contains("x\\n2026-12-04T00:00:00Z ERROR forged"), "{text}");
    }
}
