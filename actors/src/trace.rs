//! One trace per message: the OpenTelemetry context that travels with a
//! person's message, a bot's turn and an outbox row, between actors (in
//! their messages) and across the store (as a W3C `traceparent`).
//!
//! Spans are `tracing` spans; the `tracing-opentelemetry` layer (installed by
//! the application when `telemetry.otlp_endpoint` is set) turns them into
//! OpenTelemetry spans. Without that layer every function here is a cheap
//! no-op: contexts are empty and nothing is linked.

use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::trace::{SpanContext, TraceContextExt};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use std::collections::HashMap;
use std::sync::Arc;
use tracing::Span;
use tracing_opentelemetry::OpenTelemetrySpanExt;

/// Where a piece of work sits in a trace: the span it continues, if any.
/// One pointer wide (every message on a room's stream carries one).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TraceContext(Option<Arc<SpanContext>>);

impl TraceContext {
    /// The context of `span` (empty without the OpenTelemetry layer).
    pub fn of(span: &Span) -> Self {
        let cx = span.context();
        Self::valid(cx.span().span_context().clone())
    }

    fn valid(sc: SpanContext) -> Self {
        TraceContext(sc.is_valid().then(|| Arc::new(sc)))
    }

    /// The context of the span the caller is in.
    pub fn current() -> Self {
        Self::of(&Span::current())
    }

    /// Makes `span` a child of this context and records the trace id in
    /// its `trace_id` field (for the logs); call it right after creating the
    /// span, before it is entered. An empty context leaves `span` a root.
    pub fn adopt(&self, span: &Span) {
        if let Some(sc) = &self.0 {
            let parent = opentelemetry::Context::new().with_remote_span_context(SpanContext::clone(sc));
            // Fails only without the layer, or once the span started: then it stays a root.
            let _ = span.set_parent(parent);
        }
        record_trace_id(span);
    }

    /// Adds a link from `span` to this context (a turn that answers a bot's
    /// message points at the trace that delivered it).
    pub fn link_from(&self, span: &Span) {
        if let Some(sc) = &self.0 {
            span.add_link(SpanContext::clone(sc));
        }
    }

    /// The W3C `traceparent` header value, to store with an outbox row.
    pub fn traceparent(&self) -> Option<String> {
        let sc = self.0.as_ref()?;
        let cx = opentelemetry::Context::new().with_remote_span_context(SpanContext::clone(sc));
        let mut carrier = HashMap::new();
        TraceContextPropagator::new().inject_context(&cx, &mut carrier);
        carrier.remove("traceparent")
    }

    /// A context read back from a `traceparent` value; malformed: empty.
    pub fn from_traceparent(value: Option<&str>) -> Self {
        let Some(value) = value else { return TraceContext(None) };
        let carrier = HashMap::from([("traceparent".to_string(), value.to_string())]);
        let cx = TraceContextPropagator::new().extract(&carrier);
        Self::valid(cx.span().span_context().clone())
    }

    /// A context read from incoming HTTP headers (`traceparent`).
    pub fn from_headers<'a>(mut get: impl FnMut(&str) -> Option<&'a str>) -> Self {
        Self::from_traceparent(get("traceparent"))
    }

    /// The trace id in hex, as the logs and Jaeger show it.
    pub fn trace_id(&self) -> Option<String> {
        self.0.as_ref().map(|sc| sc.trace_id().to_string())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }
}

/// A span around one store call (`otel.name` "store insert_message").
pub fn store_span(operation: &'static str) -> Span {
    tracing::info_span!("store", otel.name = format!("store {operation}"), db.operation = operation)
}

/// Fills `span`'s `trace_id` field (declared `tracing::field::Empty`) with
/// its trace id, so that log lines inside it carry the id Jaeger shows.
pub fn record_trace_id(span: &Span) {
    if let Some(id) = TraceContext::of(span).trace_id() {
        span.record("trace_id", id.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_traceparent_round_trips_and_garbage_is_no_context() {
        let tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let cx = TraceContext::from_traceparent(Some(tp));
        assert_eq!(cx.trace_id().as_deref(), Some("4bf92f3577b34da6a3ce929d0e0e4736"));
        assert_eq!(cx.traceparent().as_deref(), Some(tp));
        for bad in ["", "00-xyz", "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "zz-a-b-c\n"] {
            assert!(TraceContext::from_traceparent(Some(bad)).is_empty(), "{bad:?}");
        }
        assert!(TraceContext::from_traceparent(None).traceparent().is_none());
    }

    #[test]
    fn without_the_layer_spans_have_no_context_and_adopting_is_harmless() {
        let span = tracing::info_span!("room.turn", trace_id = tracing::field::Empty);
        let parent = TraceContext::from_traceparent(Some("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        parent.adopt(&span);
        assert!(TraceContext::of(&span).is_empty());
    }
}
