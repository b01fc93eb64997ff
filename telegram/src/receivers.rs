//! Telegram on workers: which worker receives each bot account's updates,
//! and how a group message reaches a room that runs on another worker.
//!
//! - **Receiving.** Telegram allows one `getUpdates` consumer per token. The
//!   accounts are shared out over the live workers like the rooms
//!   (`engine::workers::share`), each under a Redis lease of the kind
//!   `telegram`: renewed every third of the TTL, counted on only until
//!   `engine::workers::held_until`, given back on a hand-over or a shutdown.
//!   The holder sets the account's profile and polls (or sets its webhook).
//!   Accounts added, removed or given a new token on another worker are
//!   followed from the store every round.
//! - **The inbox.** A person's message (or edit) for a room this worker does
//!   not run is stored in `telegram_inbox` with the update as Telegram sent
//!   it; the room's worker takes its rooms' updates in, oldest first, then
//!   deletes them. The seen update ids are in the shared database, so an
//!   update is taken once whichever worker polls.

use crate::channel::{BotInfo, Channel, bot_of};
use actors::workers::{Leases, Workers};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::PoisonError;
use std::time::Duration;
use tokio::time::Instant;

/// How often the room's worker looks for updates left for its rooms.
const INBOX_EVERY: Duration = Duration::from_millis(250);
/// The most updates taken in one look.
const INBOX_BATCH: i64 = 100;

/// Shares the accounts' receiving out by lease until the channel stops.
pub(crate) async fn run(ch: Channel, workers: Workers) {
    let leases = workers.leases().for_kind("telegram");
    let every = Duration::from_millis(leases.ttl_ms() / 3);
    let mut next = Instant::now();
    loop {
        tokio::select! {
            _ = ch.inner().wake.notified() => {}
            _ = tokio::time::sleep_until(next) => {}
        }
        if ch.is_stopping() {
            return;
        }
        next = Instant::now() + every;
        if let Err(e) = follow_accounts(&ch).await {
            tracing::warn!(error = %format!("{e:#}"), "the Telegram accounts could not be read this round");
        }
        if let Err(e) = ch.bridge_mapped_rooms().await {
            tracing::warn!(error = %format!("{e:#}"), "the Telegram chats could not be read this round");
        }
        round(&ch, &workers, &leases).await;
    }
}

/// One round: renew what is held, stop what lapsed or moved, take the rest
/// of this worker's share.
async fn round(ch: &Channel, workers: &Workers, leases: &Leases) {
    let sent = Instant::now();
    let status = workers.status();
    let held: Vec<String> = receiving(ch).keys().cloned().collect();
    match leases.renew(&held).await {
        Ok(flags) => {
            let until = sent + Duration::from_millis(engine::workers::held_until(0, leases.ttl_ms() as i64) as u64);
            for (bot, kept) in held.iter().zip(flags) {
                match kept {
                    true => {
                        receiving(ch).insert(bot.clone(), until);
                    }
                    false => stop_receiving(ch, bot, "its lease is held by another worker"),
                }
            }
        }
        Err(e) => tracing::warn!(error = %e, "the Telegram leases could not be renewed"),
    }
    stop_lapsed(ch);
    if !status.redis_ok || status.workers.is_empty() {
        return;
    }
    let accounts: Vec<String> = {
        let bots = ch.inner().bots.read().unwrap_or_else(PoisonError::into_inner);
        bots.keys().map(|b| format!("telegram:{b}")).collect()
    };
    let mine: BTreeSet<String> = engine::workers::share(&status.worker, &accounts, &status.workers)
        .into_iter()
        .filter_map(|k| k.strip_prefix("telegram:"))
        .map(str::to_string)
        .collect();
    let gone: Vec<String> = receiving(ch).keys().filter(|b| !mine.contains(*b)).cloned().collect();
    for bot in gone {
        stop_receiving(ch, &bot, "another worker's share now");
        if let Err(e) = leases.release(std::slice::from_ref(&bot), false).await {
            tracing::warn!(bot = %bot, error = %e, "the account's lease could not be given back; it lapses");
        }
    }
    for bot in mine {
        if receiving(ch).contains_key(&bot) || ch.is_stopping() {
            continue;
        }
        let taken = Instant::now();
        match leases.acquire(&bot).await {
            Ok(true) => {}
            Ok(false) => continue, // its former receiver hands it back or it lapses
            Err(e) => return tracing::warn!(bot = %bot, error = %e, "the account's lease could not be taken"),
        }
        let Some(info) = ch.bot(&bot) else { continue };
        let until = taken + Duration::from_millis(engine::workers::held_until(0, leases.ttl_ms() as i64) as u64);
        receiving(ch).insert(bot.clone(), until);
        tracing::info!(bot = %bot, worker = %status.worker, "this worker receives the account's updates");
        ch.bring_up(info).await;
    }
}

