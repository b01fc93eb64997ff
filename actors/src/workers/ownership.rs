//! The ownership loop of one worker. Every third of the lease TTL it says it
//! is alive, renews the leases of its rooms, and compares the rooms it runs
//! with its share (`engine::workers::share` over the live workers): a room
//! no longer its own is stopped, then its lease given back; a room of its
//! share that is free is taken (lease, then fencing token, then the room's
//! actor starts). A lease that could not be renewed is counted on only until
//! `engine::workers::held_until`: then the room stops here, whether Redis
//! answers or not, so a worker cut off from Redis falls silent before
//! another can take its rooms.

use super::{Leases, Workers, WorkersStatus};
use crate::community::{RoomRegistry, RoomSpawner};
use crate::control::Live;
use schema::{RoomRow, Store};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::Instant;

pub(crate) struct Ownership {
    leases: Leases,
    store: Store,
    spawner: RoomSpawner,
    live: Arc<Mutex<Live>>,
    rooms: RoomRegistry,
    /// What the rooms spend; shared with the other workers every round.
    meter: crate::meter::Meter,
    ttl_ms: u64,
    every: Duration,
    /// The rooms this worker runs, and until when each lease may be counted on.
    held: BTreeMap<String, Instant>,
    status: Arc<Mutex<WorkersStatus>>,
}

impl Ownership {
    #[expect(clippy::too_many_arguments, reason = "the loop's parts, each from the community")]
    pub(crate) fn new(
        leases: Leases,
        store: Store,
        spawner: RoomSpawner,
        live: Arc<Mutex<Live>>,
        rooms: RoomRegistry,
        meter: crate::meter::Meter,
        ttl_ms: u64,
        every: Duration,
        worker: String,
    ) -> Ownership {
        let status = WorkersStatus { worker, ..WorkersStatus::default() };
        Ownership {
            leases,
            store,
            spawner,
            live,
            rooms,
            meter,
            ttl_ms,
            every,
            held: BTreeMap::new(),
            status: Arc::new(Mutex::new(status)),
        }
    }

    /// Starts the loop on the current actix arbiter (room actors start there).
    pub(crate) fn start(self) -> Workers {
        let workers = Workers {
            leases: self.leases.clone(),
            status: self.status.clone(),
            stop: Arc::new(Notify::new()),
            done: Arc::new(Notify::new()),
            nudge: Arc::new(Notify::new()),
        };
        let (stop, done, nudge) = (workers.stop.clone(), workers.done.clone(), workers.nudge.clone());
        actix::spawn(self.run(stop, done, nudge));
        workers
    }

    async fn run(mut self, stop: Arc<Notify>, done: Arc<Notify>, nudge: Arc<Notify>) {
        tracing::info!(worker = %self.leases.me(), lease_ttl_ms = self.ttl_ms, "worker started; rooms come by lease");
        let mut next = Instant::now();
        loop {
            let lapse = self.held.values().min().copied().unwrap_or(next + self.every);
            tokio::select! {
                _ = stop.notified() => break,
                _ = nudge.notified() => {}
                _ = tokio::time::sleep_until(next) => {}
                _ = tokio::time::sleep_until(lapse) => {
                    self.stop_lapsed().await;
                    continue;
                }
            }
            next = Instant::now() + self.every;
            // Never cut short (a take cancelled half-way would leave a room
            // started and unlisted): each Redis call has its own timeout and
            // the takes stop at half the period.
            self.step().await;
            self.stop_lapsed().await;
        }
        self.leave().await;
        done.notify_one();
    }

    /// One round: heartbeat, renewals, hand-backs, takes.
    async fn step(&mut self) {
        let sent = Instant::now();
        let (workers, addresses) = match self.leases.heartbeat().await {
            Ok(w) => w,
            Err(e) => return self.redis_failed(&e),
        };
        let held: Vec<String> = self.held.keys().cloned().collect();
        match self.leases.renew(&held).await {
            Ok(flags) => {
                let until = self.until(sent);
                for (room, kept) in held.iter().zip(flags) {
                    let running = self.rooms.get(room).is_some_and(|h| h.is_running());
                    match (kept, running) {
                        (true, true) => {
                            self.held.insert(room.clone(), until);
                        }
                        (true, false) => self.hand_back(room, "its actor stopped (its fence was taken)", true).await,
                        (false, _) => self.drop_room(room, "its lease is held by another worker", true).await,
                    }
                }
            }
            Err(e) => return self.redis_failed(&e),
        }
        self.redis_ok(&workers, addresses);
        let now = engine::ids::Millis(self.spawner.now_ms());
        let held: Vec<String> = self.held.keys().cloned().collect();
        if let Err(e) = self.leases.sync_spend(&self.meter, &held, now).await {
            tracing::warn!(error = %e, "the community's spend could not be shared this round");
        }
        let rows = match self.store.rooms().await {
            Ok(rows) => rows,
            Err(e) => {
                tracing::warn!(error = %e, "the rooms could not be read; none taken or handed back this round");
                return;
            }
        };
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        self.status.lock().unwrap_or_else(PoisonError::into_inner).known = ids.iter().cloned().collect();
        let mine: BTreeSet<String> =
            engine::workers::share(self.leases.me(), &ids, &workers).into_iter().map(str::to_string).collect();
        for room in self.held.keys().cloned().collect::<Vec<_>>() {
            if !mine.contains(&room) {
                self.hand_back(&room, "it belongs to another worker's share now, or was archived", false).await;
            }
        }
        for row in rows {
            // Many rooms to take (a start, a worker gone): some now, the rest
            // next round, so renewals keep their pace.
            if sent.elapsed() > self.every / 2 {
                break;
            }
            if mine.contains(&row.id) && !self.held.contains_key(&row.id) {
                self.take(row).await;
            }
        }
        // After the takes: a persona that just started here counts its
        // messages on the other workers before its first turn.
        let limiters = &self.spawner.factory.limiters;
        if let Err(e) = self.leases.sync_sends(limiters, engine::ids::Millis(self.spawner.now_ms())).await {
            tracing::warn!(error = %e, "the personas' messages could not be shared this round");
        }
        self.publish_rooms();
    }

