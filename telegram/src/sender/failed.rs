//! What a failed send does: a 429 waits for its bot and chat, a migrated
//! group is followed, a 403 takes the bot out of the room, a lost chat
//! pauses the room's Telegram side, refused requests are retried with
//! backoff, and a request without an answer is `unknown`.

use super::{Sender, ms};
use crate::api::CallError;
use engine::backoff::{NO_JITTER, backoff_ms};
use engine::telegram::failure::Failure;
use engine::telegram::outbox::OutboxStatus::*;
use schema::{OutboxMove, OutboxRow};
use std::sync::PoisonError;

impl Sender {
    /// Handles a failed send; true when the row is planned again and should be retried.
    pub(super) async fn failed(&self, row: &mut OutboxRow, e: CallError, attempt: u32, migrated: &mut bool) -> bool {
        let s = &self.inner.settings;
        let now = self.inner.clock.now();
        match e.failure {
            Failure::RetryAfter { ms: wait } => {
                tracing::warn!(bot = %row.bot_id, chat = row.chat_id, retry_after_ms = wait, "429 from Telegram");
                *self
                    .inner
                    .throttled
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .entry(row.room_id.clone())
                    .or_default() += 1;
                self.inner.scheduler.lock().unwrap_or_else(PoisonError::into_inner).retry_after(
                    &row.bot_id,
                    row.chat_id,
                    now,
                    wait,
                );
                self.go(row, Sending, Planned, Some("429: waiting retry_after")).await
            }
            Failure::Migrated { to_chat } if !*migrated => {
                *migrated = true;
                tracing::warn!(room = %row.room_id, from = row.chat_id, to = to_chat, "group became a supergroup; following it");
                if let Err(err) = self.inner.store.migrate_telegram_chat(row.chat_id, to_chat, now.0).await {
                    tracing::error!(error = %err, "new chat id could not be stored");
                }
                let mv = OutboxMove {
                    from: Sending,
                    to: Planned,
                    reason: Some("group migrated; sending once more"),
                    tg_message_id: None,
                    chat_id: Some(to_chat),
                    now_ms: 0,
                };
                row.chat_id = to_chat;
                self.go_with(row.id, mv).await
            }
            Failure::Forbidden { reason } => {
                self.go(row, Sending, Failed, Some(&reason)).await;
                self.stop_bot(&row.bot_id, &row.room_id, &reason).await;
                false
            }
            Failure::ChatNotFound { reason } => {
                self.go(row, Sending, Failed, Some(&reason)).await;
                tracing::error!(room = %row.room_id, reason = %reason, "Telegram chat not found; the room's Telegram side is paused");
                if let Err(err) = self.inner.store.pause_telegram_chat(&row.room_id, Some(&reason), now.0).await {
                    tracing::error!(error = %err, "pause could not be stored");
                }
                false
            }
            Failure::Transient { reason } if !e.refused => {
                let reason = format!("{reason}: it may or may not have arrived; not sent again");
                self.go(row, Sending, Unknown, Some(&reason)).await;
                false
            }
            Failure::Transient { reason } if attempt < s.max_attempts => {
                let wait = backoff_ms(attempt.saturating_sub(1), s.retry_base_ms, s.retry_max_ms, NO_JITTER, None);
                tracing::warn!(bot = %row.bot_id, attempt, backoff_ms = wait, reason = %reason, "send failed; retrying");
                let again = self.go(row, Sending, Planned, Some(&reason)).await;
                tokio::time::sleep(ms(wait)).await;
                again
            }
            other => {
                let reason = match other {
                    Failure::Transient { reason } => format!("gave up after {attempt} tries: {reason}"),
                    Failure::Permanent { reason } => reason,
                    Failure::Migrated { to_chat } => format!("migrated twice (last to {to_chat})"),
                    f => format!("{f:?}"),
                };
                self.go(row, Sending, Failed, Some(&reason)).await;
                false
            }
        }
    }

    /// A 403: the bot stops writing to this room's chat and leaves the room.
    async fn stop_bot(&self, bot: &str, room: &str, reason: &str) {
        tracing::error!(bot = %bot, room = %room, reason = %reason, "bot cannot write to the room's chat; membership made inactive");
        self.inner
            .stopped
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert((bot.to_string(), room.to_string()), reason.to_string());
        if let Err(e) = self.inner.store.set_member_active(room, bot, false, Some(reason)).await {
            tracing::error!(error = %e, "inactive membership could not be stored");
        }
        if let Some(h) = self.inner.rooms.get(room)
            && let Err(e) = h.deactivate(bot, reason).await
        {
            tracing::warn!(error = %e, "room did not take the news");
        }
    }
}

/// A failed send's outcome as `/metrics` counts it.
pub(super) fn outcome(e: &CallError) -> &'static str {
    match e.failure {
        Failure::RetryAfter { .. } => "retry_after",
        Failure::Migrated { .. } => "migrated",
        Failure::Forbidden { .. } => "forbidden",
        Failure::ChatNotFound { .. } => "chat_not_found",
        Failure::Transient { .. } if !e.refused => "unknown",
        Failure::Transient { .. } => "transient",
        Failure::Permanent { .. } => "failed",
    }
}
