//! What one client can hold: a request must arrive and be answered within
//! `server.request_timeout_ms` (a body sent a byte at a time gets 408 and
//! the connection closes), and connections are capped below the process's
//! open-file limit (`server.max_connections`, by default from that limit,
//! raised to its hard ceiling at start), so the database and log files
//! always find a descriptor. Streams are not cut: their handler answers at
//! once and the stream runs on.

use crate::error::{ApiError, ErrorCode};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use std::time::Duration;

/// The request deadline, as app data.
#[derive(Debug, Clone, Copy)]
pub struct RequestDeadline(pub Duration);

/// Descriptors kept free for the store, logs, Telegram and the model.
const RESERVED_FDS: u64 = 256;
/// Past this many connections per worker more only queue.
const MOST_PER_WORKER: u64 = 25_000;

/// The request's deadline. Past it the handler (and its body read) is
/// dropped and the error answers 408; the connection closes, its body unread.
/// (An error, not a response: the request cannot be kept for one, since
/// routing needs it unshared.)
pub async fn deadline(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let limit = req.app_data::<web::Data<RequestDeadline>>().map_or(Duration::MAX, |d| d.0);
    match tokio::time::timeout(limit, next.call(req)).await {
        Ok(res) => res,
        Err(_) => {
            let msg = format!("the request was not complete within {} ms", limit.as_millis());
            Err(ApiError::new(ErrorCode::RequestTimeout, msg).into())
        }
    }
}

/// Raises the soft open-file limit to the hard one; the limit now (None
/// where the platform has none to read).
pub fn raise_open_files() -> Option<u64> {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => Some(n),
        Err(e) => {
            tracing::warn!(error = %e, "the open-file limit could not be read or raised");
            None
        }
    }
}

/// Connections each of `workers` accepts: `configured` (a total) split, or
/// the open-file limit less a reserve.
pub fn per_worker(configured: Option<u32>, open_files: Option<u64>, workers: usize) -> usize {
    let workers = workers.max(1) as u64;
    let total = match configured {
        Some(n) => u64::from(n),
        None => open_files.map_or(MOST_PER_WORKER * workers, |f| f.saturating_sub(RESERVED_FDS).max(64)),
    };
    (total / workers).clamp(1, MOST_PER_WORKER) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_stay_below_the_open_file_limit() {
        assert_eq!(per_worker(None, Some(1024), 2), 384, "1024 descriptors less 256, over two workers");
        assert_eq!(per_worker(None, Some(100), 2), 32, "never fewer than 64 in all");
        assert_eq!(per_worker(None, Some(10_000_000), 4), 25_000);
        assert_eq!(per_worker(Some(16), Some(1024), 2), 8, "a configured total is split");
        assert_eq!(per_worker(None, None, 2), 25_000);
    }
}
