//! `piyasa bench --workers N`: the rooms run in N separate `piyasa run`
//! processes on this machine (workers mode: one PostgreSQL database the
//! bench creates, a `redis-server` of its own on a free port, the fake LLM
//! over loopback), started and stopped by the bench. It reports what the
//! workers delivered in the window (bot messages stored per second), their
//! CPU per message and memory (`/proc`), and how long a person waited for
//! an answer: a question @mentioning one of a room's bots, posted every
//! second through a worker picked in turn (so most are forwarded to the
//! room's owner), timed from its stored time to the bot reply's.

use super::options::Options;
use super::probe::{cpu_s_of, peak_rss_mib_of};
use super::setup;
use anyhow::{Context as _, bail};
use engine::transcript::AuthorKind;
use schema::{MessageStatus, Store};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use web::settings::Settings;

/// How long the workers may take to share out every room.
const SHARED_WITHIN: Duration = Duration::from_secs(60);
/// A person's question in the window, one a second.
const ASK_EVERY: Duration = Duration::from_secs(1);
/// How long a question may wait for its answer after the window.
const ANSWER_GRACE: Duration = Duration::from_secs(20);

/// What `--workers` measured.
#[derive(Debug, Serialize)]
pub struct WorkersReport {
    pub workers: usize,
    pub bots: usize,
    pub rooms: usize,
    pub window_s: f64,
    pub delivered: u64,
    pub msgs_per_sec: f64,
    /// Every worker's CPU over the window, per delivered message.
    pub cpu_us_per_msg: f64,
    /// Each worker's peak resident memory (MiB).
    pub rss_mib: Vec<f64>,
    pub asked: usize,
    pub answered: usize,
    pub answer_ms_median: Option<i64>,
    pub answer_ms_p90: Option<i64>,
    pub llm: String,
    /// The database the run made (and dropped), password redacted.
    pub database: String,
}

impl std::fmt::Display for WorkersReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |v: Option<i64>| v.map_or("-".to_string(), |v| format!("{v} ms"));
        writeln!(f, "piyasa bench --workers {}", self.workers)?;
        writeln!(f, "  rooms, bots        {} rooms, {} bots, {}", self.rooms, self.bots, self.llm)?;
        writeln!(f, "  window             {:.0} s", self.window_s)?;
        writeln!(f, "  delivered          {} bot messages ({:.2} msg/s)", self.delivered, self.msgs_per_sec)?;
        writeln!(f, "  CPU per message    {:.0} µs (all workers)", self.cpu_us_per_msg)?;
        let rss: Vec<String> = self.rss_mib.iter().map(|r| format!("{r:.0}")).collect();
        writeln!(f, "  peak RSS per worker {} MiB", rss.join(", "))?;
        writeln!(
            f,
            "  a person answered  {} of {}, median {}, p90 {}",
            self.answered,
            self.asked,
            ms(self.answer_ms_median),
            ms(self.answer_ms_p90)
        )
    }
}

/// One worker process.
struct Worker {
    child: Child,
    port: u16,
}

impl Drop for Worker {
    fn drop(&mut self) {
        // SIGTERM first: the worker gives its leases back and exits.
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline && matches!(self.child.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `PIYASA_*` variables for every leaf of `value` under `prefix` (`ROOM__PACING`).
fn env_of(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                env_of(&format!("{prefix}__{}", k.to_ascii_uppercase()), v, out);
            }
        }
        serde_json::Value::Null | serde_json::Value::Array(_) => {}
        serde_json::Value::String(s) => out.push((format!("PIYASA_{prefix}"), s.clone())),
        other => out.push((format!("PIYASA_{prefix}"), other.to_string())),
    }
}

fn spawn_worker(i: usize, env: &[(String, String)]) -> anyhow::Result<Worker> {
    let exe = std::env::current_exe().context("the piyasa binary")?;
    let mut cmd = Command::new(exe);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("PIYASA_") {
            cmd.env_remove(key);
        }
    }
    cmd.envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("PIYASA_REDIS__WORKER_ID", format!("bench-w{i}"))
        .env("RUST_LOG", "warn")
        .args(["run", "--port", "0"])
        .stdout(Stdio::piped())
        // A worker's warnings and errors show with the bench's progress.
        .stderr(Stdio::inherit());
    let mut child = cmd.spawn().context("starting a worker")?;
    let mut lines = BufReader::new(child.stdout.take().context("worker stdout")?).lines();
    for line in lines.by_ref() {
        if let Some(port) = line?.trim().strip_prefix("Piyasa is live: open http://127.0.0.1:") {
            let port = port.trim_end_matches('/').parse().context("the worker's port")?;
            // Drained to the end: a worker never blocks on (or dies of) a closed pipe.
            std::thread::spawn(move || lines.for_each(drop));
            return Ok(Worker { child, port });
        }
    }
    bail!("worker {i} ended before it was live")
}

