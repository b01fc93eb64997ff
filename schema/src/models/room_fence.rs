//! `room_fences`: the fencing token of each room's current owner when
//! several workers share the database. Taking a room raises its token; the
//! owner's messages are stored only while the token is still its own, in the
//! same transaction, so a former owner that was paused or cut off past its
//! lease cannot write any more.

use crate::models::message::{MessageRow, NewMessage};
use crate::schema::{messages, room_fences};
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::{AsyncConnection, RunQueryDsl};

/// Inside a transaction on `$c`: holds `$room`'s fence at `$token` until
/// the commit (an update, not a read: PostgreSQL keeps the row locked, so a
/// new owner's `take_fence` waits for this write), or returns
/// [`StoreError::Fenced`] from the transaction when the token is stale.
macro_rules! hold_fence {
    ($c:expr, $room:expr, $token:expr) => {
        let held = diesel::update(room_fences::table.find($room).filter(room_fences::token.eq($token)))
            .set(room_fences::token.eq($token))
            .execute($c)
            .await?;
        if held == 0 {
            return Err(StoreError::Fenced { room: $room.to_string(), token: $token });
        }
    };
}
pub(crate) use hold_fence;

/// A room's owner at the moment: the token it holds and which worker took it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    pub token: i64,
    pub worker: String,
}

impl Store {
    /// Takes the fence of `room` for `worker`: its token goes up by one and
    /// the new token is returned. Every token handed out before is refused
    /// from now on ([`Store::insert_message_fenced`]).
    pub async fn take_fence(&self, room: &str, worker: &str, now_ms: i64) -> Result<i64, StoreError> {
        // One statement: the first take inserts token 1, every later one
        // raises it (two takers at once each get their own, the later wins).
        with_conn!(self, |c| Ok(diesel::insert_into(room_fences::table)
            .values((
                room_fences::room_id.eq(room),
                room_fences::token.eq(1_i64),
                room_fences::worker.eq(worker),
                room_fences::taken_at.eq(now_ms),
            ))
            .on_conflict(room_fences::room_id)
            .do_update()
            .set((
                room_fences::token.eq(room_fences::token + 1),
                room_fences::worker.eq(excluded(room_fences::worker)),
                room_fences::taken_at.eq(excluded(room_fences::taken_at)),
            ))
            .returning(room_fences::token)
            .get_result(c)
            .await?))
    }

    /// The current owner of `room`'s fence, if it was ever taken.
    pub async fn fence(&self, room: &str) -> Result<Option<Fence>, StoreError> {
        with_conn!(self, |c| Ok(room_fences::table
            .find(room)
            .select((room_fences::token, room_fences::worker))
            .first::<(i64, String)>(c)
            .await
            .optional()?
            .map(|(token, worker)| Fence { token, worker })))
    }

    /// Stores a message written under the fencing token `token` of its room,
    /// only while that token is still the room's current one; the message
    /// keeps the token. A stale token is refused with [`StoreError::Fenced`]
    /// and nothing is stored.
    pub async fn insert_message_fenced(&self, m: &NewMessage, token: i64) -> Result<MessageRow, StoreError> {
        let room = m.room_id.as_str();
        with_conn!(self, |c| c
            .transaction::<_, StoreError, _>(async |c| {
                hold_fence!(c, room, token);
                Ok(diesel::insert_into(messages::table)
                    .values((m.clone(), messages::fence.eq(token)))
                    .returning(MessageRow::as_returning())
                    .get_result(c)
                    .await?)
            })
            .await)
    }

    /// The fencing token each of a room's messages was stored under (none
    /// for a single process), oldest first.
    pub async fn message_fences(&self, room: &str) -> Result<Vec<(i64, Option<i64>)>, StoreError> {
        with_conn!(self, |c| Ok(messages::table
            .filter(messages::room_id.eq(room))
            .order(messages::id.asc())
            .select((messages::id, messages::fence))
            .load(c)
            .await?))
    }
}
