//! `telegram_outbox`: every message for Telegram, planned → sending → sent
//! (Telegram's id) or failed/dropped (reason). Moves are conditional on the
//! current status, so a message can never be sent twice; at start-up rows
//! left in "sending" become "unknown".

use crate::models::room_fence::hold_fence;
use crate::schema::{room_fences, telegram_outbox};
use crate::types::StatusColumn;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use engine::telegram::outbox::OutboxStatus;

#[derive(Debug, Clone, PartialEq, Insertable)]
#[diesel(table_name = telegram_outbox)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct NewOutbox {
    pub room_id: String,
    pub message_id: Option<i64>,
    pub bot_id: String,
    pub chat_id: i64,
    pub thread_id: Option<i32>,
    pub reply_to_tg: Option<i32>,
    pub text: String,
    #[diesel(serialize_as = StatusColumn)]
    pub status: OutboxStatus,
    pub reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// The trace the message was delivered in (W3C `traceparent`).
    pub traceparent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = telegram_outbox)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct OutboxRow {
    pub id: i64,
    pub room_id: String,
    pub message_id: Option<i64>,
    pub bot_id: String,
    pub chat_id: i64,
    pub thread_id: Option<i32>,
    pub reply_to_tg: Option<i32>,
    pub text: String,
    #[diesel(deserialize_as = StatusColumn)]
    pub status: OutboxStatus,
    pub reason: Option<String>,
    pub tg_message_id: Option<i32>,
    pub attempts: i32,
    pub created_at: i64,
    pub updated_at: i64,
    pub traceparent: Option<String>,
}

/// A status move: which state it leaves, which it enters, and what comes with it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxMove<'a> {
    pub from: OutboxStatus,
    pub to: OutboxStatus,
    pub reason: Option<&'a str>,
    pub tg_message_id: Option<i32>,
    /// A migrated group: the chat the message goes to now.
    pub chat_id: Option<i64>,
    pub now_ms: i64,
}

impl Store {
    pub async fn insert_outbox(&self, m: &NewOutbox) -> Result<OutboxRow, StoreError> {
        with_conn!(self, |c| Ok(diesel::insert_into(telegram_outbox::table)
            .values(m.clone())
            .returning(OutboxRow::as_returning())
            .get_result(c)
            .await?))
    }

    /// Moves the row only if it is still in `mv.from`; false when it was not
    /// (someone else moved it), so nothing is ever sent twice.
    pub async fn move_outbox(&self, id: i64, mv: &OutboxMove<'_>) -> Result<bool, StoreError> {
        if let Err(e) = mv.from.go(mv.to) {
            return Err(StoreError::Corrupt(e.to_string()));
        }
        let bump = i32::from(mv.to == OutboxStatus::Sending);
        with_conn!(self, |c| {
            let target = telegram_outbox::table
                .filter(telegram_outbox::id.eq(id))
                .filter(telegram_outbox::status.eq(StatusColumn(mv.from)));
            let n = match mv.chat_id {
                Some(chat) => {
                    diesel::update(target)
                        .set((
                            telegram_outbox::status.eq(StatusColumn(mv.to)),
                            telegram_outbox::reason.eq(mv.reason),
                            telegram_outbox::chat_id.eq(chat),
                            telegram_outbox::updated_at.eq(mv.now_ms),
                        ))
                        .execute(c)
                        .await?
                }
                None => {
                    diesel::update(target)
                        .set((
                            telegram_outbox::status.eq(StatusColumn(mv.to)),
                            telegram_outbox::reason.eq(mv.reason),
                            telegram_outbox::tg_message_id.eq(mv.tg_message_id),
                            telegram_outbox::attempts.eq(telegram_outbox::attempts + bump),
                            telegram_outbox::updated_at.eq(mv.now_ms),
                        ))
                        .execute(c)
                        .await?
                }
            };
            Ok(n == 1)
        })
    }

    /// Moves the row like [`Store::move_outbox`], and only while `token` is
    /// still `room`'s fencing token (workers: a former owner of the room
    /// cannot start a send after a new owner took it), in one transaction.
    pub async fn move_outbox_fenced(
        &self,
        id: i64,
        mv: &OutboxMove<'_>,
        room: &str,
        token: i64,
    ) -> Result<bool, StoreError> {
        if let Err(e) = mv.from.go(mv.to) {
            return Err(StoreError::Corrupt(e.to_string()));
        }
        let bump = i32::from(mv.to == OutboxStatus::Sending);
        with_conn!(self, |c| c
            .transaction::<_, StoreError, _>(async |c| {
                hold_fence!(c, room, token);
                let target = telegram_outbox::table
                    .filter(telegram_outbox::id.eq(id))
                    .filter(telegram_outbox::status.eq(StatusColumn(mv.from)));
                let n = diesel::update(target)
                    .set((
                        telegram_outbox::status.eq(StatusColumn(mv.to)),
                        telegram_outbox::reason.eq(mv.reason),
                        telegram_outbox::attempts.eq(telegram_outbox::attempts + bump),
                        telegram_outbox::updated_at.eq(mv.now_ms),
                    ))
                    .execute(c)
                    .await?;
                Ok(n == 1)
            })
            .await)
    }

