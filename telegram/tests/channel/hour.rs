//! The "done when" run: a room of 15 bots in one fake group and a person
//! writing every minute, for a simulated hour.

use crate::helpers::*;
use std::time::{Duration, Instant};

/// Simulated seconds per wall-clock second.
const FACTOR: u32 = 60;

/// Time is compressed 60×, honestly and on both sides: a simulated minute
/// is one second of wall clock, and every time constant is divided by 60 —
/// Telegram's limit windows in the fake and in the channel (1 s per chat →
/// 16 ms, 20 per minute per group → 20 per second, 30/s per bot → 30 per
/// 16 ms), typing refresh, the room's pacing (gaps, read and typing time,
/// excitation, how long a person waits for an answer; the room's budget per
/// minute times 60). Two limits cannot be compressed: a bot's own minimum
/// gap (whole seconds, at least 1) and its hourly limit (at most 60 per
/// real hour); the personas get `min_gap_secs = 1` and `per_hour = 60`,
/// i.e. at most one message per simulated minute each — stricter than in
/// real time, not looser. Prints the numbers (`--nocapture`).
#[actix::test]
async fn fifteen_bots_and_a_person_for_a_simulated_hour_without_a_429_and_every_message_answered() {
    let w = world(15, FACTOR, true).await;
    for p in personas(15).personas.iter_mut() {
        p.per_hour = 60;
        p.min_gap_secs = 1;
        w.store.upsert_bot(p, &p.display_name("🤖"), 2).await.unwrap();
    }
    let (_community, _ch) = live(&w, FACTOR).await;
    let minute = Duration::from_secs(60) / FACTOR;
    let started = Instant::now();
    let mut asked = Vec::new();
    for i in 0..60 {
        let text = format!("Dakika {i}: sizce THYAO bugün ne yapar, dolar neden yükseliyor?");
        asked.push((w.fake.human_says(w.chat, 1_000, "Selin", &text, None), Instant::now()));
        tokio::time::sleep((minute * (i + 1)).saturating_sub(started.elapsed())).await;
    }
    let answered = |id: i32| w.fake.messages(w.chat).iter().any(|m| m.from_bot && m.reply_to == Some(id));
    let all = eventually(minute * 10, async || asked.iter().all(|(id, _)| answered(*id))).await;
    let wall = started.elapsed();

    let messages = w.fake.messages(w.chat);
    let sends = w.fake.calls_of("sendMessage");
    let unanswered: Vec<i32> = asked.iter().map(|(id, _)| *id).filter(|id| !answered(*id)).collect();
    // Simulated seconds from a question to its first threaded answer.
    let mut delays: Vec<f64> = asked
        .iter()
        .filter_map(|(id, at)| {
            let first = sends.iter().find(|c| c.status == 200 && c.params["reply_parameters"]["message_id"] == *id)?;
            Some(first.at.duration_since(*at).as_secs_f64() * f64::from(FACTOR))
        })
        .collect();
    delays.sort_by(f64::total_cmp);
    let replies_to_person =
        messages.iter().filter(|m| m.from_bot && asked.iter().any(|(id, _)| m.reply_to == Some(*id))).count();
    println!(
        "simulated hour ({FACTOR}x, {:.1} s wall): human messages {}, bot messages {} ({} replies to the person), \
         sendMessage calls {}, sendChatAction calls {}, 429s {}, unanswered {}, first-answer delay (simulated s) \
         median {:.0} p90 {:.0} max {:.0}",
        wall.as_secs_f64(),
        asked.len(),
        messages.iter().filter(|m| m.from_bot).count(),
        replies_to_person,
        sends.len(),
        w.fake.calls_of("sendChatAction").len(),
        w.fake.too_many_requests(),
        unanswered.len(),
        delays.get(delays.len() / 2).copied().unwrap_or(f64::NAN),
        delays.get(delays.len() * 9 / 10).copied().unwrap_or(f64::NAN),
        delays.last().copied().unwrap_or(f64::NAN),
    );
    assert_eq!(w.fake.too_many_requests(), 0);
    assert!(all, "unanswered human messages: {unanswered:?}");
}
