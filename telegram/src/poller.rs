//! Long polling: one consumer per token. A 409 means another process (or a
//! webhook) consumes this token's updates: the poller says so (log, the
//! console's reports, `/health` degraded, the poller metric down) and tries
//! again after `telegram.conflict_retry_ms`, doubling up to 16 times that,
//! until the other consumer is gone. A batch of updates is taken in on its
//! own task, so a poller stopped (a hand-over, a shutdown) never leaves one
//! half taken in. `/health`, the metrics and the console ask here whether a
//! poller receives.

use crate::channel::Channel;
use engine::backoff::{NO_JITTER, backoff_ms};
use engine::telegram::failure::Failure;
use std::sync::PoisonError;
use std::time::Duration;

/// Polls `bot`'s updates until the channel stops.
pub(crate) async fn run(ch: Channel, bot: String) {
    let Some(api) = ch.sender().api(&bot) else { return };
    let mut offset = match ch.store().last_seen_update(&bot).await {
        Ok(last) => last.map(|id| id + 1),
        Err(e) => return tracing::error!(bot = %bot, error = %e, "poller could not read its offset"),
    };
    let s = ch.settings().clone();
    let (mut failures, mut conflicts) = (0u32, 0u32);
    loop {
        match api.updates(offset, s.poll_timeout_s).await {
            Ok(updates) => {
                failures = 0;
                if conflicts > 0 {
                    conflicts = 0;
                    tracing::info!(bot = %bot, "the other consumer of this token is gone; receiving again");
                    ch.set_conflict(&bot, None);
                }
                // Its own task: a poller stopped (a hand-over to another
                // worker, a shutdown) never leaves a batch half taken in.
                let batch = actix::spawn(take_in(ch.clone(), bot.clone(), updates, offset));
                offset = batch.await.unwrap_or(offset);
            }
            Err(e) if matches!(&e.failure, Failure::Permanent { reason } if reason.starts_with("409")) => {
                conflicts += 1;
                let first = s.conflict_retry_ms;
                let wait = backoff_ms(conflicts - 1, first, first.saturating_mul(16), NO_JITTER, None);
                if conflicts == 1 {
                    let msg = format!(
                        "bot {bot}: another consumer is reading this token's updates (Telegram answered {e}); \
                         stop the other process or its webhook (deleteWebhook). Until then this bot hears \
                         nothing; it tries again by itself."
                    );
                    tracing::error!("{msg}");
                    ch.set_conflict(&bot, Some(msg));
                } else {
                    tracing::warn!(bot = %bot, backoff_ms = wait, "another consumer still reads this token's updates");
                }
                tokio::time::sleep(Duration::from_millis(wait as u64)).await;
            }
            Err(e) => {
                failures += 1;
                let wait = backoff_ms(failures.saturating_sub(1), s.retry_base_ms, s.retry_max_ms, NO_JITTER, None);
                tracing::warn!(bot = %bot, error = %e, backoff_ms = wait, "getUpdates failed; retrying");
                tokio::time::sleep(Duration::from_millis(wait as u64)).await;
            }
        }
    }
}

/// Takes a batch of updates in, in order; the next offset.
async fn take_in(
    ch: Channel,
    bot: String,
    updates: Vec<frankenstein::updates::Update>,
    mut offset: Option<i64>,
) -> Option<i64> {
    for u in updates {
        let id = i64::from(u.update_id);
        // Each update starts a trace; a person's message and the bots' answer continue it.
        let span = tracing::info_span!("telegram.update", bot = %bot, update = id, trace_id = tracing::field::Empty);
        actors::trace::record_trace_id(&span);
        if let Err(e) = tracing::Instrument::instrument(crate::inbound::handle(&ch, &bot, u), span).await {
            tracing::error!(bot = %bot, update = id, error = %format!("{e:#}"), "update not handled");
        }
        offset = Some(offset.map_or(id + 1, |o| o.max(id + 1)));
    }
    offset
}

impl Channel {
    /// Whether the account's poller receives now (it runs and no other
    /// consumer holds the token); none when it has none (webhook mode, or no
    /// such account).
    pub fn poller_running(&self, bot: &str) -> Option<bool> {
        let running =
            self.inner().pollers.lock().unwrap_or_else(PoisonError::into_inner).get(bot).map(|h| !h.is_finished());
        running.map(|r| r && !self.lock_conflicts().contains_key(bot))
    }

    /// Problems an operator must act on now (another consumer of a bot's
    /// updates), one per bot.
    pub fn reports(&self) -> Vec<String> {
        self.lock_conflicts().values().cloned().collect()
    }

    /// The bots that hear nothing because another consumer reads their updates.
    pub fn conflicted(&self) -> Vec<String> {
        self.lock_conflicts().keys().cloned().collect()
    }

    /// A poller met another consumer (`Some(report)`) or got its updates back.
    pub(crate) fn set_conflict(&self, bot: &str, report: Option<String>) {
        let mut c = self.lock_conflicts();
        match report {
            Some(r) => c.insert(bot.to_string(), r),
            None => c.remove(bot),
        };
    }

    fn lock_conflicts(&self) -> std::sync::MutexGuard<'_, std::collections::BTreeMap<String, String>> {
        self.inner().conflicts.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
