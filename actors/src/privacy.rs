//! Privacy in the runtime: people's messages are kept `retention_days`, then
//! a [`RetentionActor`] deletes them (on the clock, so tests run it on
//! virtual time); forgetting one person deletes their messages at once. The
//! rooms drop the same lines from their transcripts, so what was deleted no
//! longer reaches a prompt either: the rooms of this process at once, those
//! of every other running process (and a server when the CLI forgets) within
//! [`FORGET_POLL`], through the store's `forget_requests`.

use crate::clock::Clock;
use crate::community::RoomRegistry;
use crate::room::ForgetHumans;
use actix::prelude::*;
use engine::ids::Millis;
use schema::{Forgotten, Store};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Privacy knobs (config `privacy.*`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrivacySettings {
    /// Days a person's message is kept.
    pub retention_days: u32,
    /// How often the retention job runs.
    pub purge_interval_minutes: u64,
    /// The operator's privacy policy (the /privacy answer); empty: the default.
    pub policy: String,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        PrivacySettings { retention_days: 30, purge_interval_minutes: 60, policy: String::new() }
    }
}

impl PrivacySettings {
    /// Checks what types alone cannot; errors name the key.
    pub fn validate(&self) -> anyhow::Result<()> {
        engine::control::validate_retention_days(self.retention_days)?;
        if !(1..=7 * 24 * 60).contains(&self.purge_interval_minutes) {
            anyhow::bail!(
                "privacy.purge_interval_minutes: must be within 1..=10080 (a week), got {}",
                self.purge_interval_minutes
            );
        }
        Ok(())
    }
}

/// A person's id as stored (`web:NAME`, `tg:NUMBER`): a channel, a colon, an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonId(String);

