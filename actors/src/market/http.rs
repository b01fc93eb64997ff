//! Polite polling of one URL: conditional GETs (ETag / If-Modified-Since,
//! a 304 costs nothing), a request timeout, and back-off on errors by the
//! one backoff rule (`engine::backoff::backoff_ms`: the interval doubling per
//! consecutive failure, capped, never sooner than the server's
//! `Retry-After`). Validators are kept only once the body was understood,
//! so a malformed answer is fetched again in full.
//!
//! Requests run on a small runtime of their own and are awaited from a
//! blocking task: the market's timers may run on virtual time (tests,
//! `piyasa simulate`) while a request takes real time, and virtual time
//! stands still while one is in flight.

use reqwest::StatusCode;
use reqwest::header::{ETAG, HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER};
use std::sync::Arc;
use std::time::Duration;

/// Who we say we are to feed and price servers.
const USER_AGENT: &str = concat!("piyasa/", env!("CARGO_PKG_VERSION"), " (market chat simulator)");
/// Largest body read from a feed or price server.
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// How one source is polled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollTiming {
    /// Between successful polls.
    pub interval_ms: u64,
    /// Longest wait after repeated failures.
    pub max_backoff_ms: u64,
    /// Per request.
    pub timeout_ms: u64,
}

/// Why a poll brought nothing.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    #[error("cannot reach the server: {0}")]
    Unreachable(String),
    #[error("no answer within {0} ms")]
    Timeout(u64),
    #[error("the server answered {status}")]
    Status { status: u16, retry_after_ms: Option<i64> },
    #[error("the body is larger than {MAX_BODY_BYTES} bytes")]
    TooLarge,
}

/// A poll's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    /// 304: nothing new.
    NotModified,
    /// A body, and the validators to keep once it is understood.
    Body { bytes: Vec<u8>, validators: Validators },
}

/// ETag and Last-Modified of the last body understood.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// The HTTP client for feeds and prices, with its own runtime.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    runtime: Arc<Runtime>,
}

struct Runtime(Option<tokio::runtime::Runtime>);

impl Drop for Runtime {
    fn drop(&mut self) {
        // A runtime may not be dropped inside another runtime's context.
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

impl Fetcher {
    pub fn new() -> anyhow::Result<Fetcher> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("market-http")
            .enable_all()
            .build()?;
        // Polls are minutes apart: no connection is kept idle between them.
        let client = reqwest::Client::builder().user_agent(USER_AGENT).pool_max_idle_per_host(0).build()?;
        Ok(Fetcher { client, runtime: Arc::new(Runtime(Some(runtime))) })
    }

    /// One conditional GET.
    pub async fn get(&self, url: &str, known: &Validators, timeout_ms: u64) -> Result<Fetched, FetchError> {
        let (client, runtime) = (self.client.clone(), self.runtime.clone());
        let (url, known) = (url.to_string(), known.clone());
        tokio::task::spawn_blocking(move || match &runtime.0 {
            Some(rt) => rt.block_on(async {
                let timeout = Duration::from_millis(timeout_ms.max(1));
                tokio::time::timeout(timeout, fetch(&client, &url, &known))
                    .await
                    .unwrap_or(Err(FetchError::Timeout(timeout_ms)))
            }),
            None => Err(FetchError::Unreachable("the HTTP runtime is gone".into())),
        })
        .await
        .unwrap_or_else(|e| Err(FetchError::Unreachable(format!("the request was lost: {e}"))))
    }
}

async fn fetch(client: &reqwest::Client, url: &str, known: &Validators) -> Result<Fetched, FetchError> {
    let mut req = client.get(url);
    if let Some(etag) = &known.etag {
        req = req.header(IF_NONE_MATCH, etag);
    }
    if let Some(lm) = &known.last_modified {
        req = req.header(IF_MODIFIED_SINCE, lm);
    }
    // reqwest's errors carry the URL; the caller logs the source by name.
    let resp = req.send().await.map_err(|e| FetchError::Unreachable(e.without_url().to_string()))?;
    let status = resp.status();
    if status == StatusCode::NOT_MODIFIED {
        return Ok(Fetched::NotModified);
    }
    if !status.is_success() {
        let retry_after_ms = retry_after(resp.headers());
        return Err(FetchError::Status { status: status.as_u16(), retry_after_ms });
    }
    let validators =
        Validators { etag: header(resp.headers(), ETAG), last_modified: header(resp.headers(), LAST_MODIFIED) };
    if resp.content_length().is_some_and(|n| n as usize > MAX_BODY_BYTES) {
        return Err(FetchError::TooLarge);
    }
    let bytes = resp.bytes().await.map_err(|e| FetchError::Unreachable(e.without_url().to_string()))?;
    if bytes.len() > MAX_BODY_BYTES {
        return Err(FetchError::TooLarge);
    }
    Ok(Fetched::Body { bytes: bytes.to_vec(), validators })
}

fn header(h: &HeaderMap, name: reqwest::header::HeaderName) -> Option<String> {
    h.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// `Retry-After` in seconds (the HTTP-date form is not used by the servers we poll).
fn retry_after(h: &HeaderMap) -> Option<i64> {
    h.get(RETRY_AFTER)?.to_str().ok()?.trim().parse::<i64>().ok().map(|s| s.saturating_mul(1000))
}

/// One source's polling state: its validators and its failures in a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Poller {
    pub url: String,
    pub timing: PollTiming,
    validators: Validators,
    failures: u32,
}

impl Poller {
    pub fn new(url: &str, timing: PollTiming) -> Poller {
        Poller { url: url.to_string(), timing, validators: Validators::default(), failures: 0 }
    }

    /// One poll, sending the validators of the last body understood.
    pub async fn poll(&self, fetcher: &Fetcher) -> Result<Fetched, FetchError> {
        fetcher.get(&self.url, &self.validators, self.timing.timeout_ms).await
    }

    /// The body was understood (or nothing changed): keep its validators,
    /// reset the failures; the wait until the next poll.
    pub fn succeeded(&mut self, validators: Option<Validators>) -> u64 {
        if let Some(v) = validators {
            self.validators = v;
        }
        self.failures = 0;
        self.timing.interval_ms
    }

    /// The poll failed (unreachable, an error status, a body not understood):
    /// the wait until the next one, by the backoff rule.
    pub fn failed(&mut self, retry_after_ms: Option<i64>) -> u64 {
        self.failures = self.failures.saturating_add(1);
        let t = self.timing;
        let cap = t.max_backoff_ms.max(t.interval_ms) as i64;
        let wait = engine::backoff::backoff_ms(
            self.failures,
            t.interval_ms as i64,
            cap,
            engine::backoff::NO_JITTER,
            retry_after_ms,
        );
        wait.max(0) as u64
    }

    /// Failures in a row.
    pub fn failures(&self) -> u32 {
        self.failures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_back_off_from_the_interval_to_the_cap_and_success_resets() {
        let timing = PollTiming { interval_ms: 60_000, max_backoff_ms: 600_000, timeout_ms: 1_000 };
        let mut p = Poller::new("http://x", timing);
        let waits: Vec<u64> = (0..5).map(|_| p.failed(None)).collect();
        assert_eq!(waits, [120_000, 240_000, 480_000, 600_000, 600_000]);
        assert_eq!(p.failed(Some(900_000)), 900_000, "the server's Retry-After wins when longer");
        assert_eq!(p.succeeded(None), 60_000);
        assert_eq!(p.failures(), 0);
        assert_eq!(p.failed(None), 120_000);
    }
}
