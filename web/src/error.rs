//! Error policy for the web layer.
//!
//! - Handlers return `Result<_, ApiError>`. Every error reaches the client as
//!   one JSON shape: `{"code": "snake_case_code", "message": "human text"}`.
//!   `code` is an [`ErrorCode`]: stable, one enum for the whole API, each with
//!   its HTTP status; clients branch on it, never on `message`.
//! - 4xx errors say what was wrong with the request and change nothing.
//! - A 5xx tells the client only `internal_error`; the whole cause chain is
//!   logged once, here, at error level.
//! - Below the web layer, `anyhow` with `.context(..)` (actors) and typed
//!   errors (engine, schema) carry the cause up to this point.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
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
    /// A part of Piyasa the request needs is not running.
    Unavailable,
    InternalError,
}

impl ErrorCode {
    /// The HTTP status that goes with the code.
    pub fn status(self) -> StatusCode {
        use ErrorCode::*;
        match self {
            NotFound | RoomNotFound => StatusCode::NOT_FOUND,
            ReplyNotFound | InvalidJson | InvalidQuery | InvalidPath | InvalidLimit | InvalidAuthor | InvalidText
            | InvalidUser => StatusCode::BAD_REQUEST,
            Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            InternalError => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

#[derive(Serialize)]
struct Body<'a> {
    code: ErrorCode,
    message: &'a str,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into() }
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
        HttpResponse::build(self.status_code()).json(Body { code: self.code, message: &self.message })
    }
}

impl From<actors::RoomHandleError> for ApiError {
    fn from(e: actors::RoomHandleError) -> Self {
        match e {
            actors::RoomHandleError::ReplyNotFound(_) => ApiError::new(ErrorCode::ReplyNotFound, e.to_string()),
            actors::RoomHandleError::Stopped => ApiError::new(ErrorCode::Unavailable, e.to_string()),
            actors::RoomHandleError::Store(_) => ApiError::internal(e),
        }
    }
}

impl From<schema::StoreError> for ApiError {
    fn from(e: schema::StoreError) -> Self {
        ApiError::internal(e)
    }
}

/// Turns actix's JSON, query and path extractor errors into the API's error shape.
pub fn json_error(err: actix_web::error::JsonPayloadError, _: &actix_web::HttpRequest) -> actix_web::Error {
    ApiError::new(ErrorCode::InvalidJson, err.to_string()).into()
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
        let body = serde_json::to_value(Body { code: err.code, message: &err.message }).unwrap();
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