/// Runs the bench with `n` worker processes.
pub async fn bench(settings: &Settings, opts: &Options, n: usize) -> anyhow::Result<WorkersReport> {
    let llm = setup::Llm::start(opts);
    let db = setup::BenchDb::create(&opts.db).await?;
    let result = measure(settings, opts, n, &llm, &db.url).await;
    db.drop_now();
    result
}

async fn measure(
    settings: &Settings,
    opts: &Options,
    n: usize,
    llm: &setup::Llm,
    db: &str,
) -> anyhow::Result<WorkersReport> {
    let store = Store::connect(db).await.context("the benchmark store")?;
    let files = setup::communities(opts)?;
    super::progress(&format!("bench: storing {} bots in {} rooms", opts.bots, opts.rooms));
    for c in &files {
        actors::Community::import(&store, c, &settings.ai_marker, 0).await?;
    }
    // The workers import the bundled demo community at start; it is kept archived.
    let demo = engine::community::Community::from_yaml(&settings.community_yaml()?)?;
    actors::Community::import(&store, &demo, &settings.ai_marker, 0).await?;
    store.set_room_archived(demo.room.slug.as_str(), Some(0), 0).await?;

    let redis = fakes::RedisServer::start().context("--workers: a redis-server of the bench's own")?;
    // The fake LLM as a provider chain (its concurrency is not a flat key).
    let provider = llm.provider();
    let config = std::env::temp_dir().join(format!("piyasa-bench-workers-{}.toml", std::process::id()));
    std::fs::write(
        &config,
        format!(
            "[[llm.chain]]\nname = \"fake-openai\"\nkind = \"openai\"\nbase_url = \"{}\"\nmodel = \"{}\"\nmax_concurrency = {}\n",
            provider.options.base_url.clone().unwrap_or_default(),
            fakes::FAKE_MODEL,
            provider.max_concurrency
        ),
    )?;
    let mut env = vec![
        ("PIYASA_DATABASE__URL".to_string(), db.to_string()),
        ("PIYASA_REDIS__URL".to_string(), redis.url()),
        ("PIYASA_CONFIG".to_string(), config.display().to_string()),
        ("PIYASA_PEOPLE__POST_BURST".to_string(), "1000".to_string()),
        ("PIYASA_PEOPLE__POSTS_PER_MINUTE".to_string(), "100000".to_string()),
    ];
    let room = setup::room_settings(opts);
    env_of("ROOM__PACING", &serde_json::to_value(&room.pacing)?, &mut env);
    env_of("ROOM__FLOOR", &serde_json::to_value(&room.floor)?, &mut env);
    env.push(("PIYASA_ROOM__SEED".into(), opts.seed.to_string()));
    super::progress(&format!("bench: starting {n} worker processes"));
    let workers = (0..n).map(|i| spawn_worker(i, &env)).collect::<anyhow::Result<Vec<_>>>()?;
    let http = reqwest::Client::builder().cookie_store(true).timeout(Duration::from_secs(10)).build()?;
    wait_shared(&http, &workers, opts.rooms).await?;
    let rooms: Vec<String> = files.iter().map(|f| f.room.slug.to_string()).collect();
    let mut mentions = BTreeMap::new();
    for r in &rooms {
        let bot = store.members(r).await?.into_iter().next().map(|m| m.bot_id).context("a room without bots")?;
        mentions.insert(r.clone(), bot);
    }

    let count = async |store: &Store| -> anyhow::Result<u64> {
        let mut total = 0;
        for r in &rooms {
            total += store.count_messages(r, MessageStatus::Sent).await? as u64;
        }
        anyhow::Ok(total)
    };
    let pids: Vec<u32> = workers.iter().map(|w| w.child.id()).collect();
    let (before, cpu_before) = (count(&store).await?, cpu_of(&pids));
    let (t0, window) = (Instant::now(), Duration::from_secs(opts.duration_s));
    let mut asked: Vec<(String, i64)> = Vec::new();
    let mut i = 0usize;
    while t0.elapsed() < window {
        let r = &rooms[i % rooms.len()];
        let w = &workers[i % workers.len()];
        let body =
            serde_json::json!({"author": "Ölçüm", "text": format!("@{} bugün ne bekliyorsun? ({i})", mentions[r])});
        let url = format!("http://127.0.0.1:{}/api/rooms/{r}/messages", w.port);
        if let Ok(resp) = http.post(url).json(&body).send().await
            && resp.status() == 201
            && let Ok(v) = resp.json::<serde_json::Value>().await
            && let Some(id) = v["id"].as_i64()
        {
            asked.push((r.clone(), id));
        }
        i += 1;
        super::progress_tick(&format!(
            "bench: {:>4.0}/{} s  asked {}",
            t0.elapsed().as_secs_f64(),
            opts.duration_s,
            asked.len()
        ));
        tokio::time::sleep(ASK_EVERY).await;
    }
    let window_s = t0.elapsed().as_secs_f64();
    let (after, cpu_after) = (count(&store).await?, cpu_of(&pids));
    super::progress_done();
    let rss_mib = pids.iter().map(|p| peak_rss_mib_of(&p.to_string())).collect();
    super::progress("bench: waiting for the last answers");
    let waits = answer_times(&store, &asked).await?;
    let delivered = (after - before).saturating_sub(asked.len() as u64);
    drop(workers);
    let _ = std::fs::remove_file(&config);
    let mut sorted = waits.clone();
    sorted.sort_unstable();
    let pick = |q: f64| sorted.get(((sorted.len() as f64 - 1.0) * q).round() as usize).copied();
    Ok(WorkersReport {
        workers: n,
        bots: opts.bots,
        rooms: opts.rooms,
        window_s,
        delivered,
        msgs_per_sec: delivered as f64 / window_s,
        cpu_us_per_msg: (cpu_after - cpu_before) * 1e6 / delivered.max(1) as f64,
        rss_mib,
        asked: asked.len(),
        answered: waits.len(),
        answer_ms_median: pick(0.5),
        answer_ms_p90: pick(0.9),
        llm: llm.describe(opts),
        database: schema::store::redact(db),
    })
}

