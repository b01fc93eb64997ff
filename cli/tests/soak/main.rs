//! The soak (`make soak`; docs/RELIABILITY.md has the result): the real
//! `piyasa run` process for an hour (`PIYASA_SOAK_MINUTES`) with a busy
//! community around it (the bundled personas at their highest hourly
//! limits): the Telegram room of the fault matrix and three web rooms made
//! by an operator over the API, people posting from their own
//! browsers and from the Telegram group, a live stream open on every room,
//! and a fault from the matrix switched on for 30 s every five minutes.
//! Every 10 s the process's memory (RSS, anonymous and file-backed), open
//! files and threads are sampled. It ends with the fault matrix's check
//! (nothing lost, nothing sent twice) and asserts that after the warm-up
//! (the first sixth) memory stays within 10 % and open files stay flat.
//! The samples go to `target/soak/samples.csv` and a plot to
//! `target/soak/memory.svg`.

// The fault matrix's harness; the soak uses part of it.
#[allow(dead_code)]
#[path = "../faults/stack.rs"]
mod stack;

mod load;
mod plot;
mod sample;

use sample::Sample;
use stack::Stack;
use std::time::{Duration, Instant};

/// The soak's length in minutes (`PIYASA_SOAK_MINUTES`, 60 by default).
fn minutes() -> f64 {
    std::env::var("PIYASA_SOAK_MINUTES").ok().map_or(60.0, |m| m.parse().expect("PIYASA_SOAK_MINUTES: a number"))
}

/// The bundled community with every bot's hourly limit at its ceiling.
fn busy_community() -> String {
    let text = std::fs::read_to_string(stack::COMMUNITY).unwrap();
    let lines = text.lines().map(|l| match l.trim_start() {
        t if t.starts_with("per_hour:") => l.replace(t, "per_hour: 60"),
        t if t.starts_with("min_gap_secs:") => l.replace(t, "min_gap_secs: 20"),
        _ => l.to_string(),
    });
    lines.collect::<Vec<_>>().join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "an hour long: make soak"]
async fn soak() {
    let length = Duration::from_secs_f64(minutes() * 60.0);
    // A busy community: the bundled one, its bots allowed the most the
    // persona format allows (60 an hour, 20 s apart), so the rooms talk for
    // the whole hour instead of falling quiet at their hourly limits.
    let busy = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(busy.path(), busy_community()).unwrap();
    let mut s = Stack::sqlite_unstarted_from(busy.path().to_str().unwrap());
    s.cli(&["admin", "create", "--username", load::OPERATOR], &[("ADMIN_PASSWORD", load::PASSWORD.to_string())]);
    // A bot line every 30 s or so per room: with the people's messages the
    // rooms stay under their bots' hourly limits for the whole soak (at the
    // fault matrix's 1.5 s they spent them within half an hour and fell silent).
    s.settings.push(("PIYASA_ROOM__PACING__MEAN_GAP_MS", "30000".into()));
    s.start();
    let rooms = load::open_rooms(&s).await;
    s.until("the room talks", Duration::from_secs(60), || async { !s.bot_messages_after(0).await.is_empty() }).await;
    let pid = s.pid().unwrap();
    let started = Instant::now();
    let mut load = load::Load::new(&s, rooms).await;
    let mut samples: Vec<Sample> = Vec::new();
    let mut faults = load::Faults::for_length(length);
    let mut next_sample = Instant::now();
    while started.elapsed() < length {
        let t = started.elapsed();
        faults.step(&s, t);
        load.step(&mut s).await;
        if Instant::now() >= next_sample {
            let sample = Sample::take(pid, t, &s, faults.active());
            eprintln!("{}", sample.line());
            samples.push(sample);
            next_sample += Duration::from_secs(10);
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    faults.clear(&s);
    tokio::time::sleep(Duration::from_secs(10)).await;
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/soak");
    std::fs::create_dir_all(&out).unwrap();
    sample::write_csv(&out.join("samples.csv"), &samples);
    plot::draw(&out.join("memory.svg"), &samples, &faults.windows);
    let verdict = sample::Verdict::of(&samples);
    println!("{verdict}");
    let streamed = load.streamed_bytes.load(std::sync::atomic::Ordering::Relaxed);
    println!(
        "people's posts acknowledged: {}; group messages sent: {}; live streams read: {} KiB",
        s.acknowledged.len(),
        s.sent_to_group().len(),
        streamed / 1024
    );
    s.check_nothing_lost_or_doubled().await;
    verdict.assert_flat();
}
