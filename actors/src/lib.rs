//! Piyasa's actix runtime. Every bot is a supervised [`bot::BotActor`] that
//! owns its persona, mood and rate limiter; a [`room::ChatRoomActor`] per
//! room collects messages, gives the floor and delivers replies; the
//! [`gateway::LlmGatewayActor`] is the one place text is generated (provider
//! chain, timeout, retries, circuit breakers); messages are persisted through
//! `schema` before anyone sees them.
//!
//! # Layout
//! - [`clock`]: wall or virtual time as engine `Millis`.
//! - [`events`]: what a room streams to its subscribers (web, tests).
//! - [`llm`]: providers: OpenAI-compatible (async-openai), the embedded local
//!   model (feature `local-llm`), and the deterministic `fake`.
//! - [`gateway`]: the `LlmGatewayActor`: tiers, provider chains, resilience.
//! - [`cache`]: the response cache and the call key (also used by replay).
//! - [`meter`]: tokens, dollars, latency and cache hits per provider and
//!   room; the spend that budgets are checked against.
//! - [`trace`]: one trace per message: the OpenTelemetry context in actor
//!   messages and across the outbox (W3C `traceparent`).
//! - [`metrics`]: the live Prometheus families (HTTP, latency histograms,
//!   guard blocks, people's messages, Telegram sends), carried by the meter.
//! - [`bot`]: `BotActor` and how it is (re)spawned from the store.
//! - [`guard`]: the guard in the runtime: a room's `TurnGuard`, counted blocks,
//!   injection refusals.
//! - [`privacy`]: retention (`RetentionActor`) and forgetting a person.
//! - [`room`]: `ChatRoomActor`, its turn cycle and its handle.
//! - [`market`]: `MarketActor`: simulated and live prices, price adapters, news
//!   feeds, operators' headlines, shocks and scenarios.
//! - [`secrets`]: secrets at rest (bot tokens, provider keys), encrypted.
//! - [`community`]: starting a whole community from the store; the registry
//!   of running rooms.
//! - [`control`]: run-time control: operators' changes to rooms, personas,
//!   bots and settings, applied live and stored first; read models.
//! - [`workers`]: several processes on one database: room leases in Redis,
//!   fencing tokens in the store, the ownership loop.

pub mod bot;
pub mod cache;
pub mod clock;
pub mod community;
pub mod control;
pub mod events;
pub mod gateway;
pub mod guard;
pub mod llm;
pub mod market;
pub mod meter;
pub mod metrics;
pub mod privacy;
pub mod room;
pub mod secrets;
pub mod trace;
pub mod workers;

pub use community::{Community, CommunitySettings, RoomRegistry};
pub use control::ControlError;
pub use room::{RoomError as RoomHandleError, RoomHandle};
