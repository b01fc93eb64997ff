//! One file per table: its row types and the store's queries on it;
//! `housekeeping` prunes the operational tables.

pub mod bot;
pub mod guard_block;
pub mod housekeeping;
pub mod member;
pub mod message;
pub mod privacy;
pub mod room;
pub mod setting;
pub mod telegram_bot;
pub mod telegram_chat;
pub mod telegram_map;
pub mod telegram_outbox;