/// Waits until the workers run every room between them (their `/health`).
async fn wait_shared(http: &reqwest::Client, workers: &[Worker], rooms: usize) -> anyhow::Result<()> {
    let started = Instant::now();
    loop {
        let mut running = 0;
        for w in workers {
            let h: serde_json::Value = match http.get(format!("http://127.0.0.1:{}/health", w.port)).send().await {
                Ok(r) => r.json().await.unwrap_or_default(),
                Err(_) => serde_json::Value::Null,
            };
            running += h["workers"]["rooms"].as_array().map_or(0, Vec::len);
        }
        if running >= rooms {
            super::progress(&format!("bench: {rooms} rooms shared out in {:.1} s", started.elapsed().as_secs_f64()));
            return Ok(());
        }
        if started.elapsed() > SHARED_WITHIN {
            bail!("--workers: after {SHARED_WITHIN:?} the workers run {running} of {rooms} rooms");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// For each question, ms from its stored time to the first bot reply's.
async fn answer_times(store: &Store, asked: &[(String, i64)]) -> anyhow::Result<Vec<i64>> {
    let deadline = Instant::now() + ANSWER_GRACE;
    let mut waits = BTreeMap::new();
    while waits.len() < asked.len() && Instant::now() < deadline {
        let pending: std::collections::BTreeSet<&str> =
            asked.iter().filter(|(_, id)| !waits.contains_key(id)).map(|(r, _)| r.as_str()).collect();
        for room in pending {
            let rows = store.recent_messages(room, 500).await?;
            for (_, id) in asked.iter().filter(|(r, _)| r == room) {
                let q = rows.iter().find(|m| m.id == *id);
                let a = rows.iter().find(|m| m.reply_to == Some(*id) && m.author_kind == AuthorKind::Bot);
                if let (Some(q), Some(a)) = (q, a) {
                    waits.entry(*id).or_insert(a.sent_at.unwrap_or(a.created_at) - q.created_at);
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Ok(waits.into_values().collect())
}

/// The CPU seconds the processes used so far.
fn cpu_of(pids: &[u32]) -> f64 {
    pids.iter().filter_map(|p| cpu_s_of(*p)).sum()
}
