//! Workers mode: a request for a room that another worker runs
//! (`/api/rooms/{id}` and below: people's posts, history, the live stream,
//! operators' changes) is forwarded to that worker at the address it keeps
//! in Redis, and its answer streamed back, so a load balancer may send any
//! request to any worker. The owner checks the request as if it had come
//! straight to it (sessions and person cookies live in the shared
//! database). A forwarded request carries [`FORWARDED_BY`] and is never
//! forwarded again: if ownership moved on the way, the second worker
//! answers 421 `room_on_another_worker` itself. It also carries the
//! person's address, signed with a key the workers share through the
//! database ([`ForwardKey`]), so the owner's throttles and stream caps count
//! the person, not the worker that passed the request on.

use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest as _, HttpResponse, ResponseError as _, web};
use futures::TryStreamExt as _;
use std::sync::LazyLock;
use std::time::Duration;

/// Set by the worker that forwards a request: its id.
pub const FORWARDED_BY: &str = "x-piyasa-forwarded-by";
/// The person's address as the forwarding worker saw it, and its signature.
const CLIENT: &str = "x-piyasa-client";
const CLIENT_SIG: &str = "x-piyasa-client-sig";

/// The key the workers sign a forwarded person's address with (a server
/// secret, shared through the database).
pub struct ForwardKey(pub aws_lc_rs::hmac::Key);

/// The person's address of a request another worker forwarded, when its
/// signature holds.
pub fn vouched_client(req: &actix_web::HttpRequest) -> Option<String> {
    let key = req.app_data::<web::Data<ForwardKey>>()?;
    let ip = req.headers().get(CLIENT)?.to_str().ok()?;
    let sig = req.headers().get(CLIENT_SIG)?.to_str().ok()?;
    let tag = crate::crypto::unhex(sig)?;
    aws_lc_rs::hmac::verify(&key.0, ip.as_bytes(), &tag).ok()?;
    Some(ip.chars().take(64).collect())
}

/// Headers about one connection, not the request: never copied across.
const HOP_BY_HOP: [&str; 9] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "host",
    "content-length",
];

/// How long the owner may take to accept the connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// One client for every forwarded request (pooled connections). No overall
/// timeout: a stream lasts as long as the person keeps it open; the
/// request deadline (`limits`) bounds the wait for the owner's answer.
static HTTP: LazyLock<reqwest::Client> = LazyLock::new(|| {
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        // unwrap: a client with these options always builds (no TLS settings).
        .unwrap()
});

/// The middleware: forwards a request for a room run elsewhere, else passes it on.
pub async fn forward(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some((me, owner, base)) = elsewhere(&req) else {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    };
    let (http, mut payload) = req.into_parts();
    let body = web::Bytes::from_request(&http, &mut payload).await?;
    let target = format!("{base}{}", http.uri().path_and_query().map_or("/", |p| p.as_str()));
    // unwrap: actix accepted the method, so it is a valid token.
    let method = reqwest::Method::from_bytes(http.method().as_str().as_bytes()).unwrap();
    let mut out = HTTP.request(method, target).body(body);
    for (name, value) in http.headers() {
        if !HOP_BY_HOP.contains(&name.as_str()) && name != CLIENT && name != CLIENT_SIG {
            out = out.header(name.as_str(), value.as_bytes());
        }
    }
    if let (Some(key), Some(state)) = (http.app_data::<web::Data<ForwardKey>>(), http.app_data::<web::Data<AppState>>())
    {
        let client = crate::auth::client_ip(&http, state.auth.trust_forwarded_for);
        out = out.header(CLIENT_SIG, crate::crypto::hmac_hex(&key.0, client.as_bytes())).header(CLIENT, client);
    }
    let room = room_of(http.path()).unwrap_or_default().to_string();
    let response = match out.header(FORWARDED_BY, me).send().await {
        Ok(r) => relay(r),
        Err(e) => {
            tracing::warn!(room = %room, worker = %owner, error = %e, "a request could not be forwarded to the room's worker");
            let msg = format!("room '{room}' runs on worker {owner}, which did not answer; try again shortly");
            ApiError::new(ErrorCode::Unavailable, msg).retry_after(1).error_response()
        }
    };
    Ok(ServiceResponse::new(http, response))
}

/// The owner's answer, streamed back with its status and headers.
fn relay(r: reqwest::Response) -> HttpResponse {
    let status =
        actix_web::http::StatusCode::from_u16(r.status().as_u16()).unwrap_or(actix_web::http::StatusCode::BAD_GATEWAY);
    let mut back = HttpResponse::build(status);
    for (name, value) in r.headers() {
        if !HOP_BY_HOP.contains(&name.as_str()) {
            back.append_header((name.as_str(), value.as_bytes()));
        }
    }
    back.streaming(r.bytes_stream().map_err(actix_web::error::ErrorBadGateway))
}

/// This worker, the owner and its address, when the request is for a room
/// that another live worker runs.
fn elsewhere(req: &ServiceRequest) -> Option<(String, String, String)> {
    if req.headers().contains_key(FORWARDED_BY) {
        return None;
    }
    let room = room_of(req.path())?;
    let state = req.app_data::<web::Data<AppState>>()?;
    let workers = state.community.workers()?;
    if state.community.room(room).is_some() {
        return None;
    }
    let (owner, url) = workers.forward_to(room)?;
    Some((workers.me(), owner, url))
}

/// The room of a `/api/rooms/{id}` path (and below).
fn room_of(path: &str) -> Option<&str> {
    path.strip_prefix("/api/rooms/")?.split('/').next().filter(|r| !r.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn key(byte: u8) -> web::Data<ForwardKey> {
        web::Data::new(ForwardKey(aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, &[byte; 32])))
    }

    #[test]
    fn an_address_is_taken_from_a_forwarded_request_only_under_the_workers_key() {
        let ours = key(7);
        let sig = crate::crypto::hmac_hex(&ours.0, b"203.0.113.9");
        let signed = |k: web::Data<ForwardKey>, ip: &str, sig: &str| {
            TestRequest::default()
                .app_data(k)
                .insert_header((CLIENT, ip))
                .insert_header((CLIENT_SIG, sig))
                .to_http_request()
        };
        assert_eq!(vouched_client(&signed(ours.clone(), "203.0.113.9", &sig)), Some("203.0.113.9".into()));
        // Another address under the same signature, another key, or no key at all (one process): not taken.
        assert_eq!(vouched_client(&signed(ours, "198.51.100.1", &sig)), None);
        assert_eq!(vouched_client(&signed(key(8), "203.0.113.9", &sig)), None);
        let alone = TestRequest::default().insert_header((CLIENT, "203.0.113.9")).insert_header((CLIENT_SIG, sig));
        assert_eq!(vouched_client(&alone.to_http_request()), None);
    }

    #[test]
    fn only_paths_of_one_room_name_a_room() {
        assert_eq!(room_of("/api/rooms/oda-bist/messages"), Some("oda-bist"));
        assert_eq!(room_of("/api/rooms/oda-bist"), Some("oda-bist"));
        assert_eq!(room_of("/api/rooms"), None);
        assert_eq!(room_of("/api/rooms/"), None);
        assert_eq!(room_of("/api/roomsx/a"), None);
    }
}
