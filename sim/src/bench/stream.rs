//! One subscriber per room, consuming the room's broadcast the way the SSE
//! route does (every event formatted as an SSE frame), recording what it
//! saw: message ids, the room's delivery numbers, schedule lag and latency.

use actors::RoomHandle;
use actors::clock::Clock;
use actors::events::RoomEvent;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use tokio::sync::broadcast::error::RecvError;

/// What one room's subscriber saw.
#[derive(Debug, Default)]
pub struct RoomSeen {
    /// Message id → times received.
    pub ids: HashMap<i64, u32>,
    /// The room's delivery numbers received.
    pub seqs: BTreeSet<u64>,
    /// Events the subscriber fell too far behind to get.
    pub lagged: u64,
}

/// Figures of the measured window.
#[derive(Debug, Default, Clone)]
pub struct WindowStats {
    pub delivered: u64,
    /// Planned send time → on the stream, ms.
    pub lag_ms: Vec<i64>,
    /// Floor given (trigger) → on the stream, ms.
    pub e2e_ms: Vec<i64>,
    /// SSE bytes produced for subscribers.
    pub sse_bytes: u64,
}

#[derive(Debug, Default)]
struct Shared {
    rooms: Vec<RoomSeen>,
    window: Option<(i64, Option<i64>)>,
    stats: WindowStats,
}

/// The subscribers of every room.
pub struct Streams {
    shared: Rc<RefCell<Shared>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Streams {
    /// Subscribes to every room (which waits until each has loaded its bots).
    pub async fn subscribe(rooms: &[RoomHandle], clock: Clock) -> anyhow::Result<Streams> {
        let shared = Rc::new(RefCell::new(Shared {
            rooms: rooms.iter().map(|_| RoomSeen::default()).collect(),
            ..Shared::default()
        }));
        let mut tasks = Vec::new();
        for (i, room) in rooms.iter().enumerate() {
            let mut rx = room.subscribe().await?;
            let shared = shared.clone();
            tasks.push(actix_web::rt::spawn(async move {
                loop {
                    match rx.recv().await {
                        Ok(e) => shared.borrow_mut().record(i, &e, clock.now().0),
                        Err(RecvError::Lagged(n)) => shared.borrow_mut().rooms[i].lagged += n,
                        Err(RecvError::Closed) => return,
                    }
                }
            }));
        }
        Ok(Streams { shared, tasks })
    }

    pub fn open_window(&self, now_ms: i64) {
        self.shared.borrow_mut().window = Some((now_ms, None));
    }

    pub fn close_window(&self, now_ms: i64) {
        let mut s = self.shared.borrow_mut();
        s.window = s.window.map(|(open, _)| (open, Some(now_ms)));
    }

    pub fn delivered_in_window(&self) -> u64 {
        self.shared.borrow().stats.delivered
    }

    pub fn window_stats(&self) -> WindowStats {
        self.shared.borrow().stats.clone()
    }

    /// Messages received so far, all rooms.
    pub fn received(&self) -> u64 {
        self.shared.borrow().rooms.iter().map(|r| r.ids.values().map(|n| u64::from(*n)).sum::<u64>()).sum()
    }

    /// Runs `f` over what each room's subscriber saw so far.
    pub fn with_rooms<T>(&self, f: impl FnOnce(&[RoomSeen]) -> T) -> T {
        f(&self.shared.borrow().rooms)
    }
}

impl Drop for Streams {
    fn drop(&mut self) {
        self.tasks.iter().for_each(tokio::task::JoinHandle::abort);
    }
}

impl Shared {
    fn record(&mut self, room: usize, e: &RoomEvent, now_ms: i64) {
        // What the SSE route sends for this event.
        let frame = format!("event: {}\ndata: {}\n\n", e.name(), e.json());
        let in_window = self.window.is_some_and(|(open, close)| now_ms >= open && close.is_none_or(|c| now_ms < c));
        if in_window {
            self.stats.sse_bytes += frame.len() as u64;
        }
        let RoomEvent::Message(m) = e else {
            return;
        };
        let seen = &mut self.rooms[room];
        *seen.ids.entry(m.id).or_default() += 1;
        if let Some(t) = m.timing {
            seen.seqs.insert(t.seq);
            if in_window {
                self.stats.delivered += 1;
                self.stats.lag_ms.push(now_ms - t.planned_at_ms);
                self.stats.e2e_ms.push(now_ms - t.triggered_at_ms);
            }
        }
    }
}
