//! A provider's concurrency limit, served fairly: when every slot is busy,
//! the next free one goes to the waiting call `engine::fairness::next`
//! picks (a reply to a person before chatter, then the room with the fewest
//! calls in flight, then the oldest), not simply to the first that came.

use engine::budget::Tier;
use engine::fairness::{Load, Waiting};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::oneshot;

/// A provider's slots and the calls waiting for one.
pub(super) struct FairPermits {
    state: Mutex<State>,
}

struct State {
    free: usize,
    in_flight: HashMap<Option<String>, usize>,
    /// When each room was last given a slot (the grant counter then).
    last_served: HashMap<Option<String>, u64>,
    grants: u64,
    waiting: Vec<Waiter>,
    seq: u64,
}

impl State {
    fn grant(&mut self, room: Option<String>) {
        self.free -= 1;
        self.grants += 1;
        *self.in_flight.entry(room.clone()).or_default() += 1;
        self.last_served.insert(room, self.grants);
    }
}

struct Waiter {
    tier: Tier,
    room: Option<String>,
    seq: u64,
    granted: oneshot::Sender<()>,
}

/// One slot, held while a call (and its retries) runs; freed on drop.
pub(super) struct Permit {
    permits: Arc<FairPermits>,
    room: Option<String>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.permits.release(&self.room);
    }
}

/// A call waiting for its slot; a slot granted to a call that gave up
/// waiting (its request dropped) goes back.
struct Pending {
    permits: Arc<FairPermits>,
    room: Option<String>,
    granted: oneshot::Receiver<()>,
    taken: bool,
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.taken && self.granted.try_recv().is_ok() {
            self.permits.release(&self.room);
        }
    }
}

impl FairPermits {
    pub(super) fn new(slots: usize) -> Arc<FairPermits> {
        let state = State {
            free: slots.max(1),
            in_flight: HashMap::new(),
            last_served: HashMap::new(),
            grants: 0,
            waiting: Vec::new(),
            seq: 0,
        };
        Arc::new(FairPermits { state: Mutex::new(state) })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A slot for a call of `tier` for `room`: at once when one is free and
    /// nobody waits, else when the fair order reaches it.
    pub(super) async fn acquire(self: &Arc<Self>, tier: Tier, room: Option<String>) -> Permit {
        let rx = {
            let mut s = self.lock();
            if s.free > 0 && s.waiting.is_empty() {
                s.grant(room.clone());
                return Permit { permits: self.clone(), room };
            }
            let (tx, rx) = oneshot::channel();
            s.seq += 1;
            let seq = s.seq;
            s.waiting.push(Waiter { tier, room: room.clone(), seq, granted: tx });
            rx
        };
        let mut pending = Pending { permits: self.clone(), room: room.clone(), granted: rx, taken: false };
        // The sender lives until it grants: an error cannot happen while we wait.
        let _ = (&mut pending.granted).await;
        pending.taken = true;
        Permit { permits: self.clone(), room }
    }

    fn release(&self, room: &Option<String>) {
        let mut s = self.lock();
        if let Some(n) = s.in_flight.get_mut(room) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                s.in_flight.remove(room);
            }
        }
        s.free += 1;
        Self::dispatch(&mut s);
    }

    /// Hands free slots to waiting calls in the fair order.
    fn dispatch(s: &mut State) {
        while s.free > 0 && !s.waiting.is_empty() {
            let load = |room: &Option<String>| Load {
                in_flight: s.in_flight.get(room).copied().unwrap_or(0),
                last_served: s.last_served.get(room).copied().unwrap_or(0),
            };
            let pick = engine::fairness::next(s.waiting.iter().map(|w| Waiting {
                tier: w.tier,
                load: load(&w.room),
                seq: w.seq,
            }));
            let Some(i) = pick else { return };
            let w = s.waiting.swap_remove(i);
            // A call that gave up waiting is skipped.
            if w.granted.send(()).is_ok() {
                s.grant(w.room);
            }
        }
    }

    /// Calls waiting for a slot now.
    #[cfg(test)]
    pub(super) fn waiting(&self) -> usize {
        self.lock().waiting.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    async fn settle() {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    #[tokio::test]
    async fn a_person_s_reply_and_a_quiet_room_go_before_a_busy_room_s_queue() {
        let permits = FairPermits::new(1);
        let held = permits.acquire(Tier::Banter, Some("busy".into())).await;
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for (tier, room, label) in [
            (Tier::Banter, "busy", "busy-1"),
            (Tier::Banter, "busy", "busy-2"),
            (Tier::Banter, "quiet", "quiet"),
            (Tier::Important, "busy", "person"),
        ] {
            let (p, order) = (permits.clone(), order.clone());
            tasks.push(tokio::spawn(async move {
                let _slot = p.acquire(tier, Some(room.into())).await;
                order.lock().unwrap().push(label);
                settle().await;
            }));
            settle().await;
        }
        assert_eq!(permits.waiting(), 4);
        drop(held);
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(*order.lock().unwrap(), ["person", "quiet", "busy-1", "busy-2"]);
    }

    #[tokio::test]
    async fn a_call_that_stops_waiting_gives_its_slot_on() {
        let permits = FairPermits::new(1);
        let held = permits.acquire(Tier::Banter, None).await;
        let gave_up = tokio::spawn({
            let p = permits.clone();
            async move { p.acquire(Tier::Important, None).await }
        });
        settle().await;
        gave_up.abort();
        let _ = gave_up.await;
        drop(held);
        // The slot is free again: the next call gets it at once.
        let next = tokio::time::timeout(Duration::from_secs(1), permits.acquire(Tier::Banter, None)).await;
        assert!(next.is_ok(), "the slot was lost");
    }
}
