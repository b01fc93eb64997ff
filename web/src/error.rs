//! Error policy for the web layer.
//!
//! - Handlers return `Result<_, ApiError>`. Every error reaches the client as
//!   one JSON shape: `{"code": "snake_case_code", "message": "human text"}`.
//!   `code` is an [`ErrorCode`]: stable, one enum for the whole API, each with
//!   its HTTP status; clients branch on it, never on `message`.
//! - 4xx errors say what was wrong with the request and change nothing.
//! - A 5xx tells the client only `internal_error`; the whole cause chain is
//!   logged once, here, at error level.
//! - A bad field is named twice: in the message and in `field`
//!   (`{"code": "invalid_field", "field": "role", "message": "role: …"}`).
//! - 401 means "who are you?" (no or bad credentials); 403 means "not you"
//!   (role too low, API key where a session is needed, CSRF token missing).
//!   429 carries `Retry-After`. Messages never echo a secret.
//! - Below the web layer, `anyhow` with `.context(..)` (actors) and typed
//!   errors (engine, schema) carry the cause up to this point.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// Every error code the API returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No such route or asset.
    NotFound,
    RoomNotFound,
    /// `reply_to` names a message that is not in the room.
    ReplyNotFound,
    InvalidJson,
    InvalidQuery,
    InvalidPath,
    InvalidLimit,
    InvalidAuthor,
    InvalidText,
    InvalidUser,
    /// A body field is missing its rules; `field` names it.
    InvalidField,
    /// No credentials where the route needs them.
    Unauthenticated,
    /// A bearer token that is not a live API key.
    InvalidApiKey,
    /// The session cookie names no live session (expired, revoked, unknown).
    SessionExpired,
    /// Wrong username or password (never which of the two).
    InvalidCredentials,
    /// The account has TOTP: send `totp_code` or `recovery_code`.
    TotpRequired,
    InvalidTotp,
    /// The credentials are good but the role is too low.
    Forbidden,
    /// The route is for a console session, not an API key.
    SessionRequired,
    /// A state-changing request from a session without the right `X-CSRF-Token`.
    CsrfFailed,
    UserNotFound,
    KeyNotFound,
    /// No such bot (persona), membership, Telegram account or mapping.
    BotNotFound,
    /// The change does not fit the current state: the thing exists already,
    /// or the store changed since a preview.
    Conflict,
    /// A Telegram change while Telegram is off (`telegram.enabled`).
    TelegramOff,
    UsernameTaken,
    /// The change would leave no admin who can log in.
    LastAdmin,
    TotpAlreadyEnabled,
    TotpNotSetUp,
    /// Another person holds this display name in the room.
    NameTaken,
    /// The route exists but not for this method (`Allow` lists the methods).
    MethodNotAllowed,
    /// The request body is over `server.max_body_bytes`.
    PayloadTooLarge,
    /// The message text is over its limit.
    TextTooLong,
    /// Too many requests from this client; `Retry-After` says when to retry.
    TooManyRequests,
    /// Too many failed logins: the account is locked for a while.
    AccountLocked,
    /// The request did not arrive and finish within `server.request_timeout_ms`.
    RequestTimeout,
    /// A part of Piyasa the request needs is not running.
    Unavailable,
    /// Workers mode: the room runs on another worker (named in the message).
    RoomOnAnotherWorker,
    InternalError,
}

impl ErrorCode {
    /// The HTTP status that goes with the code.
    pub fn status(self) -> StatusCode {
        use ErrorCode::*;
        match self {
            NotFound | RoomNotFound => StatusCode::NOT_FOUND,
            ReplyNotFound | InvalidJson | InvalidQuery | InvalidPath | InvalidLimit | InvalidAuthor | InvalidText
            | InvalidUser | InvalidField | TotpNotSetUp => StatusCode::BAD_REQUEST,
            UserNotFound | KeyNotFound | BotNotFound => StatusCode::NOT_FOUND,
            Unauthenticated | InvalidApiKey | SessionExpired | InvalidCredentials | TotpRequired | InvalidTotp => {
                StatusCode::UNAUTHORIZED
            }
            Forbidden | SessionRequired | CsrfFailed => StatusCode::FORBIDDEN,
            UsernameTaken | LastAdmin | TotpAlreadyEnabled | NameTaken | Conflict | TelegramOff => StatusCode::CONFLICT,
            MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            PayloadTooLarge | TextTooLong => StatusCode::PAYLOAD_TOO_LARGE,
            TooManyRequests | AccountLocked => StatusCode::TOO_MANY_REQUESTS,
            RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            RoomOnAnotherWorker => StatusCode::MISDIRECTED_REQUEST,
            InternalError => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// The body field at fault, if one is (`pacing.min_gap_ms` for a nested one).
    pub field: Option<Cow<'static, str>>,
    /// Seconds until a retry may succeed (429).
    pub retry_after: Option<u64>,
}

#[derive(Serialize)]
struct Body<'a> {
    code: ErrorCode,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into(), field: None, retry_after: None }
    }

    /// A bad body field: `invalid_field` naming it, in the message too.
    pub fn field(field: impl Into<Cow<'static, str>>, message: impl std::fmt::Display) -> Self {
        let field = field.into();
        let message = format!("{field}: {message}");
        ApiError { field: Some(field), ..ApiError::new(ErrorCode::InvalidField, message) }
    }

    /// The same error, naming `field` as the one at fault.
    pub fn at(mut self, field: &'static str) -> Self {
        self.field = Some(Cow::Borrowed(field));
        self
    }

    /// An internal failure described by a message (logged, not shown).
    pub fn internal_msg(message: impl std::fmt::Display) -> Self {
        ApiError::internal(anyhow::anyhow!("{message}"))
    }

    /// A 429 (or other) with `Retry-After`.
    pub fn retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs.max(1));
        self
    }

    /// An internal failure: its cause chain is logged, the client is told nothing.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        let cause = cause.into();
        tracing::error!(error = %format!("{cause:#}"), "internal error");
        ApiError::new(ErrorCode::InternalError, "internal error")
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.code, self.message)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    fn error_response(&self) -> HttpResponse {
        let mut r = HttpResponse::build(self.status_code());
        if let Some(secs) = self.retry_after {
            r.insert_header(("Retry-After", secs.to_string()));
        }
        if self.code.status() == StatusCode::UNAUTHORIZED {
            r.insert_header(("WWW-Authenticate", "Bearer realm=\"piyasa\""));
        }
        r.json(Body { code: self.code, message: &self.message, field: self.field.as_deref() })
    }
}

