//! Each persona's messages of the last hour in Redis (workers mode), so its
//! hourly limit and minimum gap hold over every worker: a persona with rooms
//! on two workers speaks as often as it would on one. Each round a worker
//! adds the messages its rooms sent since the last push and reads back
//! those the others sent, in one pipeline.
//!
//! Keys, under the configured prefix: `{prefix}:sent:{bot}`, a sorted set of
//! the persona's messages scored by when (ms), each member
//! `{process}:{number}` (a mark new at every start, so a restarted worker
//! counts what it sent before); trimmed to the last hour, kept two hours.

use super::{LeaseError, Leases};
use crate::bot::Limiters;
use deadpool_redis::redis;
use engine::ids::Millis;
use std::sync::atomic::{AtomicU64, Ordering};

/// Numbers this process's members (two messages in one millisecond stay two).
static NUMBER: AtomicU64 = AtomicU64::new(0);

impl Leases {
    fn sent_key(&self, bot: &str) -> String {
        format!("{}:sent:{bot}", self.prefix)
    }

    /// Pushes every persona's unshared messages and sets each persona's
    /// messages sent on the other workers in the last hour. On failure the
    /// messages stay with the limiters for the next push.
    pub async fn sync_sends(&self, limiters: &Limiters, now: Millis) -> Result<(), LeaseError> {
        let all = limiters.all();
        let Some(mark) = limiters.mark().filter(|_| !all.is_empty()) else { return Ok(()) };
        let mine = format!("{mark}:");
        let unshared: Vec<Vec<Millis>> = all.iter().map(|(_, l)| l.take_unshared()).collect();
        let mut p = redis::pipe();
        for ((bot, _), times) in all.iter().zip(&unshared) {
            let key = self.sent_key(bot);
            for t in times {
                let member = format!("{mine}{}", NUMBER.fetch_add(1, Ordering::Relaxed));
                p.cmd("ZADD").arg(&key).arg(t.0).arg(member).ignore();
            }
            p.cmd("ZREMRANGEBYSCORE").arg(&key).arg("-inf").arg(now.0 - Millis::HOUR).ignore();
            p.cmd("PEXPIRE").arg(&key).arg(2 * Millis::HOUR).ignore();
            p.cmd("ZRANGEBYSCORE").arg(&key).arg(now.0 - Millis::HOUR).arg("+inf").arg("WITHSCORES");
        }
        let read = self.bounded(async |conn| p.query_async::<Vec<Vec<(String, f64)>>>(conn).await).await;
        let read = match read {
            Ok(read) => read,
            // A push that timed out may have been applied: counted twice for
            // an hour rather than lost (a limit errs on the side of less).
            Err(e) => {
                for ((_, l), times) in all.iter().zip(unshared) {
                    l.unshare_failed(times);
                }
                return Err(e);
            }
        };
        for ((_, l), members) in all.iter().zip(read) {
            let elsewhere = members.into_iter().filter(|(m, _)| !m.starts_with(&mine)).map(|(_, at)| Millis(at as i64));
            l.set_elsewhere(elsewhere.collect());
        }
        Ok(())
    }
}
