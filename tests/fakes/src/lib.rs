//! Fake external services for tests and benchmarks.
//!
//! Each fake is a *real* HTTP server bound to `127.0.0.1:0`, running on its
//! own thread with its own actix `System`, so it can be used from any test
//! runtime (plain `#[test]`, `#[tokio::test]`, `#[actix_web::test]`).
//! Dropping the handle stops the server.
//!
//! [`FakeLlm`] speaks the OpenAI chat-completions wire format
//! (`POST /v1/chat/completions`, streaming and not, plus `GET /v1/models`)
//! and can inject faults ([`Fault`]), latency, and scripted replies
//! ([`Reply`]). Every chat request it sees is recorded
//! ([`RecordedRequest`]).
//!
//! ```no_run
//! use fakes::{FakeLlm, Fault};
//!
//! let llm = FakeLlm::start();
//! let base = llm.base_url(); // "http://127.0.0.1:PORT/v1"
//! llm.set_fault(Fault::Status { code: 429, retry_after_secs: Some(2) });
//! # let _ = base;
//! ```
//!
//! # Layout
//!
//! - `llm`: [`FakeLlm`], the handle: starts the server thread, exposes the
//!   knobs, stops the server on drop.
//! - `fault`: [`Fault`], the injectable failure modes.
//! - `latency`: [`Latency`], a fixed delay or a distribution (uniform,
//!   log-normal from median and p99) before each answer.
//! - `reply`: [`Reply`], how reply content is produced; the deterministic
//!   Turkish echo sentences and the token estimate.
//! - `varied`: [`Reply::Varied`]'s lines, a real model's variety (opener,
//!   remark about the prompt's instrument, closer).
//! - `weak`: [`Weak`], a weak model's failures (parroting, speaker labels,
//!   prompt echoes, English, assistant tone, hype, invented numbers,
//!   rambling), each at a ratio.
//! - `state`: shared state between handle and handlers (fault, latency,
//!   reply, recorded requests) and the per-request plan.
//! - `wire`: OpenAI JSON: request parsing into [`RecordedRequest`], and
//!   completion, chunk, error and model-list bodies.
//! - `server`: the actix-web app and its handlers.
//! - `collector`: [`FakeCollector`], an OpenTelemetry collector's OTLP/HTTP
//!   trace receiver (protobuf), keeping every span it is sent.
//! - `serve`: starting a fake's server on its own thread and `System`.
//! - `logs`: [`LogCapture`], a log sink for tests that check what is logged.
//! - `market`: [`FakeMarket`], a fake news and price server (RSS, Atom, an
//!   exchange's ticker, TCMB's daily rates, any JSON) with conditional GETs,
//!   faults and downtime.
//! - `telegram`: [`FakeTelegram`], a fake Telegram Bot API (bots, groups,
//!   topics, migration, delivery rules, long polling and webhooks, limits,
//!   faults, a record of calls).
//! - `redis`: [`RedisServer`], a real `redis-server` on a free port that a
//!   test may kill and start again.

mod collector;
mod fault;
mod latency;
mod llm;
mod logs;
mod market;
mod redis;
mod reply;
mod serve;
mod server;
mod state;
mod telegram;
mod varied;
pub mod weak;
mod wire;

pub use collector::{FakeCollector, ReceivedSpan};
pub use fault::Fault;
pub use latency::Latency;
pub use llm::FakeLlm;
pub use logs::LogCapture;
pub use market::formats::{Rate, Story};
pub use market::{FakeMarket, Hit, MarketFault};
pub use redis::RedisServer;
pub use reply::Reply;
pub use telegram::{Call as TelegramCall, FakeLimits, FakeMessage, FakeTelegram, TgFault};
pub use weak::{Weak, Weakness};
pub use wire::RecordedRequest;

/// Model id reported by `GET /v1/models` and used when a request names none.
pub const FAKE_MODEL: &str = "fake-model";
