//! The HTTP API end to end: the real application (`Application::build`) on a
//! free port, a fresh database, and a fake OpenAI-compatible LLM server.
//! One test binary; each module covers one concern.

mod access;
mod audit;
mod auth;
mod auth_helpers;
mod errors;
mod fuzz;
mod health;
mod helpers;
mod honesty;
mod isolation;
mod limits;
mod llm;
mod observability;
mod operators;
mod people;
mod persistence;
mod rehearse;
mod room;
mod secrets;
mod telegram_channel;
mod telemetry;
mod topics;
mod weak_model;