impl From<actors::RoomHandleError> for ApiError {
    fn from(e: actors::RoomHandleError) -> Self {
        match e {
            actors::RoomHandleError::ReplyNotFound(_) => ApiError::new(ErrorCode::ReplyNotFound, e.to_string()),
            actors::RoomHandleError::Stopped => ApiError::new(ErrorCode::Unavailable, e.to_string()),
            actors::RoomHandleError::NotMember(_) => ApiError::new(ErrorCode::BotNotFound, e.to_string()),
            actors::RoomHandleError::BotName { .. } => ApiError::new(ErrorCode::NameTaken, e.to_string()).at("author"),
            actors::RoomHandleError::Store(_) => ApiError::internal(e),
        }
    }
}

/// An operator's change refused by the control plane: a bad field named
/// (`invalid_field`), an unknown room or bot (404), a conflict (409).
impl From<actors::ControlError> for ApiError {
    fn from(e: actors::ControlError) -> Self {
        use actors::ControlError as C;
        match e {
            C::Invalid { field, problem } => ApiError::field(field, problem),
            C::NotFound { what: "room", .. } => ApiError::new(ErrorCode::RoomNotFound, e.to_string()),
            C::NotFound { .. } => ApiError::new(ErrorCode::BotNotFound, e.to_string()),
            C::Conflict(m) => ApiError::new(ErrorCode::Conflict, m),
            C::Internal(m) => ApiError::internal_msg(m),
            C::Elsewhere { .. } => ApiError::new(ErrorCode::RoomOnAnotherWorker, e.to_string()),
        }
    }
}

/// An operator's market input refused: the field first, as the message says.
impl From<actors::market::operator::MarketInputError> for ApiError {
    fn from(e: actors::market::operator::MarketInputError) -> Self {
        use actors::market::operator::MarketInputError as M;
        let field = match &e {
            M::UnknownSymbol(_) => "symbol",
            M::BadHeadline => "text",
            M::BadDirection(_) => "direction",
            M::BadJump(_) => "jump",
            M::Stopped => return ApiError::new(ErrorCode::Unavailable, e.to_string()),
            M::Store(_) => return ApiError::internal_msg(e),
        };
        let message = e.to_string();
        let problem = message.split_once(": ").map_or(message.as_str(), |(_, p)| p).to_string();
        ApiError::field(field, problem)
    }
}

impl From<schema::StoreError> for ApiError {
    fn from(e: schema::StoreError) -> Self {
        ApiError::internal(e)
    }
}

/// Turns actix's JSON, query and path extractor errors into the API's error shape.
pub fn json_error(err: actix_web::error::JsonPayloadError, _: &actix_web::HttpRequest) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as J;
    match err {
        J::Overflow { limit } | J::OverflowKnownLength { limit, .. } => {
            ApiError::new(ErrorCode::PayloadTooLarge, format!("the body is over {limit} bytes")).into()
        }
        J::Payload(actix_web::error::PayloadError::Overflow) => {
            ApiError::new(ErrorCode::PayloadTooLarge, "the body is too large").into()
        }
        other => ApiError::new(ErrorCode::InvalidJson, other.to_string()).into(),
    }
}

pub fn query_error(err: actix_web::error::QueryPayloadError, _: &actix_web::HttpRequest) -> actix_web::Error {
    ApiError::new(ErrorCode::InvalidQuery, err.to_string()).into()
}

pub fn path_error(err: actix_web::error::PathError, _: &actix_web::HttpRequest) -> actix_web::Error {
    ApiError::new(ErrorCode::InvalidPath, err.to_string()).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context as _;

    #[test]
    fn an_internal_error_logs_its_whole_cause_chain_and_tells_the_client_nothing() {
        let logs = fakes::LogCapture::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
        let err = tracing::subscriber::with_default(subscriber, || {
            let cause = Err::<(), _>(std::io::Error::other("disk full")).context("storing the message").unwrap_err();
            ApiError::internal(cause)
        });
        assert!(logs.text().contains("storing the message: disk full"), "{}", logs.text());
        assert_eq!(err.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_value(Body { code: err.code, message: &err.message, field: None }).unwrap();
        assert_eq!(body, serde_json::json!({"code": "internal_error", "message": "internal error"}));
    }

    #[test]
    fn codes_are_snake_case_with_their_status() {
        let v = serde_json::to_value([ErrorCode::RoomNotFound, ErrorCode::InvalidJson]).unwrap();
        assert_eq!(v, serde_json::json!(["room_not_found", "invalid_json"]));
        assert_eq!(ErrorCode::ReplyNotFound.status(), StatusCode::BAD_REQUEST);
        assert_eq!(ErrorCode::Unavailable.status(), StatusCode::SERVICE_UNAVAILABLE);
    }
}
