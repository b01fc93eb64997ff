//! Lost and duplicated messages, the store against the stream. A message is
//! lost when it was stored but never streamed, streamed but never stored,
//! or when the room committed to a delivery (its delivery number) that
//! never reached the stream. A delivery is duplicated when the stream
//! carried the same id twice, or the store holds the same turn twice.
//!
//! Rooms start talking while the subscribers are still being attached, so
//! each room is judged from the first message its subscriber got: earlier
//! rows (smaller ids, smaller delivery numbers) were sent before anyone
//! listened, as to a web client that connects late.

use super::stream::Streams;
use actors::RoomHandle;
use schema::Store;
use std::collections::{HashMap, HashSet};
use std::time::Duration;

/// The outcome of the checks.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Checked {
    /// Bot messages in the store at the end (from each room's first streamed one).
    pub persisted: u64,
    /// Distinct messages the subscribers got over the whole run.
    pub streamed: u64,
    pub persisted_not_streamed: u64,
    pub streamed_not_persisted: u64,
    /// Deliveries the rooms committed to that never reached the stream.
    pub delivery_gaps: u64,
    pub duplicated_on_stream: u64,
    pub duplicated_in_store: u64,
    /// Events subscribers missed by falling behind (explains `persisted_not_streamed`).
    pub stream_lagged: u64,
    /// Tokens in and out of the stored messages' generations.
    #[serde(skip)]
    pub tokens: (u64, u64),
}

impl Checked {
    pub fn lost(&self) -> u64 {
        self.persisted_not_streamed + self.streamed_not_persisted + self.delivery_gaps
    }

    pub fn duplicated(&self) -> u64 {
        self.duplicated_on_stream + self.duplicated_in_store
    }
}

/// Messages of every room, as (id, author, created_at, text, tokens in, tokens out).
type Row = (i64, String, i64, String, i32, i32);

async fn stored(store: &Store, rooms: &[RoomHandle]) -> anyhow::Result<Vec<Vec<Row>>> {
    let mut out = Vec::new();
    for r in rooms {
        let rows = store.recent_messages(&r.id, i64::MAX).await?;
        out.push(
            rows.into_iter()
                .map(|m| (m.id, m.author_id, m.created_at, m.text, m.tokens_in.unwrap_or(0), m.tokens_out.unwrap_or(0)))
                .collect(),
        );
    }
    Ok(out)
}

/// Reads the store, lets deliveries already stored reach the stream
/// (`settle`), reads the stream, then the store again.
pub async fn against_store(
    store: &Store,
    rooms: &[RoomHandle],
    streams: &Streams,
    settle: Duration,
) -> anyhow::Result<Checked> {
    let first = stored(store, rooms).await?;
    tokio::time::sleep(settle).await;
    let seen: Vec<(HashMap<i64, u32>, u64, u64, u64)> = streams.with_rooms(|rs| {
        rs.iter()
            .map(|r| {
                // From the first delivery this subscriber got to the last.
                let span = match (r.seqs.first(), r.seqs.last()) {
                    (Some(lo), Some(hi)) => hi - lo + 1,
                    _ => 0,
                };
                (r.ids.clone(), r.seqs.len() as u64, span, r.lagged)
            })
            .collect()
    });
    let second = stored(store, rooms).await?;
    let mut c = Checked::default();
    for ((first, second), (ids, n_seq, span, lagged)) in first.iter().zip(&second).zip(&seen) {
        let from = ids.keys().min().copied().unwrap_or(i64::MIN);
        let (first, second): (Vec<&Row>, Vec<&Row>) =
            (first.iter().filter(|m| m.0 >= from).collect(), second.iter().filter(|m| m.0 >= from).collect());
        c.persisted += second.len() as u64;
        c.streamed += ids.len() as u64;
        c.persisted_not_streamed += first.iter().filter(|m| !ids.contains_key(&m.0)).count() as u64;
        let in_store: HashSet<i64> = second.iter().map(|m| m.0).collect();
        c.streamed_not_persisted += ids.keys().filter(|id| !in_store.contains(id)).count() as u64;
        c.delivery_gaps += span - n_seq;
        c.duplicated_on_stream += ids.values().map(|n| u64::from(n.saturating_sub(1))).sum::<u64>();
        let turns: HashSet<(&str, i64, &str)> = second.iter().map(|m| (m.1.as_str(), m.2, m.3.as_str())).collect();
        c.duplicated_in_store += (second.len() - turns.len()) as u64;
        c.stream_lagged += lagged;
        c.tokens.0 += second.iter().map(|m| m.4.max(0) as u64).sum::<u64>();
        c.tokens.1 += second.iter().map(|m| m.5.max(0) as u64).sum::<u64>();
    }
    Ok(c)
}
