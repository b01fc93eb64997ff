//! Telegram rules as plain functions: the Bot API's send limits, text
//! splitting, the outbox state machine, update de-duplication, commands and
//! mentions, what an API error means, and emoji reactions. The `telegram` crate does the IO.
//!
//! - [`limits`]: the send-limit scheduler (per chat, per group, per bot, 429s).
//! - [`split`]: text cut at sentence boundaries to Telegram's 4096 characters.
//! - [`outbox`]: delivery states and their legal moves (at-most-once).
//! - [`updates`]: update de-dup, `/start` and `/privacy`, @mentions.
//! - [`failure`]: what a Bot API error asks the sender to do.
//! - [`community`]: the optional `telegram:` section of a community file.
//! - [`reactions`]: whether a bot reacts to a message with an emoji, which bot, which emoji.

pub mod community;
pub mod failure;
pub mod limits;
pub mod outbox;
pub mod reactions;
pub mod split;
pub mod updates;
