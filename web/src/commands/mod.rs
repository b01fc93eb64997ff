//! What each CLI command does.
//!
//! - `run`: start Piyasa and serve until Ctrl-C.
//! - `personas`: import and export personas.
//! - `simulate`: rooms of bots on virtual time, transcript and statistics.
//! - `telegram`: `bots`, `rooms` and `telegram` (keys), and starting the channel.

pub mod personas;
pub mod run;
pub mod simulate;
pub mod telegram;
