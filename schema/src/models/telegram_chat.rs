//! `telegram_chats`: which Telegram chat (and forum topic) a room speaks in,
//! and whether the room's Telegram side is paused (with the reason).

use crate::schema::telegram_chats;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = telegram_chats)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct TelegramChatRow {
    pub room_id: String,
    pub chat_id: i64,
    /// A forum topic (`message_thread_id`), if the room lives in one.
    pub thread_id: Option<i32>,
    pub paused_reason: Option<String>,
    pub updated_at: i64,
}

impl Store {
    /// Maps the room to a chat (un-pausing it).
    pub async fn upsert_telegram_chat(&self, row: &TelegramChatRow) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::insert_into(telegram_chats::table)
                .values(row)
                .on_conflict(telegram_chats::room_id)
                .do_update()
                .set((
                    telegram_chats::chat_id.eq(excluded(telegram_chats::chat_id)),
                    telegram_chats::thread_id.eq(excluded(telegram_chats::thread_id)),
                    telegram_chats::paused_reason.eq(excluded(telegram_chats::paused_reason)),
                    telegram_chats::updated_at.eq(excluded(telegram_chats::updated_at)),
                ))
                .execute(c)
                .await?;
            Ok(())
        })
    }

    pub async fn telegram_chats(&self) -> Result<Vec<TelegramChatRow>, StoreError> {
        with_conn!(self, |c| Ok(telegram_chats::table
            .order(telegram_chats::room_id.asc())
            .select(TelegramChatRow::as_select())
            .load(c)
            .await?))
    }

    pub async fn telegram_chat(&self, room: &str) -> Result<Option<TelegramChatRow>, StoreError> {
        with_conn!(self, |c| Ok(telegram_chats::table
            .find(room)
            .select(TelegramChatRow::as_select())
            .first(c)
            .await
            .optional()?))
    }

    /// The group became a supergroup: the room follows it to its new id.
    pub async fn migrate_telegram_chat(&self, from: i64, to: i64, now_ms: i64) -> Result<usize, StoreError> {
        with_conn!(self, |c| Ok(diesel::update(telegram_chats::table.filter(telegram_chats::chat_id.eq(from)))
            .set((telegram_chats::chat_id.eq(to), telegram_chats::updated_at.eq(now_ms)))
            .execute(c)
            .await?))
    }

    /// Pauses (Some) or resumes (None) the room's Telegram side.
    pub async fn pause_telegram_chat(&self, room: &str, reason: Option<&str>, now_ms: i64) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::update(telegram_chats::table.find(room))
                .set((telegram_chats::paused_reason.eq(reason), telegram_chats::updated_at.eq(now_ms)))
                .execute(c)
                .await?;
            Ok(())
        })
    }

    /// Unmaps the room; true when it was mapped.
    pub async fn remove_telegram_chat(&self, room: &str) -> Result<bool, StoreError> {
        with_conn!(self, |c| Ok(diesel::delete(telegram_chats::table.find(room)).execute(c).await? > 0))
    }
}
