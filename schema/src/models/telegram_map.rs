//! `telegram_message_map` and `telegram_seen_updates`: which Piyasa message
//! a Telegram message is (for replies and edits), and which updates were
//! already handled (de-dup across restarts).

use crate::schema::{telegram_message_map, telegram_seen_updates};
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = telegram_message_map)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct MapRow {
    chat_id: i64,
    tg_message_id: i32,
    message_id: i64,
}

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = telegram_seen_updates)]
struct SeenRow<'a> {
    bot_id: &'a str,
    update_id: i64,
    seen_at: i64,
}

impl Store {
    /// Remembers that Telegram message `tg` in `chat` is our `message`.
    pub async fn map_tg_message(&self, chat: i64, tg: i32, message: i64) -> Result<(), StoreError> {
        let row = MapRow { chat_id: chat, tg_message_id: tg, message_id: message };
        with_conn!(self, |c| {
            diesel::insert_into(telegram_message_map::table)
                .values(&row)
                .on_conflict((telegram_message_map::chat_id, telegram_message_map::tg_message_id))
                .do_nothing()
                .execute(c)
                .await?;
            Ok(())
        })
    }

    /// Our message for a Telegram message.
    pub async fn message_for_tg(&self, chat: i64, tg: i32) -> Result<Option<i64>, StoreError> {
        with_conn!(self, |c| Ok(telegram_message_map::table
            .find((chat, tg))
            .select(telegram_message_map::message_id)
            .first(c)
            .await
            .optional()?))
    }

    /// The Telegram id of our message in `chat`.
    pub async fn tg_for_message(&self, chat: i64, message: i64) -> Result<Option<i32>, StoreError> {
        with_conn!(self, |c| Ok(telegram_message_map::table
            .filter(telegram_message_map::chat_id.eq(chat))
            .filter(telegram_message_map::message_id.eq(message))
            .select(telegram_message_map::tg_message_id)
            .first(c)
            .await
            .optional()?))
    }

    /// Records an update as handled; false when it already was.
    pub async fn mark_update_seen(&self, bot: &str, update_id: i64, now_ms: i64) -> Result<bool, StoreError> {
        let row = SeenRow { bot_id: bot, update_id, seen_at: now_ms };
        with_conn!(self, |c| Ok(diesel::insert_into(telegram_seen_updates::table)
            .values(&row)
            .on_conflict((telegram_seen_updates::bot_id, telegram_seen_updates::update_id))
            .do_nothing()
            .execute(c)
            .await?
            == 1))
    }

    /// The newest update id handled for `bot`.
    pub async fn last_seen_update(&self, bot: &str) -> Result<Option<i64>, StoreError> {
        use diesel::dsl::max;
        with_conn!(self, |c| Ok(telegram_seen_updates::table
            .filter(telegram_seen_updates::bot_id.eq(bot))
            .select(max(telegram_seen_updates::update_id))
            .first(c)
            .await?))
    }
}
