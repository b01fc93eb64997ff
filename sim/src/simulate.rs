//! `piyasa simulate`: the real rooms, bots, gateway and market on virtual time
//! (`tokio::time::pause`), as fast as the machine allows, with a temporary
//! SQLite store, the `fake` text generator and a simulated person per room.
//! Writes `transcript.jsonl` (no database ids, no wall times: the same seed
//! gives the same bytes) and `summary.json` ([`engine::stats`]).

use crate::sim_llm::SimProviders;
use actors::clock::Clock;
use actors::market::MarketSettings;
use actors::meter::MeterSnapshot;
use actors::room::RoomSettings;
use actors::{Community, CommunitySettings, RoomHandle};
use anyhow::{Context as _, bail, ensure};
use engine::ids::Millis;
use engine::input::{HumanName, HumanText};
use engine::scenario::Scenario;
use engine::stats::{self, Record};
use schema::Store;
use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::sync::broadcast::{Receiver, error::TryRecvError};
use web::settings::Settings;

/// Monday 2026-11-23 00:00 Istanbul: hours of day mean what they say.
pub const START: Millis = Millis(1_795_899_600_000);
/// Virtual time between two looks at the rooms.
const STEP_MS: i64 = Millis::MINUTE;

/// What to simulate.
#[derive(Debug, Clone)]
pub struct Options {
    pub seed: u64,
    pub hours: u32,
    pub bots: usize,
    pub rooms: usize,
    pub out: PathBuf,
    /// Questions per room and hour from the simulated person (0: none).
    pub humans_per_hour: u32,
    /// Headlines and shocks at set times from the start.
    pub scenario: Option<Scenario>,
}

/// How often the bots' stances are sampled when a scenario runs.
const STANCE_EVERY_MS: i64 = 10 * Millis::MINUTE;

/// Reads and checks a scenario file; errors name the file and the line.
pub fn read_scenario(path: &Path) -> anyhow::Result<Scenario> {
    let text = std::fs::read_to_string(path).with_context(|| format!("--scenario: cannot read {}", path.display()))?;
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Scenario::parse(&text, &stem).map_err(|e| anyhow::anyhow!("--scenario {}: {e}", path.display()))
}

/// The scenario's events and the bots' mean stance (−1 … +1) on its tickers over time.
fn scenario_report(s: &Scenario, offset: i32, stances: &[(i64, BTreeMap<String, f64>)]) -> serde_json::Value {
    let events: Vec<serde_json::Value> = s
        .timeline(START, offset)
        .into_iter()
        .map(|(at, e)| {
            serde_json::json!({
                "t_ms": at.since(START),
                "line": e.line,
                "headline": e.headline.as_ref().map(|h| serde_json::json!({"symbol": h.symbol, "direction": h.direction, "text": h.text})),
                "shocks": e.shocks,
            })
        })
        .collect();
    let by_symbol: BTreeMap<String, Vec<serde_json::Value>> = scenario_symbols(s)
        .into_iter()
        .map(|sym| {
            let series = stances
                .iter()
                .map(|(t, m)| serde_json::json!([t, (m.get(&sym).copied().unwrap_or(0.0) * 1000.0).round() / 1000.0]))
                .collect();
            (sym, series)
        })
        .collect();
    serde_json::json!({ "name": s.name, "events": events, "stances": by_symbol })
}

