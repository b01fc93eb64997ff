//! Logs and traces: `tracing` with an env filter, and, when
//! `telemetry.otlp_endpoint` is set, spans exported over OTLP/HTTP (Jaeger
//! listens on 4318) with the exporter's own blocking client on its own thread.

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
    let fmt = tracing_subscriber::fmt::layer().with_target(false).with_writer(std::io::stderr);
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
