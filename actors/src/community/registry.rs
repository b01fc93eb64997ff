//! The rooms that run: one shared list that the market, the retention job,
//! the Telegram channel and the web layer all read, so a room created or
//! archived at run time reaches them at once.

use crate::room::RoomHandle;
use std::sync::{Arc, PoisonError, RwLock};

/// The running rooms, in creation order; cheap to clone (shared).
#[derive(Clone, Default)]
pub struct RoomRegistry(Arc<RwLock<Vec<RoomHandle>>>);

impl RoomRegistry {
    /// Every running room.
    pub fn all(&self) -> Vec<RoomHandle> {
        self.0.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The running room `id`.
    pub fn get(&self, id: &str) -> Option<RoomHandle> {
        self.0.read().unwrap_or_else(PoisonError::into_inner).iter().find(|r| r.id == id).cloned()
    }

    /// Adds a room, or replaces the one with its id (a rename).
    pub(crate) fn put(&self, room: RoomHandle) {
        let mut rooms = self.0.write().unwrap_or_else(PoisonError::into_inner);
        match rooms.iter_mut().find(|r| r.id == room.id) {
            Some(slot) => *slot = room,
            None => rooms.push(room),
        }
    }

    /// Takes a room out (archived); the handle it had.
    pub(crate) fn remove(&self, id: &str) -> Option<RoomHandle> {
        let mut rooms = self.0.write().unwrap_or_else(PoisonError::into_inner);
        let i = rooms.iter().position(|r| r.id == id)?;
        Some(rooms.remove(i))
    }
}