/// The accounts this worker receives for, with until when each lease holds.
fn receiving(ch: &Channel) -> std::sync::MutexGuard<'_, BTreeMap<String, Instant>> {
    ch.inner().receiving.lock().unwrap_or_else(PoisonError::into_inner)
}

pub(crate) fn stop_receiving(ch: &Channel, bot: &str, why: &str) {
    receiving(ch).remove(bot);
    ch.stop_poller(bot);
    tracing::info!(bot = %bot, reason = why, "this worker no longer receives the account's updates");
}

/// Stops receiving for every account whose lease can no longer be counted on.
fn stop_lapsed(ch: &Channel) {
    let now = Instant::now();
    let lapsed: Vec<String> = receiving(ch).iter().filter(|(_, u)| **u <= now).map(|(b, _)| b.clone()).collect();
    for bot in lapsed {
        stop_receiving(ch, &bot, "its lease could not be renewed in time (Redis unreachable)");
    }
}

/// Accounts added or removed on any worker: this one follows the store.
async fn follow_accounts(ch: &Channel) -> anyhow::Result<()> {
    let rows = ch.store().telegram_bots().await?;
    // A replaced token counts as removed, then added again.
    let stored: BTreeMap<&str, &str> = rows.iter().map(|r| (r.bot_id.as_str(), r.token_cipher.as_str())).collect();
    let known: Vec<(String, String)> = {
        let bots = ch.inner().bots.read().unwrap_or_else(PoisonError::into_inner);
        bots.values().map(|b| (b.bot_id.clone(), b.token_cipher.clone())).collect()
    };
    for (bot, cipher) in &known {
        if stored.get(bot.as_str()).is_none_or(|c| c != cipher) {
            stop_receiving(ch, bot, "the account was removed or its token replaced");
            ch.sender().remove_api(bot);
            ch.take_bot(bot);
        }
    }
    let kept: BTreeSet<&str> =
        known.iter().filter(|(b, c)| stored.get(b.as_str()) == Some(&c.as_str())).map(|(b, _)| b.as_str()).collect();
    for row in rows.iter().filter(|r| !kept.contains(r.bot_id.as_str())) {
        let token = ch.inner().cipher.decrypt(&row.bot_id, &row.token_cipher)?;
        let (info, api): (BotInfo, _) = bot_of(ch.store(), ch.settings(), ch.marker(), row, &token).await?;
        ch.sender().add_api(&row.bot_id, api);
        ch.put_bot(info);
        tracing::info!(bot = %row.bot_id, "Telegram account added on another worker; followed here");
    }
    Ok(())
}

/// Gives back every account's lease this worker holds (a shutdown).
pub(crate) async fn release_all(ch: &Channel) {
    let Some(workers) = &ch.inner().workers else { return };
    let held: Vec<String> = std::mem::take(&mut *receiving(ch)).into_keys().collect();
    if let Err(e) = workers.leases().for_kind("telegram").release(&held, false).await {
        tracing::warn!(error = %e, "the Telegram accounts' leases were not given back; they lapse");
    }
}

/// Takes in the updates other workers left for the rooms running here,
/// until the channel stops.
pub(crate) async fn drain_inbox(ch: Channel) {
    while !ch.is_stopping() {
        tokio::time::sleep(INBOX_EVERY).await;
        let rooms: Vec<String> = ch.rooms().all().into_iter().filter(|r| r.is_running()).map(|r| r.id).collect();
        let rows = match ch.store().inbox_for(&rooms, INBOX_BATCH).await {
            Ok(rows) => rows,
            Err(e) => {
                tracing::warn!(error = %e, "the Telegram inbox could not be read");
                continue;
            }
        };
        for row in rows {
            if ch.rooms().get(&row.room_id).is_none() {
                continue; // the room moved on meanwhile: its new worker takes it
            }
            match serde_json::from_str::<frankenstein::updates::Update>(&row.update_json) {
                Ok(update) => {
                    let span = tracing::info_span!("telegram.inbox", bot = %row.bot_id, room.id = %row.room_id);
                    let handled = crate::inbound::take_in(&ch, &row.bot_id, update);
                    if let Err(e) = tracing::Instrument::instrument(handled, span).await {
                        tracing::error!(room = %row.room_id, error = %format!("{e:#}"), "update from the inbox not handled");
                    }
                }
                Err(e) => {
                    tracing::error!(room = %row.room_id, error = %e, "an inbox row is not a Telegram update; dropped")
                }
            }
            if let Err(e) = ch.store().drop_inbox(row.id).await {
                tracing::warn!(error = %e, "an inbox row could not be deleted");
            }
        }
    }
}