    fn until(&self, sent: Instant) -> Instant {
        let ms = engine::workers::held_until(0, self.ttl_ms as i64);
        sent + Duration::from_millis(ms.max(0) as u64)
    }

    /// Takes a free room of this worker's share: lease, fence, actor.
    async fn take(&mut self, row: RoomRow) {
        let sent = Instant::now();
        let id = row.id.clone();
        match self.leases.acquire(&id).await {
            Ok(true) => {}
            // Its former owner still holds it: it hands it back or it lapses.
            Ok(false) => return,
            Err(e) => return self.redis_failed(&e),
        }
        let now = self.spawner.now_ms();
        let token = match self.store.take_fence(&id, self.leases.me(), now).await {
            Ok(t) => t,
            Err(e) => {
                tracing::warn!(room = %id, error = %e, "the room's fencing token could not be taken; its lease is given back");
                let _ = self.leases.release(std::slice::from_ref(&id), false).await;
                return;
            }
        };
        let live = self.live.lock().unwrap_or_else(PoisonError::into_inner).current.clone();
        match self.spawner.start(row, &live, Some(token)).await {
            Ok(handle) => {
                self.rooms.put(handle);
                self.held.insert(id.clone(), self.until(sent));
                tracing::info!(room = %id, fence = token, worker = %self.leases.me(), "room taken");
            }
            Err(e) => {
                tracing::error!(room = %id, error = %format!("{e:#}"), "room could not start; its lease is given back");
                let _ = self.leases.release(std::slice::from_ref(&id), false).await;
            }
        }
    }

    /// Stops a room here (it leaves the registry first: no new post
    /// reaches it); `lost` when this worker did not choose to (a warning).
    async fn drop_room(&mut self, room: &str, why: &str, lost: bool) {
        self.held.remove(room);
        if let Some(handle) = self.rooms.remove(room) {
            // A room that already stopped has nothing left to stop.
            let _ = handle.stop().await;
        }
        match lost {
            true => {
                tracing::warn!(room = %room, worker = %self.leases.me(), reason = why, "room stopped on this worker")
            }
            false => tracing::info!(room = %room, worker = %self.leases.me(), reason = why, "room handed on"),
        }
        self.publish_rooms();
    }

    /// Stops a room here, then gives its lease back so its new owner takes it at once.
    async fn hand_back(&mut self, room: &str, why: &str, lost: bool) {
        self.drop_room(room, why, lost).await;
        if let Err(e) = self.leases.release(&[room.to_string()], false).await {
            tracing::warn!(room = %room, error = %e, "the lease could not be given back; it lapses");
        }
    }

    /// Stops every room whose lease can no longer be counted on.
    async fn stop_lapsed(&mut self) {
        let now = Instant::now();
        let lapsed: Vec<String> =
            self.held.iter().filter(|(_, until)| **until <= now).map(|(r, _)| r.clone()).collect();
        for room in lapsed {
            self.drop_room(&room, "its lease could not be renewed in time (Redis unreachable)", true).await;
        }
    }

    /// A shutdown: every room stops, the leases go back, the worker leaves.
    async fn leave(&mut self) {
        let rooms: Vec<String> = self.held.keys().cloned().collect();
        for room in &rooms {
            self.drop_room(room, "the worker is shutting down", false).await;
        }
        match self.leases.release(&rooms, true).await {
            Ok(()) => tracing::info!(worker = %self.leases.me(), rooms = rooms.len(), "leases given back"),
            Err(e) => tracing::warn!(worker = %self.leases.me(), error = %e, "leases not given back; they lapse"),
        }
    }

    fn redis_failed(&mut self, e: &super::LeaseError) {
        let mut s = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        if s.redis_ok || s.redis_error.is_none() {
            tracing::error!(worker = %s.worker, error = %e, rooms = self.held.len(), "redis unreachable: the rooms stop when their leases would lapse");
        }
        s.redis_ok = false;
        s.redis_error = Some(e.to_string());
    }

    fn redis_ok(&mut self, workers: &[String], addresses: BTreeMap<String, String>) {
        let mut s = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        if !s.redis_ok && s.redis_error.is_some() {
            tracing::info!(worker = %s.worker, "redis reachable again");
        }
        s.redis_ok = true;
        s.redis_error = None;
        s.workers = workers.to_vec();
        s.addresses = addresses;
    }

    fn publish_rooms(&self) {
        let mut s = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        s.rooms = self.held.keys().cloned().collect();
    }
}
