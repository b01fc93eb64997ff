//! `piyasa bench`: the benchmark harness. It runs the real rooms, bots and
//! LLM gateway (an `openai` provider pointed at [`fakes::FakeLlm`] over
//! loopback) on a real store it creates and drops, consumes every room's
//! live stream the way the SSE route does, and reports throughput, CPU per
//! message (with and without the fake server's own threads), peak RSS,
//! schedule lag, end-to-end latency, and lost or duplicated messages
//! checked against both the store and the stream.
//!
//! - `options`: scenarios, flags and their defaults, validation.
//! - `setup`: the temporary store, the bench community, pacing for a rate.
//! - `stream`: subscribers and what they saw.
//! - `probe`: process and thread CPU time, peak RSS (`/proc`).
//! - `report`: the report, as text and JSON.
//! - `check`: lost and duplicated messages, store against stream.
//! - `telegram`: `--channel telegram`: fake Telegram groups, the real channel.
//! - `workers`: `--workers N`: the rooms in N `piyasa run` processes (workers mode).

mod check;
mod options;
mod probe;
mod report;
mod setup;
mod stream;
mod telegram;
mod workers;

pub use options::{Channel, Options, Rate, Replies, Scenario};
pub use report::Report;

use crate::args::BenchArgs;
use actors::clock::Clock;
use actors::{Community, CommunitySettings};
use anyhow::Context as _;
use std::io::{IsTerminal as _, Write as _};
use std::time::{Duration, Instant};
use web::settings::Settings;

/// How often progress is shown.
const PROGRESS_EVERY: Duration = Duration::from_secs(1);
/// After the window, the rooms are quiet once the stream has been still this long.
const QUIET: Duration = Duration::from_millis(500);
/// The longest wait for quiet (a turn in flight with a slow fake LLM).
const QUIET_AT_MOST: Duration = Duration::from_secs(30);

/// `piyasa bench`: runs the benchmark and prints the report.
pub async fn run(settings: &Settings, args: &BenchArgs) -> anyhow::Result<()> {
    let opts = Options::resolve(args)?;
    if let Some(n) = opts.workers {
        let report = workers::bench(settings, &opts, n).await?;
        match opts.json {
            true => println!("{}", serde_json::to_string_pretty(&report)?),
            false => print!("{report}"),
        }
        return Ok(());
    }
    let report = bench(settings, &opts).await?;
    if opts.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{report}");
    }
    Ok(())
}

/// Runs one benchmark. Must run inside an actix system on a current-thread runtime.
pub async fn bench(settings: &Settings, opts: &Options) -> anyhow::Result<Report> {
    if opts.virtual_time {
        tokio::time::pause();
    }
    let setup_started = Instant::now();
    let llm = setup::Llm::start(opts);
    let db = setup::BenchDb::create(&opts.db).await?;
    let result = measure(settings, opts, &llm, &db, setup_started).await;
    // Blocking on purpose: no actor runs while the store goes away.
    db.drop_now();
    result
}

async fn measure(
    settings: &Settings,
    opts: &Options,
    llm: &setup::Llm,
    db: &setup::BenchDb,
    setup_started: Instant,
) -> anyhow::Result<Report> {
    let store = schema::Store::connect(&db.url).await.context("the benchmark store")?;
    let files = setup::communities(opts)?;
    progress(&format!("bench: storing {} bots in {} rooms", opts.bots, opts.rooms));
    for c in &files {
        Community::import(&store, c, &settings.ai_marker, 0).await?;
    }
    let community_settings = CommunitySettings {
        room: setup::room_settings(opts),
        market: actors::market::MarketSettings { seed: opts.seed, ..Default::default() },
        ..CommunitySettings::default()
    };
    let clock = Clock::system();
    let community = Community::start(store.clone(), &[llm.provider()], community_settings, clock).await?;
    progress("bench: starting rooms and bots");
    let streams = stream::Streams::subscribe(&community.rooms(), clock).await?;
    let tg = match opts.channel {
        Channel::Telegram => {
            progress("bench: fake Telegram groups, bot accounts (getMe), the channel");
            Some(telegram::TelegramSide::start(&store, &files, &community.registry(), &settings.ai_marker).await?)
        }
        Channel::Web => None,
    };
    let setup_s = setup_started.elapsed().as_secs_f64();

    let before = probe::Sample::now();
    let calls_before = llm.calls();
    // The window runs on the room clock (virtual or wall); `wall` is real time.
    let (t0, wall) = (tokio::time::Instant::now(), Instant::now());
    let window = Duration::from_secs(opts.duration_s);
    streams.open_window(clock.now().0);
    while t0.elapsed() < window {
        tokio::time::sleep(PROGRESS_EVERY.min(window.saturating_sub(t0.elapsed()))).await;
        let n = streams.delivered_in_window();
        let secs = t0.elapsed().as_secs_f64();
        progress_tick(&format!(
            "bench: {secs:>5.0}/{} s  delivered {n}  ({:.1} msg/s)",
            opts.duration_s,
            n as f64 / secs.max(1e-9)
        ));
    }
    streams.close_window(clock.now().0);
    let elapsed_s = wall.elapsed().as_secs_f64();
    let after = probe::Sample::now();
    let calls = llm.calls().saturating_sub(calls_before);
    progress_done();

    progress("bench: letting the turns in flight finish, then checking the store against the stream");
    llm.hold();
    quiesce(&streams).await;
    let checked = check::against_store(&store, &community.rooms(), &streams, QUIET).await?;
    let stats = streams.window_stats();
    let telegram = match &tg {
        Some(t) => Some(t.stats(&store).await?),
        None => None,
    };
    drop(tg);
    drop(community);
    Ok(Report::build(
        opts,
        report::Inputs {
            setup_s,
            elapsed_s,
            window_s: window.as_secs_f64(),
            before,
            after,
            calls,
            stats,
            checked,
            llm,
            database: &db.url,
            telegram,
        },
    ))
}

/// Waits until no message has reached the stream for [`QUIET`].
async fn quiesce(streams: &stream::Streams) {
    let started = tokio::time::Instant::now();
    let mut last = streams.received();
    while started.elapsed() < QUIET_AT_MOST {
        tokio::time::sleep(QUIET).await;
        let now = streams.received();
        if now == last {
            return;
        }
        last = now;
    }
}

fn progress(line: &str) {
    eprintln!("{line}");
}

/// A progress line: rewritten in place on a terminal, one line each otherwise.
fn progress_tick(line: &str) {
    if std::io::stderr().is_terminal() {
        eprint!("\r{line}   ");
        let _ = std::io::stderr().flush();
    } else {
        eprintln!("{line}");
    }
}

fn progress_done() {
    if std::io::stderr().is_terminal() {
        eprintln!();
    }
}
