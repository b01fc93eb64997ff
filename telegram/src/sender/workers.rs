//! Sending on one of several workers: a room's rows are sent by the worker
//! that runs the room, and a send starts only under the room's fencing
//! token; a worker taking a room takes its outbox over.

use super::Sender;
use engine::telegram::outbox::OutboxStatus::{Planned, Sending};
use schema::{OutboxMove, OutboxRow};

impl Sender {
    /// A worker took `room`: the sends its former owner left in flight become
    /// "unknown" (never sent again) and its planned rows are sent from here.
    pub(crate) async fn resume_room(&self, room: &str) -> anyhow::Result<()> {
        let s = &self.inner.store;
        let unknown = s.outbox_recover_in(Some(room), self.inner.clock.now().0).await?;
        if unknown > 0 {
            tracing::warn!(room = %room, messages = unknown, "Telegram sends in flight on the room's former worker: marked unknown, not sent again");
        }
        for row in s.outbox_planned_in(room).await? {
            self.enqueue(row);
        }
        Ok(())
    }

    /// Planned → sending. On a worker only while the room runs here, under
    /// its fencing token: a worker that lost the room leaves its rows
    /// planned for the new owner.
    pub(super) async fn start_send(&self, row: &OutboxRow) -> bool {
        if !self.inner.on_workers.load(std::sync::atomic::Ordering::SeqCst) {
            return self.go(row, Planned, Sending, None).await;
        }
        let Some(token) = self.inner.rooms.get(&row.room_id).filter(|r| r.is_running()).and_then(|r| r.fence) else {
            tracing::info!(room = %row.room_id, outbox = row.id, "the room no longer runs on this worker; its owner sends it");
            return false;
        };
        let mv = OutboxMove {
            from: Planned,
            to: Sending,
            reason: None,
            tg_message_id: None,
            chat_id: None,
            now_ms: self.inner.clock.now().0,
        };
        match self.inner.store.move_outbox_fenced(row.id, &mv, &row.room_id, token).await {
            Ok(moved) => moved,
            Err(e) => {
                tracing::warn!(room = %row.room_id, outbox = row.id, error = %e, "send not started: the room was taken by another worker");
                false
            }
        }
    }
}
