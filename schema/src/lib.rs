//! Piyasa's store: one diesel schema, migrations for SQLite (the embedded
//! default, in WAL mode) and PostgreSQL, and async repositories with one code
//! path for both backends (diesel-async; SQLite through `SyncConnectionWrapper`).
//!
//! # Layout
//! - [`schema`]: the portable diesel `table!` definitions.
//! - [`store`]: `Store`, connecting, pooling and migrating either backend.
//! - [`models`]: one file per table: row types and their queries.
//! - [`types`]: typed text columns (author kind, delivery status), one mapping for both backends.
//! - [`error`]: the store's error type, `StoreError`.
//! - [`backup`]: backups and restores with each engine's own tools.
//! - [`writer`]: `MessageWriter`, the rooms' messages stored in batches by one writer.

pub mod backup;
pub mod error;
pub mod models;
pub mod schema;
pub mod store;
pub mod types;
pub mod writer;

pub use error::StoreError;
pub use models::api_key::{ApiKeyRow, NewApiKey};
pub use models::audit::{AuditRow, NewAudit};
pub use models::bot::BotRow;
pub use models::guard_block::GuardCount;
pub use models::housekeeping::{PruneBefore, Pruned};
pub use models::market_event::{MarketEventRow, NewMarketEvent};
pub use models::member::MemberRow;
pub use models::message::{MessageRow, MessageStatus, NewMessage};
pub use models::operator::{NewOperator, OperatorRow};
pub use models::operator_session::SessionRow;
pub use models::person_name::Claim;
pub use models::persona_import::PersonaImport;
pub use models::privacy::Forgotten;
pub use models::room::{RoomRow, RoomStateRow};
pub use models::room_fence::Fence;
pub use models::telegram_bot::TelegramBotRow;
pub use models::telegram_chat::TelegramChatRow;
pub use models::telegram_inbox::{InboxRow, NewInbox};
pub use models::telegram_outbox::{NewOutbox, OutboxMove, OutboxRow};
pub use store::Store;
pub use writer::MessageWriter;
