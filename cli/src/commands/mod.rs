//! What each CLI command does.
//!
//! - `admin`: operator accounts (`create`, `list`, `reset-password`).
//! - `backup`: `backup` and `restore` of the database.
//! - `config`: `config check`, the configuration checked without starting.
//! - `eval`: quality metrics of a transcript or a room, with limits.
//! - `market`: headlines, shocks, scenarios and price modes for a running Piyasa.
//! - `run`: start Piyasa and serve until Ctrl-C; `migrate`.
//! - `personas`: import and export personas.
//! - `privacy`: forget a person.
//! - `probe`: scripted people in a live room over HTTP; the bots' answers judged.
//! - `telegram`: `bots`, `rooms` and `telegram` (keys).
//!
//! `simulate` and `bench` live in the `sim` crate (cargo feature `sim`).

pub mod admin;
pub mod backup;
pub mod config;
pub mod eval;
pub mod market;
pub mod personas;
pub mod privacy;
pub mod probe;
pub mod run;
pub mod telegram;
