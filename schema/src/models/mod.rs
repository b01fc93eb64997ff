//! One file per table: its row types and the store's queries on it;
//! `housekeeping` prunes the operational tables; `activity` is what the
//! operators' dashboard reads of the messages.

pub mod activity;
pub mod api_key;
pub mod audit;
pub mod bot;
pub mod guard_block;
pub mod housekeeping;
pub mod market_event;
pub mod market_quote;
pub mod member;
pub mod message;
pub mod news_seen;
pub mod operator;
pub mod operator_session;
pub mod person_name;
pub mod persona_import;
pub mod privacy;
pub mod recall;
pub mod recovery_code;
pub mod room;
pub mod room_fence;
pub mod server_secret;
pub mod setting;
pub mod telegram_bot;
pub mod telegram_chat;
pub mod telegram_inbox;
pub mod telegram_map;
pub mod telegram_outbox;
pub mod trade;
