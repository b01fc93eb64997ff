//! Telegram rules as plain functions: the Bot API's send limits, text
//! splitting, the outbox state machine, update de-duplication, commands and
//! mentions, and what an API error means. The `telegram` crate does the IO.
//!
//! - [`limits`]: the send-limit scheduler (per chat, per group, per bot, 429s).
//! - [`split`]: text cut at sentence boundaries to Telegram's 4096 characters.
//! - [`outbox`]: delivery states and their legal moves (at-most-once).
//! - [`updates`]: update de-dup, `/start` and `/privacy`, @mentions.
//! - [`failure`]: what a Bot API error asks the sender to do.
//! - [`community`]: the optional `telegram:` section of a community file.

pub mod community;
pub mod failure;
pub mod limits;
pub mod outbox;
pub mod split;
pub mod updates;
