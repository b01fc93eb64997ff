//! The fault matrix (`make faults`; docs/RELIABILITY.md has the table): the
//! real `piyasa run` process between fake servers, one fault at a time: the
//! LLM (429 storm, 5xx, hangs, garbage bodies, truncated streams), Telegram
//! (429 storm, 5xx, 403, a migrated group, a second poller), the process
//! SIGKILLed mid-turn and mid-send, PostgreSQL restarted under it, and
//! workers (several processes sharing the rooms by Redis leases) killed,
//! stopped and cut off from Redis. Each
//! case ends with the same check (`Stack::check_nothing_lost_or_doubled`)
//! and prints one row of the table: how long the room took to recover.

mod crash;
mod llm;
mod postgres;
// Shared with the soak (tests/soak), which uses parts these cases do not.
#[allow(dead_code)]
mod stack;
mod telegram;
mod workers;

/// One row of the matrix (`cargo test -p cli --test faults -- --nocapture`).
pub fn row(case: &str, recovery: std::time::Duration, note: &str) {
    println!("| {case} | {:.1} s | {note} |", recovery.as_secs_f64());
}