/// The tickers a scenario's events name or shock.
fn scenario_symbols(s: &Scenario) -> Vec<String> {
    let mut out: Vec<String> = s
        .events
        .iter()
        .flat_map(|e| {
            let named = e.headline.iter().flat_map(|h| h.symbols().into_iter().map(str::to_string));
            named.chain(e.shocks.iter().map(|(s, _)| s.clone())).collect::<Vec<_>>()
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

const PEOPLE: [&str; 3] = ["Defne", "Ece", "Tolga"];
const SYMBOLS: [&str; 7] = ["XU100", "USDTRY", "GRAMALTIN", "BTCUSD", "THYAO", "GARAN", "ASELS"];

/// The `n`th question in room `room`, perhaps addressed to one of `bots`.
fn question(room: usize, n: usize, bots: &[String]) -> String {
    let sym = SYMBOLS[(n * 3 + room) % SYMBOLS.len()];
    match (n + room) % 4 {
        0 => format!("{sym} için ne düşünüyorsunuz?"),
        1 => format!("Bugün {sym} neden bu kadar hareketli?"),
        2 => format!("@{} {sym} hakkında görüşün ne?", bots[n % bots.len()]),
        _ => format!("Yeni başlayan biri {sym} konusunda nelere dikkat etmeli?"),
    }
}

/// A temporary SQLite file, removed (with its WAL) when dropped.
struct TempDb(PathBuf);

impl TempDb {
    fn new(seed: u64) -> Self {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let name = format!("piyasa-sim-{}-{seed}-{}.db", std::process::id(), nanos.as_nanos());
        TempDb(std::env::temp_dir().join(name))
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        for ext in ["", "-wal", "-shm"] {
            let mut p = self.0.clone().into_os_string();
            p.push(ext);
            let _ = std::fs::remove_file(p);
        }
    }
}

/// One room's subscription and the numbering of its messages.
struct RoomLog {
    handle: RoomHandle,
    rx: Receiver<actors::events::RoomEvent>,
    bots: Vec<String>,
    ids: HashMap<i64, u64>,
    asked: usize,
}

impl RoomLog {
    /// Takes every message delivered so far, in order.
    fn drain(&mut self, index: usize, out: &mut Vec<(usize, Record)>) -> anyhow::Result<()> {
        loop {
            let m = match self.rx.try_recv() {
                Ok(actors::events::RoomEvent::Message(m)) => m,
                Ok(_) => continue,
                Err(TryRecvError::Empty | TryRecvError::Closed) => return Ok(()),
                Err(TryRecvError::Lagged(n)) => bail!("room {} lost {n} events", self.handle.id),
            };
            let seq = self.ids.len() as u64 + 1;
            self.ids.insert(m.id, seq);
            let reply_to_seq = m.reply_to.as_ref().and_then(|r| self.ids.get(&r.id).copied());
            out.push((
                index,
                Record {
                    room: self.handle.id.clone(),
                    seq,
                    t_ms: m.sent_at_ms - START.0,
                    author: m.author.id,
                    kind: m.author.kind.as_str().to_owned(),
                    reply_to_seq,
                    text: m.text,
                },
            ));
        }
    }
}

/// Simulated hours shown on stderr, only when it is a terminal.
fn progress(hour: u32, hours: u32) {
    if std::io::stderr().is_terminal() {
        let done = (hour * 30 / hours.max(1)) as usize;
        eprint!("\rsimulating [{}{}] {hour}/{hours} h", "#".repeat(done), ".".repeat(30 - done));
        if hour == hours {
            eprintln!();
        }
        let _ = std::io::stderr().flush();
    }
}

/// Runs the simulation. Must run inside an actix system on a current-thread runtime.
pub async fn simulate(settings: &Settings, opts: Options, mut llm: SimProviders) -> anyhow::Result<()> {
    ensure!(opts.hours >= 1, "--hours must be at least 1");
    ensure!(opts.rooms >= 1 && opts.bots >= opts.rooms, "every room needs a bot: --bots must be at least --rooms");
    let wall = std::time::Instant::now();
    tokio::time::pause();
    let db = TempDb::new(opts.seed);
    let store = Store::connect(&format!("sqlite://{}", db.0.display())).await.context("the temporary store")?;
    let files = crate::clones::bundled_clones(opts.bots, opts.rooms, "sim-room", "Sim Room")?;
    for c in &files {
        Community::import(&store, c, &settings.ai_marker, START.0).await?;
    }
    let community_settings = CommunitySettings {
        room: RoomSettings { seed: opts.seed, ..RoomSettings::default() },
        // Scenario times are minutes: the queue is looked at once a simulated minute.
        market: MarketSettings { seed: opts.seed, events_poll_ms: 60_000, ..MarketSettings::default() },
        gateway: llm.options.clone(),
        budget: settings.llm.budget,
        ..CommunitySettings::default()
    };
    let clock = Clock::starting_at(START);
    let offset = community_settings.room.pacing.utc_offset_minutes;
    let community = Community::start(store.clone(), &llm.providers, community_settings, clock).await?;
    if let Some(s) = &opts.scenario {
        community.schedule_scenario(s, START, offset).await.map_err(|e| anyhow::anyhow!("--scenario: {e}"))?;
    }
    let mut stances: Vec<(i64, BTreeMap<String, f64>)> = Vec::new();
    let mut logs = Vec::new();
    for c in &files {
        let handle = community.room(c.room.slug.as_str()).context("a room did not start")?.clone();
        let rx = handle.subscribe().await?;
        let bots = c.personas.iter().map(|p| p.username.to_string()).collect();
        logs.push(RoomLog { handle, rx, bots, ids: HashMap::new(), asked: 0 });
    }

    let end_ms = i64::from(opts.hours) * Millis::HOUR;
    let every_ms = (opts.humans_per_hour > 0).then(|| (Millis::HOUR / i64::from(opts.humans_per_hour)).max(1));
    let (mut t, mut next_question, mut records) = (0, 0, Vec::new());
    let all_bots: Vec<String> = logs.iter().flat_map(|l| l.bots.iter().cloned()).collect();
    let mut minds = crate::minds::Minds::default();
    progress(0, opts.hours);
    while t < end_ms {
        while every_ms.is_some() && next_question <= t {
            for (r, log) in logs.iter_mut().enumerate() {
                let n = log.asked;
                let who = HumanName::parse(PEOPLE[n % PEOPLE.len()], &settings.ai_marker)?;
                let text = HumanText::parse(&question(r, n, &log.bots))?;
                log.handle.post(who, text, None).await?;
                log.asked += 1;
            }
            next_question += every_ms.unwrap_or(end_ms);
        }
        llm.at_minute((t / Millis::MINUTE) as u32, &community.meter.snapshot(clock.now()));
        tokio::time::sleep(Duration::from_millis(STEP_MS as u64)).await;
        t += STEP_MS;
        for (r, log) in logs.iter_mut().enumerate() {
            log.drain(r, &mut records)?;
        }
        if opts.scenario.is_some() && t % STANCE_EVERY_MS == 0 {
            stances.push((t, mean_stances(&logs).await?));
        }
        if t % Millis::HOUR == 0 {
            progress((t / Millis::HOUR) as u32, opts.hours);
            minds.sample(&community, &all_bots, t / Millis::HOUR)?;
        }
    }
    records.sort_by_key(|(r, rec)| (rec.t_ms, *r, rec.seq));
    let records: Vec<Record> = records.into_iter().map(|(_, rec)| rec).collect();
    let bots: Vec<String> = logs.iter().flat_map(|l| l.bots.iter().cloned()).collect();
    let summary = stats::summarize(&records, START, &bots);
    let meter = community.meter.snapshot(clock.now());
    let llm_report = llm_summary(&meter, llm.outage_report(&meter));
    let scenario = opts.scenario.as_ref().map(|s| scenario_report(s, offset, &stances));
    write_files(&opts, &records, &summary, &llm_report, scenario.as_ref())?;
    let quotes = community.quotes(engine::market::PriceMode::Simulated).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let (books, trades) = crate::books::report(&store, &quotes).await?;
    crate::books::write(&opts.out, &books, &trades)?;
    minds.write(&opts.out)?;
    drop(community);

    println!(
        "simulated {} h: {} bots in {} rooms, seed {}, {} questions per room and hour ({:.1} s wall time)\n",
        opts.hours,
        opts.bots,
        opts.rooms,
        opts.seed,
        opts.humans_per_hour,
        wall.elapsed().as_secs_f64()
    );
    print!("{summary}");
    println!("\nllm: {}", serde_json::to_string_pretty(&llm_report)?);
    println!(
        "\nbooks: {} trades, {} bots whose books do not reconcile",
        books["trades"], books["bots_not_reconciling"]
    );
    println!(
        "\nwrote {}, {} and books.json, trades.jsonl, minds.jsonl",
        opts.out.join("transcript.jsonl").display(),
        opts.out.join("summary.json").display()
    );
    Ok(())
}

/// What the simulation's LLM calls cost, per provider, and the outage phases.
fn llm_summary(m: &MeterSnapshot, outage: Option<serde_json::Value>) -> serde_json::Value {
    let per_msg = |v: u64| if m.delivered == 0 { 0.0 } else { v as f64 / m.delivered as f64 };
    serde_json::json!({
        "calls": m.calls,
        "delivered_bot_messages": m.delivered,
        "calls_per_message": per_msg(m.calls),
        "tokens_in_per_message": per_msg(m.tokens_in),
        "tokens_out_per_message": per_msg(m.tokens_out),
        "stable_prefix_share": m.stable_prefix_share,
        "cache_hit_rate": m.cache_hit_rate(),
        "usd": m.usd,
        // Latency is wall time: left out so the same seed gives the same bytes.
        "providers": m.providers.iter().map(|(name, t)| (name.clone(), serde_json::json!({
            "calls": t.calls, "failures": t.failures, "cache_hits": t.cache_hits,
            "tokens_in": t.tokens_in, "tokens_out": t.tokens_out, "usd": t.usd,
        }))).collect::<serde_json::Map<_, _>>(),
        "outage": outage,
    })
}

/// The bots' mean stance per ticker, over every room.
async fn mean_stances(logs: &[RoomLog]) -> anyhow::Result<BTreeMap<String, f64>> {
    let mut sum: BTreeMap<String, f64> = BTreeMap::new();
    for log in logs {
        for (symbol, v) in log.handle.stances().await? {
            *sum.entry(symbol).or_default() += v / logs.len() as f64;
        }
    }
    Ok(sum)
}

fn write_files(
    opts: &Options,
    records: &[Record],
    summary: &stats::Summary,
    llm: &serde_json::Value,
    scenario: Option<&serde_json::Value>,
) -> anyhow::Result<()> {
    let dir: &Path = &opts.out;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut jsonl = String::new();
    for r in records {
        jsonl.push_str(&serde_json::to_string(r)?);
        jsonl.push('\n');
    }
    let path = dir.join("transcript.jsonl");
    std::fs::write(&path, jsonl).with_context(|| format!("cannot write {}", path.display()))?;
    let doc = serde_json::json!({
        "seed": opts.seed,
        "hours": opts.hours,
        "bots": opts.bots,
        "rooms": opts.rooms,
        "humans_per_hour": opts.humans_per_hour,
        "start_ms": START.0,
        "stats": summary,
        "llm": llm,
        "scenario": scenario,
    });
    let path = dir.join("summary.json");
    std::fs::write(&path, serde_json::to_string_pretty(&doc)? + "\n")
        .with_context(|| format!("cannot write {}", path.display()))
}
