//! Error policy for the web layer.
//!
//! - Handlers return `Result<_, ApiError>`. Every error reaches the client as
//!   one JSON shape: `{"code": "snake_case_code", "message": "human text"}`.
//!   `code` is stable; clients branch on it, never on `message`.
//! - 4xx errors say what was wrong with the request and change nothing.
//! - A 5xx tells the client only `internal_error`; the cause chain is logged
//!   once, here, at error level.
//! - Below the web layer, `anyhow` with `.context(..)` (actors) and typed
//!   errors (engine, schema) carry the cause up to this point.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use std::fmt;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

#[derive(Serialize)]
struct Body<'a> {
    code: &'a str,
    message: &'a str,
}

impl ApiError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status: StatusCode::BAD_REQUEST, code, message: message.into() }
    }

    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status: StatusCode::NOT_FOUND, code, message: message.into() }
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        ApiError { status: StatusCode::SERVICE_UNAVAILABLE, code: "unavailable", message: message.into() }
    }

    /// An internal failure: logged with its cause, hidden from the client.
    pub fn internal(cause: impl fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        ApiError { status: StatusCode::INTERNAL_SERVER_ERROR, code: "internal_error", message: "internal error".into() }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status).json(Body { code: self.code, message: &self.message })
    }
}

impl From<actors::RoomHandleError> for ApiError {
    fn from(e: actors::RoomHandleError) -> Self {
        match e {
            actors::RoomHandleError::ReplyNotFound(id) => {
                ApiError::bad_request("reply_not_found", format!("message {id} is not in this room"))
            }
            actors::RoomHandleError::Stopped => ApiError::unavailable("the room is not running"),
            actors::RoomHandleError::Store(s) => ApiError::internal(s),
        }
    }
}

impl From<schema::StoreError> for ApiError {
    fn from(e: schema::StoreError) -> Self {
        ApiError::internal(e)
    }
}

/// Turns actix's JSON and query extractor errors into the API's error shape.
pub fn json_error(err: actix_web::error::JsonPayloadError, _: &actix_web::HttpRequest) -> actix_web::Error {
    ApiError::bad_request("invalid_json", err.to_string()).into()
}

pub fn query_error(err: actix_web::error::QueryPayloadError, _: &actix_web::HttpRequest) -> actix_web::Error {
    ApiError::bad_request("invalid_query", err.to_string()).into()
}

pub fn path_error(err: actix_web::error::PathError, _: &actix_web::HttpRequest) -> actix_web::Error {
    ApiError::bad_request("invalid_path", err.to_string()).into()
}
