//! Guards every message passes: honesty (a sincere "are you a bot?" gets a
//! truthful answer decided by rules), advice requests (declined, never
//! cheered on), compliance (no guaranteed returns, no calls on everyone to
//! buy or sell, no personal advice to real users), the
//! population-level stance cap, prompt injection and leaks, and the
//! disclaimer. Rules decide everything; no model is asked.
//!
//! # Layout
//! - [`honesty`]: detecting the question and writing the answer.
//! - [`compliance`]: the rule-based compliance guard.
//! - [`advice`]: a person asking for personal advice or a guarantee.
//! - [`stance`]: which way a message pushes a ticker; the room-level cap.
//! - [`injection`]: injection attempts in people's messages, and the refusal.
//! - [`leak`]: the output check against prompt, persona and token leaks.
//! - [`disclaimer`]: the disclaimer policy.
//! - [`settings`]: the guard's knobs (config `compliance.*`).
//! - [`lexicon`]: the word lists the rules use.
//!
//! Corpus tests (`corpus_tests`, `advice_corpus_tests`) run the rules over
//! `engine/testdata/guard/`.

pub mod advice;
#[cfg(test)]
mod advice_corpus_tests;
pub mod compliance;
#[cfg(test)]
mod corpus_tests;
pub mod disclaimer;
pub mod honesty;
pub mod injection;
pub mod leak;
pub mod lexicon;
pub mod settings;
pub mod stance;
