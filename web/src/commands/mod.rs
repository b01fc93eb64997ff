//! What each CLI command does.
//!
//! - `run`: start Piyasa and serve until Ctrl-C.
//! - `personas`: import and export personas.
//! - `simulate`: rooms of bots on virtual time, transcript and statistics.
//! - `bench`: the benchmark harness (throughput, CPU, RSS, lag, losses).

pub mod bench;
pub mod personas;
pub mod run;
pub mod simulate;
