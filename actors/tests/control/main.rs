//! Run-time control at the actor level: operators' changes through
//! `Community`'s methods reach the running rooms and bots, are stored first,
//! survive restarts, and bad input is refused by name and changes nothing.
//! Virtual time (`tokio::time::pause`) with the deterministic `fake`
//! provider and a real SQLite store; a restart is a second actix system on
//! the same file.

mod bots;
mod import;
mod llm;
mod rooms;
mod settings;
mod support;
