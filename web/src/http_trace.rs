//! One span per HTTP request, through tracing-actix-web's `TracingLogger`
//! with our own root span: named by route pattern (never the raw path: no
//! names or ids of people in span names), continuing a caller's W3C
//! `traceparent`, carrying the request id (also sent back in `x-request-id`)
//! and the trace id, so the JSON logs of a request can be found in Jaeger.
//! Internal errors log their cause chain where they are made (`error`).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use actors::trace::TraceContext;
use tracing::Span;
use tracing::field::Empty;
use tracing_actix_web::{RequestId, RootSpanBuilder};

/// The middleware: `App::wrap(http_trace::logger())`, outermost.
pub fn logger() -> tracing_actix_web::TracingLogger<Root> {
    tracing_actix_web::TracingLogger::new()
}

/// Piyasa's root span of a request.
pub struct Root;

impl RootSpanBuilder for Root {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let route = request.match_pattern().unwrap_or_else(|| "unmatched".into());
        let method = request.method().as_str();
        let request_id = request.extensions().get::<RequestId>().map(ToString::to_string).unwrap_or_default();
        let span = tracing::info_span!(
            "http.request",
            otel.name = %format!("{method} {route}"),
            otel.kind = "server",
            otel.status_code = Empty,
            http.method = %method,
            http.route = %route,
            http.status_code = Empty,
            exception.message = Empty,
            request_id = %request_id,
            trace_id = Empty,
        );
        TraceContext::from_headers(|name| request.headers().get(name).and_then(|v| v.to_str().ok())).adopt(&span);
        span
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let (status, error) = match outcome {
            Ok(res) => (res.status(), res.response().error().map(ToString::to_string)),
            Err(e) => (e.as_response_error().status_code(), Some(e.to_string())),
        };
        span.record("http.status_code", status.as_u16());
        span.record("otel.status_code", if status.is_server_error() { "ERROR" } else { "OK" });
        // An API error's message is the public one (internal causes are logged, not answered).
        if let Some(message) = error.filter(|_| status.is_server_error()) {
            span.record("exception.message", message.as_str());
        }
    }
}

/// Sends the request id back (`x-request-id`), for an operator to quote.
pub async fn request_id_header(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let id = req.extensions().get::<RequestId>().map(ToString::to_string);
    let mut res = next.call(req).await?;
    if let Some(value) = id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        res.headers_mut().insert(HeaderName::from_static("x-request-id"), value);
    }
    Ok(res)
}
