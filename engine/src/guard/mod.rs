//! Guards every message passes: honesty (a sincere "are you a bot?" gets a
//! truthful answer decided by rules) and compliance (no guaranteed returns,
//! no calls on everyone to buy or sell, no personal advice to real users).
//!
//! # Layout
//! - [`honesty`]: detecting the question and writing the answer.
//! - [`compliance`]: the rule-based compliance guard.

pub mod compliance;
#[cfg(test)]
mod corpus_tests;
pub mod honesty;
