//! Rooms shared out over workers (several `piyasa run` processes on one
//! database): which worker should own each room, and how long a worker may
//! go on treating a lease as its own.
//!
//! The assignment is rendezvous hashing: every worker ranks the room by
//! `hash(worker, room)` and the highest wins. Each worker computes it alone
//! from the same list of live workers and gets the same answer; when a worker
//! joins or leaves, only the rooms it wins or held move.

/// How long before a lease lapses in Redis its holder stops counting on it:
/// the worker's clock may run a little fast and the renewal's round trip
/// takes time.
pub const LEASE_SAFETY_MS: i64 = 1_000;

/// The worker that should own `room`, among `workers` (none when there are
/// no workers).
pub fn owner_of<'a>(room: &str, workers: &'a [String]) -> Option<&'a str> {
    workers.iter().max_by_key(|w| (weight(w, room), w.as_str())).map(String::as_str)
}

/// The rooms among `rooms` that `me` should own, given the live `workers`.
pub fn share<'a>(me: &str, rooms: &'a [String], workers: &[String]) -> Vec<&'a str> {
    rooms.iter().filter(|r| owner_of(r, workers) == Some(me)).map(String::as_str).collect()
}

/// A worker's weight for a room: FNV-1a over both names, then a 64-bit
/// finaliser so that names differing in one letter spread evenly.
fn weight(worker: &str, room: &str) -> u64 {
    let bytes = worker.bytes().chain([0]).chain(room.bytes());
    let h = bytes.fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    // splitmix64's finaliser.
    let h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Until when (this worker's milliseconds) a lease renewed by a request sent
/// at `sent_ms` may be counted on: Redis starts the TTL when it runs the
/// request, later than it was sent, so this ends before the lease does.
pub fn held_until(sent_ms: i64, ttl_ms: i64) -> i64 {
    sent_ms + ttl_ms - LEASE_SAFETY_MS.min(ttl_ms / 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(prefix: &str, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{prefix}-{i}")).collect()
    }

    #[test]
    fn every_room_has_exactly_one_owner_and_all_workers_agree() {
        let (rooms, workers) = (names("oda", 60), names("worker", 3));
        let shares: Vec<_> = workers.iter().map(|w| share(w, &rooms, &workers)).collect();
        assert_eq!(shares.iter().map(Vec::len).sum::<usize>(), rooms.len());
        // The same answer whatever order the list of workers came in.
        let mut reversed = workers.clone();
        reversed.reverse();
        for r in &rooms {
            assert_eq!(owner_of(r, &workers), owner_of(r, &reversed));
        }
    }

    #[test]
    fn rooms_spread_evenly_over_the_workers() {
        let (rooms, workers) = (names("oda", 600), names("piyasa-7d9f", 3));
        for w in &workers {
            let n = share(w, &rooms, &workers).len();
            assert!((150..=250).contains(&n), "{w} owns {n} of 600 rooms");
        }
    }

    #[test]
    fn a_worker_leaving_moves_only_its_own_rooms() {
        let (rooms, workers) = (names("oda", 200), names("w", 3));
        let left: Vec<String> = workers[..2].to_vec();
        for r in &rooms {
            let before = owner_of(r, &workers).unwrap();
            let after = owner_of(r, &left).unwrap();
            if before != "w-2" {
                assert_eq!(before, after, "room {r} moved although its owner stayed");
            }
        }
        assert_eq!(owner_of("oda", &[]), None);
    }

    #[test]
    fn a_lease_is_counted_on_until_a_margin_before_it_lapses() {
        assert_eq!(held_until(10_000, 5_000), 14_000);
        // A short lease keeps two thirds of its time.
        assert_eq!(held_until(0, 900), 600);
    }
}
