//! [`FakeCollector`]: an OpenTelemetry collector's OTLP/HTTP trace receiver.
//! `POST /v1/traces` takes a protobuf `ExportTraceServiceRequest` (what the
//! OTLP exporter sends to Jaeger or a collector on 4318) and keeps every
//! span; a body that does not decode is answered 400 and kept as a count.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use actix_web::dev::ServerHandle;
use actix_web::web::{self, Bytes, Data};
use actix_web::{HttpRequest, HttpResponse};
use opentelemetry_proto::tonic::collector::trace::v1::{ExportTraceServiceRequest, ExportTraceServiceResponse};
use opentelemetry_proto::tonic::common::v1::any_value::Value;
use prost::Message;

/// One received span, its ids in hex.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedSpan {
    pub trace_id: String,
    pub span_id: String,
    /// None for a root span.
    pub parent_span_id: Option<String>,
    pub name: String,
    /// Attributes as text (`bot` → `mehmet_bist`).
    pub attributes: BTreeMap<String, String>,
    /// The spans this one links to: (trace id, span id).
    pub links: Vec<(String, String)>,
    pub start_ns: u64,
    pub end_ns: u64,
    /// The service that sent it (`service.name`).
    pub service: String,
}

#[derive(Default)]
struct Received {
    spans: Vec<ReceivedSpan>,
    requests: usize,
    rejected: usize,
}

pub struct FakeCollector {
    received: Arc<Mutex<Received>>,
    addr: SocketAddr,
    server: ServerHandle,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for FakeCollector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeCollector").field("addr", &self.addr).finish_non_exhaustive()
    }
}

impl FakeCollector {
    pub fn start() -> FakeCollector {
        let received = Arc::new(Mutex::new(Received::default()));
        let shared = Data::from(received.clone());
        let (addr, server, thread) = crate::serve::serve("fake-collector", move |cfg| {
            cfg.app_data(shared.clone())
                .app_data(web::PayloadConfig::new(64 << 20))
                .route("/v1/traces", web::post().to(export));
        });
        FakeCollector { received, addr, server, thread: Some(thread) }
    }

    /// The endpoint to give an OTLP/HTTP exporter (`http://127.0.0.1:PORT`).
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every span received so far, in arrival order.
    pub fn spans(&self) -> Vec<ReceivedSpan> {
        self.lock().spans.clone()
    }

    /// Export requests received, and how many of them did not decode.
    pub fn requests(&self) -> (usize, usize) {
        let r = self.lock();
        (r.requests, r.rejected)
    }

    /// The spans of `trace_id` as an indented tree (children under their
    /// parent, by start time), one `name  key=value …` line each, with the
    /// attributes named in `shown`.
    pub fn tree(&self, trace_id: &str, shown: &[&str]) -> String {
        let spans: Vec<ReceivedSpan> = self.spans().into_iter().filter(|s| s.trace_id == trace_id).collect();
        let mut out = String::new();
        let ids: Vec<&str> = spans.iter().map(|s| s.span_id.as_str()).collect();
        let mut roots: Vec<&ReceivedSpan> =
            spans.iter().filter(|s| s.parent_span_id.as_deref().is_none_or(|p| !ids.contains(&p))).collect();
        roots.sort_by_key(|s| s.start_ns);
        for r in roots {
            write_tree(&spans, r, 0, shown, &mut out);
        }
        out
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Received> {
        self.received.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn write_tree(all: &[ReceivedSpan], s: &ReceivedSpan, depth: usize, shown: &[&str], out: &mut String) {
    let attrs: Vec<String> = shown.iter().filter_map(|k| s.attributes.get(*k).map(|v| format!("{k}={v}"))).collect();
    let ms = s.end_ns.saturating_sub(s.start_ns) as f64 / 1e6;
    out.push_str(&format!("{}{}  ({ms:.1} ms) {}\n", "  ".repeat(depth), s.name, attrs.join(" ")).replace(" \n", "\n"));
    let mut children: Vec<&ReceivedSpan> =
        all.iter().filter(|c| c.parent_span_id.as_deref() == Some(s.span_id.as_str())).collect();
    children.sort_by_key(|c| c.start_ns);
    for c in children {
        write_tree(all, c, depth + 1, shown, out);
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::StringValue(s)) => s.clone(),
        Some(Value::BoolValue(b)) => b.to_string(),
        Some(Value::IntValue(i)) => i.to_string(),
        Some(Value::DoubleValue(d)) => d.to_string(),
        Some(other) => format!("{other:?}"),
        None => String::new(),
    }
}

async fn export(req: HttpRequest, body: Bytes, received: Data<Mutex<Received>>) -> HttpResponse {
    let protobuf = req.headers().get("content-type").is_some_and(|v| v.as_bytes() == b"application/x-protobuf");
    let decoded = if protobuf { ExportTraceServiceRequest::decode(body.as_ref()).ok() } else { None };
    let mut r = received.lock().unwrap_or_else(PoisonError::into_inner);
    r.requests += 1;
    let Some(export) = decoded else {
        r.rejected += 1;
        return HttpResponse::BadRequest().body("not a protobuf ExportTraceServiceRequest");
    };
    for rs in export.resource_spans {
        let service = rs
            .resource
            .iter()
            .flat_map(|res| &res.attributes)
            .find(|a| a.key == "service.name")
            .map(|a| text(a.value.as_ref().and_then(|v| v.value.as_ref())))
            .unwrap_or_default();
        for span in rs.scope_spans.into_iter().flat_map(|s| s.spans) {
            r.spans.push(ReceivedSpan {
                trace_id: hex(&span.trace_id),
                span_id: hex(&span.span_id),
                parent_span_id: (!span.parent_span_id.is_empty()).then(|| hex(&span.parent_span_id)),
                name: span.name,
                attributes: span
                    .attributes
                    .iter()
                    .map(|a| (a.key.clone(), text(a.value.as_ref().and_then(|v| v.value.as_ref()))))
                    .collect(),
                links: span.links.iter().map(|l| (hex(&l.trace_id), hex(&l.span_id))).collect(),
                start_ns: span.start_time_unix_nano,
                end_ns: span.end_time_unix_nano,
                service: service.clone(),
            });
        }
    }
    HttpResponse::Ok()
        .content_type("application/x-protobuf")
        .body(ExportTraceServiceResponse { partial_success: None }.encode_to_vec())
}

impl Drop for FakeCollector {
    fn drop(&mut self) {
        crate::serve::stop(&self.server, self.thread.take());
    }
}