    /// Start-up: rows left in "sending" by a crash become "unknown" (never
    /// re-sent). Returns how many.
    pub async fn outbox_recover(&self, now_ms: i64) -> Result<usize, StoreError> {
        self.outbox_recover_in(None, now_ms).await
    }

    /// The same for one room (`Some`), when a worker takes it: a send its
    /// former owner started may or may not have reached Telegram.
    pub async fn outbox_recover_in(&self, room: Option<&str>, now_ms: i64) -> Result<usize, StoreError> {
        let sending = telegram_outbox::table.filter(telegram_outbox::status.eq(StatusColumn(OutboxStatus::Sending)));
        let ids: Vec<i64> = with_conn!(self, |c| match room {
            Some(room) => sending.filter(telegram_outbox::room_id.eq(room)).select(telegram_outbox::id).load(c).await,
            None => sending.select(telegram_outbox::id).load(c).await,
        })?;
        if ids.is_empty() {
            return Ok(0);
        }
        with_conn!(self, |c| Ok(diesel::update(
            telegram_outbox::table
                .filter(telegram_outbox::id.eq_any(&ids))
                .filter(telegram_outbox::status.eq(StatusColumn(OutboxStatus::Sending)))
        )
        .set((
            telegram_outbox::status.eq(StatusColumn(OutboxStatus::Unknown)),
            telegram_outbox::reason.eq("in flight when the process stopped; not sent again"),
            telegram_outbox::updated_at.eq(now_ms),
        ))
        .execute(c)
        .await?))
    }

    /// Rows in `status`, oldest first.
    pub async fn outbox_with_status(&self, status: OutboxStatus) -> Result<Vec<OutboxRow>, StoreError> {
        with_conn!(self, |c| Ok(telegram_outbox::table
            .filter(telegram_outbox::status.eq(StatusColumn(status)))
            .order(telegram_outbox::id.asc())
            .select(OutboxRow::as_select())
            .load(c)
            .await?))
    }

    /// Rows sent, or maybe sent (`unknown`), since `since_ms`, oldest send
    /// first: the send history a restart starts its rate limits from.
    pub async fn outbox_sent_since(&self, since_ms: i64) -> Result<Vec<OutboxRow>, StoreError> {
        use OutboxStatus::{Sent, Unknown};
        let status = telegram_outbox::status;
        with_conn!(self, |c| Ok(telegram_outbox::table
            .filter(status.eq(StatusColumn(Sent)).or(status.eq(StatusColumn(Unknown))))
            .filter(telegram_outbox::updated_at.ge(since_ms))
            .order((telegram_outbox::updated_at.asc(), telegram_outbox::id.asc()))
            .select(OutboxRow::as_select())
            .load(c)
            .await?))
    }

    /// Which of these messages have outbox rows (planned, sent or not).
    pub async fn messages_in_outbox(&self, ids: &[i64]) -> Result<Vec<i64>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        with_conn!(self, |c| Ok(telegram_outbox::table
            .filter(telegram_outbox::message_id.eq_any(ids))
            .select(telegram_outbox::message_id.assume_not_null())
            .distinct()
            .load(c)
            .await?))
    }

    /// A room's planned rows, oldest first (a worker taking the room sends them).
    pub async fn outbox_planned_in(&self, room: &str) -> Result<Vec<OutboxRow>, StoreError> {
        with_conn!(self, |c| Ok(telegram_outbox::table
            .filter(telegram_outbox::room_id.eq(room))
            .filter(telegram_outbox::status.eq(StatusColumn(OutboxStatus::Planned)))
            .order(telegram_outbox::id.asc())
            .select(OutboxRow::as_select())
            .load(c)
            .await?))
    }

    /// A room's outbox, oldest first (console, tests).
    pub async fn outbox(&self, room: &str) -> Result<Vec<OutboxRow>, StoreError> {
        with_conn!(self, |c| Ok(telegram_outbox::table
            .filter(telegram_outbox::room_id.eq(room))
            .order(telegram_outbox::id.asc())
            .select(OutboxRow::as_select())
            .load(c)
            .await?))
    }
}
