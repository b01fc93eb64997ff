//! What each CLI command does.
//!
//! - `run`: start Piyasa and serve until Ctrl-C.
//! - `personas`: import and export personas.
//! - `privacy`: forget a person.
//! - `simulate`: rooms of bots on virtual time, transcript and statistics.
//! - `bench`: the benchmark harness (throughput, CPU, RSS, lag, losses).
//! - `sim_llm`: a simulation's text generator (fake, fake servers with an outage, or the configured chain).
//! - `telegram`: `bots`, `rooms` and `telegram` (keys), and starting the channel.

pub mod bench;
pub mod personas;
pub mod privacy;
pub mod run;
pub mod sim_llm;
pub mod simulate;
pub mod telegram;
