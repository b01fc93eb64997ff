//! The rooms that run: one shared list that the market, the retention job,
//! the Telegram channel and the web layer all read, so a room created or
//! archived at run time reaches them at once. Channels that keep something
//! per room (a bridge) watch it for changes.

use crate::room::RoomHandle;
use std::sync::{Arc, PoisonError, RwLock};
use tokio::sync::watch;

/// The running rooms, in creation order; cheap to clone (shared).
#[derive(Clone)]
pub struct RoomRegistry {
    rooms: Arc<RwLock<Vec<RoomHandle>>>,
    /// Bumped on every change.
    changes: Arc<watch::Sender<u64>>,
}

impl Default for RoomRegistry {
    fn default() -> Self {
        RoomRegistry { rooms: Arc::default(), changes: Arc::new(watch::channel(0).0) }
    }
}

impl RoomRegistry {
    /// Every running room.
    pub fn all(&self) -> Vec<RoomHandle> {
        self.rooms.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The running room `id`.
    pub fn get(&self, id: &str) -> Option<RoomHandle> {
        self.rooms.read().unwrap_or_else(PoisonError::into_inner).iter().find(|r| r.id == id).cloned()
    }

    /// Wakes up whenever a room is added, replaced or removed.
    pub fn watch(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// Adds a room, or replaces the one with its id (a rename).
    pub(crate) fn put(&self, room: RoomHandle) {
        {
            let mut rooms = self.rooms.write().unwrap_or_else(PoisonError::into_inner);
            match rooms.iter_mut().find(|r| r.id == room.id) {
                Some(slot) => *slot = room,
                None => rooms.push(room),
            }
        }
        self.changes.send_modify(|v| *v += 1);
    }

    /// Takes a room out (archived); the handle it had.
    pub(crate) fn remove(&self, id: &str) -> Option<RoomHandle> {
        let gone = {
            let mut rooms = self.rooms.write().unwrap_or_else(PoisonError::into_inner);
            let i = rooms.iter().position(|r| r.id == id)?;
            rooms.remove(i)
        };
        self.changes.send_modify(|v| *v += 1);
        Some(gone)
    }
}
