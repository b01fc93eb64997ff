//! What each CLI command does.
//!
//! - `run`: start Piyasa and serve until Ctrl-C.
//! - `personas`: import and export personas.

pub mod personas;
pub mod run;
