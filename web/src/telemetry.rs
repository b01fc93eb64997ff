//! Logs and traces: `tracing` with an env filter, and, when
//! `telemetry.otlp_endpoint` is set, spans exported over OTLP/HTTP (Jaeger
//! listens on 4318) with the exporter's own blocking client on its own thread.
//!
//! One event is one line: control characters inside an event (a newline in
//! a request path or a person's name that reached an error) are escaped, so
//! nothing from outside can forge a log line.

use crate::settings::{LogFormat, TelemetrySettings};
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::WithExportConfig;
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::trace::{Sampler, SdkTracerProvider};
use tracing::Level;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer as _;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// The crates whose spans are traced.
const TRACED: &[&str] = &["actors", "telegram", "web", "schema", "cli"];

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

/// The OTLP trace pipeline for an endpoint such as `http://127.0.0.1:4318`,
/// keeping `ratio` of the traces (whole: a child follows its parent's choice).
pub fn otlp_provider(endpoint: &str, ratio: f64) -> anyhow::Result<SdkTracerProvider> {
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_endpoint(format!("{}/v1/traces", endpoint.trim_end_matches('/')))
        .build()?;
    Ok(SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_sampler(Sampler::ParentBased(Box::new(Sampler::TraceIdRatioBased(ratio))))
        .with_resource(Resource::builder().with_service_name("piyasa").build())
        .build())
}

impl Telemetry {
    /// Exports the spans that ended so far (tests, and before a planned stop).
    pub fn flush(&self) -> anyhow::Result<()> {
        if let Some(p) = &self.provider {
            p.force_flush()?;
        }
        Ok(())
    }
}

/// Installs the global subscriber, logging to stderr. Call once, in `main`.
pub fn init(settings: &TelemetrySettings) -> anyhow::Result<Telemetry> {
    // Logs go to stderr: stdout carries command output (`personas export`).
    init_with_writer(settings, || OneLine(std::io::stderr()))
}

/// [`init`] with the log lines going to `writer` (tests read them).
pub fn init_with_writer<W>(settings: &TelemetrySettings, writer: W) -> anyhow::Result<Telemetry>
where
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_from_default_env().or_else(|_| EnvFilter::try_new(&settings.log))?;
    let fmt = match settings.format {
        LogFormat::Text => tracing_subscriber::fmt::layer().with_target(false).with_writer(writer).boxed(),
        // One object per line; its `spans` carry the request and trace ids.
        LogFormat::Json => tracing_subscriber::fmt::layer()
            .json()
            .with_current_span(false)
            .with_span_list(true)
            .with_writer(writer)
            .boxed(),
    };
    let provider = settings.otlp_endpoint.as_deref().map(|e| otlp_provider(e, settings.sample_ratio)).transpose()?;
    // Traces keep Piyasa's own spans whatever the log level (a quiet `warn`
    // log still traces every message); other crates' spans stay out.
    let otel = provider.as_ref().map(|p| {
        let ours = Targets::new().with_targets(TRACED.iter().map(|t| (*t, Level::INFO)));
        tracing_opentelemetry::layer()
            .with_tracer(p.tracer("piyasa"))
            // Per-span extras nobody reads here, each a cost on every span:
            // busy/idle timing on every poll, thread and source location attributes.
            .with_tracked_inactivity(false)
            .with_threads(false)
            .with_location(false)
            .with_filter(ours)
    });
    tracing_subscriber::registry().with(fmt.with_filter(filter)).with(otel).try_init()?;
    Ok(Telemetry { provider })
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
