//! `telegram_bots`: Telegram bot accounts. The token is stored only as
//! ciphertext (the `telegram` crate encrypts it); this row never holds it
//! in the clear.

use crate::schema::telegram_bots;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::RunQueryDsl;

#[derive(Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = telegram_bots)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct TelegramBotRow {
    /// The persona's username (or a listener's own name).
    pub bot_id: String,
    pub tg_user_id: i64,
    pub tg_username: String,
    /// The token, encrypted (AEAD); never printed.
    pub token_cipher: String,
    /// Receives the group's human messages (privacy mode off).
    pub listener: bool,
    pub created_at: i64,
}

impl std::fmt::Debug for TelegramBotRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TelegramBotRow")
            .field("bot_id", &self.bot_id)
            .field("tg_username", &self.tg_username)
            .field("listener", &self.listener)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Adds the account or replaces its token and Telegram identity.
    pub async fn upsert_telegram_bot(&self, row: &TelegramBotRow) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::insert_into(telegram_bots::table)
                .values(row)
                .on_conflict(telegram_bots::bot_id)
                .do_update()
                .set((
                    telegram_bots::tg_user_id.eq(excluded(telegram_bots::tg_user_id)),
                    telegram_bots::tg_username.eq(excluded(telegram_bots::tg_username)),
                    telegram_bots::token_cipher.eq(excluded(telegram_bots::token_cipher)),
                    telegram_bots::listener.eq(excluded(telegram_bots::listener)),
                ))
                .execute(c)
                .await?;
            Ok(())
        })
    }

    pub async fn telegram_bots(&self) -> Result<Vec<TelegramBotRow>, StoreError> {
        with_conn!(self, |c| Ok(telegram_bots::table
            .order(telegram_bots::bot_id.asc())
            .select(TelegramBotRow::as_select())
            .load(c)
            .await?))
    }

    pub async fn telegram_bot(&self, bot: &str) -> Result<Option<TelegramBotRow>, StoreError> {
        with_conn!(self, |c| Ok(telegram_bots::table
            .find(bot)
            .select(TelegramBotRow::as_select())
            .first(c)
            .await
            .optional()?))
    }

    /// Removes the account; true when it existed.
    pub async fn remove_telegram_bot(&self, bot: &str) -> Result<bool, StoreError> {
        with_conn!(self, |c| Ok(diesel::delete(telegram_bots::table.find(bot)).execute(c).await? > 0))
    }

    /// Replaces the stored ciphertext (key rotation).
    pub async fn set_token_cipher(&self, bot: &str, cipher: &str) -> Result<(), StoreError> {
        with_conn!(self, |c| {
            diesel::update(telegram_bots::table.find(bot))
                .set(telegram_bots::token_cipher.eq(cipher))
                .execute(c)
                .await?;
            Ok(())
        })
    }
}
