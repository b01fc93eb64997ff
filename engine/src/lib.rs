//! Piyasa's domain logic, free of IO: every decision the actors take is a
//! plain function here, deterministic given (seed, clock, inputs).
//!
//! # Layout
//! - [`ids`]: `BotId`, `RoomId`, `Millis` — newtypes built by parsing.
//! - [`persona`]: the persona model and its validation.
//! - [`community`]: the community file (YAML) and the seed project's JSON import.
//! - [`control`]: run-time control: live settings and their keys, a room's
//!   own knobs and overrides, the persona import preview.
//! - [`mood`]: a bot's mood and how market moves change it.
//! - [`limiter`]: a bot's rate limiter (hourly limit, minimum gap).
//! - [`market`]: prices: the seeded simulator, the live book, price modes and labels.
//! - [`news`]: headlines' tickers, topics and direction by rules; duplicates; relevance.
//! - [`scenario`]: scenario files (YAML): headlines and shocks at set times.
//! - [`belief`]: what a bot believes about a ticker, moved by news.
//! - [`book`]: a bot's books (cash, positions, trades), its trading style,
//!   and the claims of a draft checked against them.
//! - [`memory`]: what a bot said before and a card per person it talked to; recall.
//! - [`transcript`]: the room's transcript window.
//! - [`floor`]: floor control — who speaks next and to what.
//! - [`pacing`]: when — room ticks, read delay, typing time.
//! - [`input`]: people's names and texts, parsed.
//! - [`intent`]: what a bot wants to say, with the real numbers.
//! - [`prompt`]: prompt assembly, stable part first.
//! - [`postprocess`]: cleaning model output, numbers checked against the feed.
//! - [`quality`]: per-message defects of a bot's line (echo, label, leaks, price-only, …).
//! - [`guard`]: honesty (are you a bot?), compliance, the stance cap, injection
//!   and leak checks, the disclaimer.
//! - [`fallback`]: short templated reactions when the model fails.
//! - [`disclosure`]: what a bot says about itself (/start, /privacy, profile texts).
//! - [`breaker`]: the circuit breaker of the LLM gateway.
//! - [`fairness`]: which waiting call gets a provider's next free slot (tier, room share, age).
//! - [`backoff`]: retry backoff (LLM providers, Telegram sends and polls).
//! - [`budget`]: tiers, prices, budgets and how the director degrades near them.
//! - [`role`]: an operator's role (viewer, operator, admin).
//! - [`text`]: Turkish-aware text folding shared by the guards.
//! - [`lookalike`]: invisible characters, look-alike letters and leetspeak seen
//!   through (people's names against bots', the injection guard).
//! - [`stats`]: transcript statistics for simulations.
//! - [`eval`]: population metrics of a transcript (`piyasa eval`) and their limits.
//! - [`telegram`]: Telegram rules: send limits, splitting, outbox states, updates.
//! - [`workers`]: rooms shared out over worker processes (rendezvous), lease margins.

pub mod backoff;
pub mod belief;
pub mod book;
pub mod breaker;
pub mod budget;
pub mod community;
pub mod control;
pub mod disclosure;
pub mod eval;
pub mod fairness;
pub mod fallback;
pub mod floor;
pub mod guard;
pub mod ids;
pub mod input;
pub mod intent;
pub mod limiter;
pub mod lookalike;
pub mod market;
pub mod memory;
pub mod mood;
pub mod news;
pub mod pacing;
pub mod persona;
pub mod postprocess;
pub mod prompt;
pub mod quality;
pub mod role;
pub mod scenario;
pub mod stats;
pub mod telegram;
pub mod text;
pub mod transcript;
pub mod workers;

/// The default AI marker put in front of every bot's display name.
pub const DEFAULT_AI_MARKER: &str = "🤖";