impl PersonId {
    pub fn parse(raw: &str) -> Result<PersonId, String> {
        let ok = raw.len() <= 200
            && raw.trim() == raw
            && raw.split_once(':').is_some_and(|(ch, id)| {
                !ch.is_empty() && ch.chars().all(|c| c.is_ascii_lowercase()) && !id.trim().is_empty()
            });
        if ok {
            Ok(PersonId(raw.to_string()))
        } else {
            Err(format!("'{raw}' is not a person id: ids look like web:NAME or tg:NUMBER (at most 200 characters)"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How often a running process looks for people forgotten elsewhere.
pub const FORGET_POLL: Duration = Duration::from_secs(1);

/// Deletes one person's messages and drops them from the rooms'
/// transcripts, here and (through a forget request) in every running process.
pub async fn forget(
    store: &Store,
    rooms: &[Recipient<ForgetHumans>],
    who: &PersonId,
    now_ms: i64,
) -> anyhow::Result<Forgotten> {
    let done = store.forget_human(who.as_str()).await?;
    store.request_forget(who.as_str(), now_ms).await?;
    for r in rooms {
        // A stopped room has no transcript to clean.
        let _ = r.send(ForgetHumans { author_id: Some(who.as_str().to_string()), before_ms: None }).await;
    }
    tracing::info!(
        messages = done.messages,
        replies_unlinked = done.replies_unlinked,
        "a person's messages were deleted on request"
    );
    Ok(done)
}

/// Drops from this process's rooms the people forgotten by another process
/// (`piyasa privacy forget`, another worker's API), from the requests made
/// after this process started.
async fn follow_forget_requests(store: Store, rooms: RoomRegistry) {
    let mut last = loop {
        match store.last_forget_request().await {
            Ok(id) => break id,
            Err(e) => tracing::warn!(error = %e, "forget requests unreadable; trying again"),
        }
        tokio::time::sleep(FORGET_POLL).await;
    };
    loop {
        tokio::time::sleep(FORGET_POLL).await;
        let requests = match store.forget_requests_after(last).await {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(error = %e, "forget requests unreadable; trying again");
                continue;
            }
        };
        for (id, person) in requests {
            let mut lines = 0;
            for room in rooms.all() {
                let forget = ForgetHumans { author_id: Some(person.clone()), before_ms: None };
                lines += room.forget_recipient().send(forget).await.unwrap_or(0);
            }
            if lines > 0 {
                tracing::info!(lines, "a person forgotten elsewhere left this process's rooms too");
            }
            last = id;
        }
    }
}

/// Runs the retention job now (tests, `PurgeNow`).
#[derive(Message)]
#[rtype(result = "anyhow::Result<Forgotten>")]
pub struct PurgeNow;

/// Telegram seen update ids kept this long (Telegram redelivers an update
/// for at most a day; each bot's newest id, the poll offset, always stays).
pub const SEEN_UPDATES_KEEP_MS: i64 = 2 * 24 * Millis::HOUR;
/// Finished Telegram outbox rows (sent, failed, dropped, unknown) kept this long.
pub const FINISHED_OUTBOX_KEEP_MS: i64 = 14 * 24 * Millis::HOUR;
/// Guard-block counts (reason codes, no text) kept this long.
pub const GUARD_BLOCKS_KEEP_MS: i64 = 90 * 24 * Millis::HOUR;

/// Forget requests kept this long (every running process applies one within
/// seconds; a day leaves room for a paused one).
pub const FORGET_REQUESTS_KEEP_MS: i64 = 24 * Millis::HOUR;

/// A new retention (`privacy.retention_days`, changed at run time); the
/// next purge uses it.
#[derive(Message)]
#[rtype(result = "()")]
pub struct SetRetention(pub u32);

/// Deletes people's messages older than the retention, and prunes the
/// operational tables (`Store::prune_operational`), every interval.
pub struct RetentionActor {
    store: Store,
    clock: Clock,
    settings: PrivacySettings,
    rooms: RoomRegistry,
}

impl RetentionActor {
    pub fn new(store: Store, clock: Clock, settings: PrivacySettings, rooms: RoomRegistry) -> Self {
        RetentionActor { store, clock, settings, rooms }
    }

    fn purge(&self) -> impl Future<Output = anyhow::Result<Forgotten>> + 'static {
        let cutoff = self.clock.now().0 - i64::from(self.settings.retention_days) * 24 * Millis::HOUR;
        let store = self.store.clone();
        let rooms: Vec<Recipient<ForgetHumans>> =
            self.rooms.all().iter().map(crate::room::RoomHandle::forget_recipient).collect();
        let now = self.clock.now().0;
        let operational = schema::PruneBefore {
            seen_updates: now - SEEN_UPDATES_KEEP_MS,
            finished_outbox: now - FINISHED_OUTBOX_KEEP_MS,
            guard_blocks: now - GUARD_BLOCKS_KEEP_MS,
            forget_requests: now - FORGET_REQUESTS_KEEP_MS,
        };
        async move {
            let pruned = store.prune_operational(operational).await?;
            if pruned != schema::Pruned::default() {
                tracing::info!(
                    seen_updates = pruned.seen_updates,
                    finished_outbox = pruned.finished_outbox,
                    guard_blocks = pruned.guard_blocks,
                    "housekeeping pruned old operational rows"
                );
            }
            let done = store.purge_human_messages(cutoff).await?;
            for r in &rooms {
                let _ = r.send(ForgetHumans { author_id: None, before_ms: Some(cutoff) }).await;
            }
            if done.messages > 0 {
                tracing::info!(messages = done.messages, cutoff_ms = cutoff, "retention deleted people's messages");
            }
            Ok(done)
        }
    }
}

impl Actor for RetentionActor {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        ctx.spawn(follow_forget_requests(self.store.clone(), self.rooms.clone()).into_actor(self));
        ctx.spawn(self.purge().into_actor(self).map(|res, _, _| {
            if let Err(e) = res {
                tracing::warn!(error = %format!("{e:#}"), "retention purge at start failed");
            }
        }));
        let every = Duration::from_secs(self.settings.purge_interval_minutes * 60);
        ctx.run_interval(every, |act, ctx| {
            // One purge at a time: the next tick waits for this one.
            ctx.wait(act.purge().into_actor(act).map(|res, _, _| {
                if let Err(e) = res {
                    tracing::warn!(error = %format!("{e:#}"), "retention purge failed; retrying next interval");
                }
            }));
        });
    }
}

impl Handler<SetRetention> for RetentionActor {
    type Result = ();

    fn handle(&mut self, SetRetention(days): SetRetention, _: &mut Self::Context) {
        self.settings.retention_days = days;
    }
}

impl Handler<PurgeNow> for RetentionActor {
    type Result = ResponseFuture<anyhow::Result<Forgotten>>;

    fn handle(&mut self, _: PurgeNow, _: &mut Self::Context) -> Self::Result {
        Box::pin(self.purge())
    }
}

#[cfg(test)]
mod tests;
