//! The community's spend in Redis (workers mode): each worker adds what it
//! spent since its last push and reads the totals back, in one pipeline.
//!
//! Keys, under the configured prefix (hashes of `tokens` and `usd`):
//! - `{prefix}:spend:minute:{minute}`: every worker's spend in one minute
//!   (kept two hours: the global hourly budget);
//! - `{prefix}:spend:room:{room}:{day}`: a room's spend on one Istanbul day
//!   (kept three days: the room's daily budget, whichever worker runs it).

use super::{LeaseError, Leases};
use crate::meter::Meter;
use deadpool_redis::redis;
use engine::budget::Spend;
use engine::ids::Millis;

const MINUTE_KEPT_S: u64 = 2 * 3600;
const DAY_KEPT_S: u64 = 3 * 24 * 3600;

impl Leases {
    fn minute_key(&self, minute: i64) -> String {
        format!("{}:spend:minute:{minute}", self.prefix)
    }

    fn room_day_key(&self, room: &str, day: i64) -> String {
        format!("{}:spend:room:{room}:{day}", self.prefix)
    }

    /// Pushes `meter`'s unshared spend and reads back the last hour's and
    /// `rooms`' spend today. On failure the spend stays with the meter for
    /// the next push.
    pub async fn sync_spend(&self, meter: &Meter, rooms: &[String], at: Millis) -> Result<(), LeaseError> {
        let unshared = meter.take_unshared();
        let minute = at.0.div_euclid(Millis::MINUTE);
        let day = crate::meter::istanbul_day(at);
        let mut p = redis::pipe();
        for (m, sp) in &unshared.minutes {
            add(&mut p, &self.minute_key(*m), sp, MINUTE_KEPT_S);
        }
        for ((room, d), sp) in &unshared.rooms {
            add(&mut p, &self.room_day_key(room, *d), sp, DAY_KEPT_S);
        }
        for m in minute - 59..=minute {
            p.cmd("HMGET").arg(self.minute_key(m)).arg("tokens").arg("usd");
        }
        for room in rooms {
            p.cmd("HMGET").arg(self.room_day_key(room, day)).arg("tokens").arg("usd");
        }
        let read = self.bounded(async |conn| p.query_async::<Vec<(Option<u64>, Option<f64>)>>(conn).await).await;
        let read = match read {
            Ok(read) => read,
            // A push that timed out may have been applied: counted again
            // rather than lost (a budget errs on the side of spending less).
            Err(e) => {
                meter.unshare_failed(unshared);
                return Err(e);
            }
        };
        let spend =
            |(tokens, usd): &(Option<u64>, Option<f64>)| Spend { tokens: tokens.unwrap_or(0), usd: usd.unwrap_or(0.0) };
        let hour = read.iter().take(60).map(spend).fold(Spend::default(), |mut acc, s| {
            acc.add(s.tokens, s.usd);
            acc
        });
        let per_room = rooms.iter().cloned().zip(read.iter().skip(60).map(spend)).collect();
        meter.set_shared(minute, hour, day, per_room);
        Ok(())
    }
}

/// Adds `sp` to the hash at `key` and keeps it `kept_s` seconds.
fn add(p: &mut redis::Pipeline, key: &str, sp: &Spend, kept_s: u64) {
    p.cmd("HINCRBY").arg(key).arg("tokens").arg(sp.tokens).ignore();
    p.cmd("HINCRBYFLOAT").arg(key).arg("usd").arg(sp.usd).ignore();
    p.cmd("EXPIRE").arg(key).arg(kept_s).ignore();
}
