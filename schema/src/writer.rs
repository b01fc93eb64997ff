//! One writer for the rooms' messages: each room hands its message to the
//! writer's queue and waits for its own row; the writer stores whatever has
//! queued up meanwhile in one transaction (on SQLite, one blocking-thread
//! hand-off for the whole batch instead of one per message).
//!
//! Each message keeps its own outcome: a stale fencing token refuses that
//! message only ([`StoreError::Fenced`]), and when the batch as a whole
//! fails (a constraint, a locked file), nothing of it is kept and every
//! message is stored again on its own, so each caller gets its own error.

use crate::models::message::{MessageRow, NewMessage};
use crate::schema::{messages, room_fences};
use crate::store::SqliteConn;
use crate::{Store, StoreError};
use diesel::{ExpressionMethods, QueryDsl, QueryResult, SelectableHelper};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// The most messages one transaction takes.
const MAX_BATCH: usize = 64;
/// Messages waiting for the writer before rooms wait to hand theirs over.
const QUEUE: usize = 1024;

/// A message to store, under its room's fencing token (workers mode).
type Pending = (NewMessage, Option<i64>);

struct Job {
    message: NewMessage,
    fence: Option<i64>,
    done: oneshot::Sender<Result<MessageRow, StoreError>>,
}

/// A handle on the writer; cheap to clone. The writer stops when the last
/// handle is dropped, after storing what was queued.
#[derive(Clone)]
pub struct MessageWriter {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for MessageWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MessageWriter")
    }
}

impl MessageWriter {
    /// Starts the writer on the current tokio runtime.
    pub fn start(store: Store) -> Self {
        let (jobs, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(store, rx));
        MessageWriter { jobs }
    }

    /// Stores `message` (checking `fence`, when given, as
    /// [`Store::insert_message_fenced`] does) and returns its row.
    pub async fn insert(&self, message: NewMessage, fence: Option<i64>) -> Result<MessageRow, StoreError> {
        let (done, row) = oneshot::channel();
        let stopped = || StoreError::Pool("the message writer has stopped".into());
        self.jobs.send(Job { message, fence, done }).await.map_err(|_| stopped())?;
        row.await.map_err(|_| stopped())?
    }
}

async fn run(store: Store, mut rx: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let (pending, replies): (Vec<Pending>, Vec<_>) = jobs.drain(..).map(|j| ((j.message, j.fence), j.done)).unzip();
        let pending: Arc<[Pending]> = pending.into();
        match store.insert_messages(pending.clone()).await {
            Ok(rows) => {
                for ((row, reply), (m, fence)) in rows.into_iter().zip(replies).zip(pending.iter()) {
                    // No row: its fencing token was stale.
                    let stale = || StoreError::Fenced { room: m.room_id.clone(), token: fence.unwrap_or_default() };
                    let _ = reply.send(row.ok_or_else(stale));
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, messages = pending.len(), "a batch of messages failed; storing each alone");
                for ((m, fence), reply) in pending.iter().zip(replies) {
                    let res = match fence {
                        Some(token) => store.insert_message_fenced(m, *token).await,
                        None => store.insert_message(m).await,
                    };
                    let _ = reply.send(res);
                }
            }
        }
    }
}

impl Store {
    /// Stores the messages in one transaction, in order: each one's row, or
    /// none where its fencing token is stale (that message is not stored).
    /// An error stores none of them.
    pub async fn insert_messages(&self, batch: Arc<[Pending]>) -> Result<Vec<Option<MessageRow>>, StoreError> {
        match self {
            Store::Sqlite(pool) => {
                let mut conn = pool.get().await.map_err(|e| StoreError::Pool(e.to_string()))?;
                // One hand-off to SQLite's thread for the whole batch.
                let c: &mut SqliteConn = &mut conn;
                Ok(c.spawn_blocking(move |c| {
                    c.immediate_transaction(|c| batch.iter().map(|p| insert_sync(c, p)).collect())
                })
                .await?)
            }
            Store::Pg(pool) => {
                let mut c = pool.get().await.map_err(|e| StoreError::Pool(e.to_string()))?;
                insert_pg(&mut c, &batch).await
            }
        }
    }
}

/// A batch on PostgreSQL, in one transaction.
async fn insert_pg(
    c: &mut diesel_async::AsyncPgConnection,
    batch: &[Pending],
) -> Result<Vec<Option<MessageRow>>, StoreError> {
    use diesel_async::{AsyncConnection, RunQueryDsl};
    c.transaction::<_, StoreError, _>(async |c| {
        let mut rows = Vec::with_capacity(batch.len());
        for (m, fence) in batch {
            if let Some(token) = *fence {
                let held = diesel::update(room_fences::table.find(&m.room_id).filter(room_fences::token.eq(token)))
                    .set(room_fences::token.eq(token))
                    .execute(c)
                    .await?;
                if held == 0 {
                    rows.push(None);
                    continue;
                }
            }
            let row = diesel::insert_into(messages::table)
                .values((m.clone(), messages::fence.eq(*fence)))
                .returning(MessageRow::as_returning())
                .get_result(c)
                .await?;
            rows.push(Some(row));
        }
        Ok(rows)
    })
    .await
}

/// One message of a SQLite batch, on the blocking thread.
fn insert_sync(c: &mut diesel::SqliteConnection, (m, fence): &Pending) -> QueryResult<Option<MessageRow>> {
    use diesel::RunQueryDsl;
    if let Some(token) = *fence {
        let held = diesel::update(room_fences::table.find(&m.room_id).filter(room_fences::token.eq(token)))
            .set(room_fences::token.eq(token))
            .execute(c)?;
        if held == 0 {
            return Ok(None);
        }
    }
    diesel::insert_into(messages::table)
        .values((m.clone(), messages::fence.eq(*fence)))
        .returning(MessageRow::as_returning())
        .get_result(c)
        .map(Some)
}
