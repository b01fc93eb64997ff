//! The guards' word lists, kept apart from the rules that use them so that
//! a reviewer can read (and a linguist can extend) the vocabulary in one
//! place. Every list is folded text (see [`crate::text::fold`]): lower case,
//! no diacritics; `*` marks a stem, `|` separates alternatives, `;` separates
//! phrases and `~` skips up to two words (see [`crate::text::Words`]).
//!
//! # Layout
//! - [`advice`]: people asking for personal advice or a guarantee.
//! - [`compliance`]: guaranteed returns, calls to trade, personal advice, insider claims.
//! - [`stance`]: tickers and the words that push a price up or down.
//! - [`injection`]: attempts to override a bot's instructions or extract secrets.

pub mod advice;
pub mod compliance;
pub mod injection;
pub mod stance;
