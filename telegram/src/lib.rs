//! Piyasa's Telegram channel. Bots are Telegram bot accounts (tokens
//! encrypted at rest); rooms map to chats (optionally a forum topic). Bot
//! messages leave through an outbox at most once, within Telegram's send
//! limits; people's messages arrive by long polling or webhook and enter
//! their room. The rules live in `engine::telegram`; this crate does the IO.
//!
//! # Layout
//! - [`settings`]: `[telegram]` configuration.
//! - [`crypto`]: token encryption at rest (ChaCha20-Poly1305), `actors::secrets`.
//! - [`api`]: one bot's Bot API client (frankenstein), webhook secrets.
//! - [`sender`]: outbox workers, send limits, error handling.
//! - [`channel`]: start-up, bots, room lookup.
//! - `bridge`: room events → typing and outbox rows (catching up from the store first), reactions considered.
//! - `react`: emoji reactions of the room's bots to group messages.
//! - `inbound`: updates → rooms, commands, edits, group migrations.
//! - `poller`: long polling, one consumer per token.
//! - `live`: accounts and chats added and removed while the channel runs.
//! - `receivers`: on workers, which worker receives each account's updates
//!   (a lease each), and the inbox for rooms running on another worker.
//! - [`webhook`]: the webhook route.
//! - [`admin`]: adding, listing and removing bots and chats on the store (CLI, `live`).

pub mod admin;
pub mod api;
mod bridge;
pub mod channel;
pub use actors::secrets as crypto;
mod inbound;
mod live;
mod poller;
mod react;
mod receivers;
pub mod sender;
pub mod settings;
pub mod webhook;

pub use channel::Channel;
pub use settings::{Mode, TelegramSettings};
