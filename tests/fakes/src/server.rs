//! The actix-web app: routes and handlers.

use std::convert::Infallible;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::http::StatusCode;
use actix_web::http::header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use actix_web::web::{self, Bytes, Data};
use actix_web::{HttpRequest, HttpResponse};
use serde_json::{Value, json};

use crate::fault::Fault;
use crate::state::{Plan, Shared};
use crate::wire::{self, RecordedRequest, SSE_DONE};

/// Largest accepted request body (long persona prompts in benchmarks).
const MAX_BODY: usize = 16 * 1024 * 1024;

/// How long [`Fault::Hang`] keeps a request open.
const HANG: Duration = Duration::from_secs(3600);

/// Registers the routes on an app.
pub(crate) fn configure(shared: Data<Shared>) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(shared)
            .app_data(web::PayloadConfig::new(MAX_BODY))
            .route("/v1/chat/completions", web::post().to(chat))
            .route("/v1/models", web::get().to(models));
    }
}

async fn models() -> HttpResponse {
    HttpResponse::Ok().json(wire::models())
}

async fn chat(req: HttpRequest, body: Bytes, shared: Data<Shared>) -> HttpResponse {
    let authorization = req.headers().get(AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (request, valid) = wire::parse(&body, authorization);
    let plan = shared.admit(request.clone(), valid.is_ok());
    if !plan.latency.is_zero() {
        tokio::time::sleep(plan.latency).await;
    }
    if let Err(message) = valid {
        return error(400, None, &message);
    }
    answer(&request, plan).await
}

async fn answer(req: &RecordedRequest, plan: Plan) -> HttpResponse {
    let created = unix_now();
    let id = plan.id;
    match plan.fault {
        Fault::None if req.stream => sse(stream_events(id, created, req, &plan.content, true)),
        Fault::None => HttpResponse::Ok().json(wire::completion(id, created, req, Some(&plan.content))),
        Fault::Status { code, retry_after_secs } => error(code, retry_after_secs, "injected fault"),
        Fault::FailNext { code, .. } => error(code, None, "injected fault"),
        Fault::Hang => {
            tokio::time::sleep(HANG).await;
            error(504, None, "hung request gave up")
        }
        Fault::MalformedJson => {
            let broken = format!(
                r#"{{"id":"chatcmpl-{id}","object":"chat.completion","choices":[{{"index":0,"message":{{"content":"#
            );
            if req.stream {
                sse(vec![format!("data: {broken}\n\n"), SSE_DONE.to_owned()])
            } else {
                raw(StatusCode::OK, "application/json", broken)
            }
        }
        Fault::EmptyChoices if req.stream => {
            let chunk = wire::chunk(id, created, req, json!([]));
            sse(vec![wire::sse(&chunk), SSE_DONE.to_owned()])
        }
        Fault::EmptyChoices => HttpResponse::Ok().json(wire::completion(id, created, req, None)),
        Fault::WrongContentType => raw(
            StatusCode::OK,
            "text/html; charset=utf-8",
            "<!DOCTYPE html><html><head><title>Gateway</title></head>\
             <body><h1>Please sign in</h1></body></html>"
                .to_owned(),
        ),
        Fault::TruncatedStream if req.stream => sse(stream_events(id, created, req, &plan.content, false)),
        Fault::TruncatedStream => {
            let full = wire::completion(id, created, req, Some(&plan.content)).to_string();
            let mut cut = full.len() / 2;
            while !full.is_char_boundary(cut) {
                cut -= 1;
            }
            raw(StatusCode::OK, "application/json", full[..cut].to_owned())
        }
    }
}

/// SSE events of a streamed reply: a role chunk, one chunk per word, then
/// (when `complete`) the finish chunk, the usage chunk if asked, and
/// `[DONE]`. When not `complete`, only the role chunk and two words.
fn stream_events(id: u64, created: u64, req: &RecordedRequest, content: &str, complete: bool) -> Vec<String> {
    let chunk = |choices: Value| wire::sse(&wire::chunk(id, created, req, choices));
    let mut events = vec![chunk(wire::delta_choice(json!({"role": "assistant", "content": ""}), None))];
    let words = content.split_inclusive(' ');
    let words: Vec<&str> = if complete { words.collect() } else { words.take(2).collect() };
    for word in words {
        events.push(chunk(wire::delta_choice(json!({"content": word}), None)));
    }
    if !complete {
        return events;
    }
    events.push(chunk(wire::delta_choice(json!({}), Some("stop"))));
    if req.include_usage() {
        let mut last = wire::chunk(id, created, req, json!([]));
        last["usage"] = wire::usage(wire::prompt_tokens(req), crate::reply::estimate_tokens(content));
        events.push(wire::sse(&last));
    }
    events.push(SSE_DONE.to_owned());
    events
}

/// A 200 `text/event-stream` response sending each event as its own chunk.
fn sse(events: Vec<String>) -> HttpResponse {
    let body = futures::stream::iter(events.into_iter().map(|e| Ok::<_, Infallible>(Bytes::from(e))));
    HttpResponse::Ok().content_type("text/event-stream").insert_header(("cache-control", "no-cache")).streaming(body)
}

fn raw(status: StatusCode, content_type: &str, body: String) -> HttpResponse {
    HttpResponse::build(status).content_type(content_type).body(body)
}

/// An OpenAI error response; an out-of-range code becomes 500.
fn error(code: u16, retry_after_secs: Option<u64>, message: &str) -> HttpResponse {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = HttpResponse::build(status);
    if let Some(secs) = retry_after_secs {
        response.insert_header((RETRY_AFTER, secs.to_string()));
    }
    response.insert_header((CONTENT_TYPE, "application/json")).body(wire::error(status.as_u16(), message).to_string())
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}
