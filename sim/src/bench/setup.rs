//! What a benchmark runs on: the fake LLM, a store it creates and drops,
//! the bench community, and room pacing for the asked rate.

use super::options::{DbChoice, Options, Rate};
use actors::llm::{ProviderConfig, ProviderKind};
use actors::room::RoomSettings;
use anyhow::Context as _;
use diesel_async::{AsyncConnection as _, AsyncPgConnection, SimpleAsyncConnection as _};
use engine::community::Community as CommunityFile;
use engine::ids::Millis;
use engine::pacing::PacingSettings;
use std::path::PathBuf;

/// Requests the gateway may have in flight to the fake at once: enough that
/// the gateway never queues at the scale scenario (28 msg/s × 0.8 s).
const LLM_CONCURRENCY: usize = 512;

/// The text generator: the fake OpenAI-compatible server over loopback, or
/// (on virtual time) the in-process `fake` provider.
pub struct Llm {
    server: Option<fakes::FakeLlm>,
}

impl Llm {
    pub fn start(opts: &Options) -> Llm {
        if opts.virtual_time {
            return Llm { server: None };
        }
        let server = fakes::FakeLlm::start();
        server.set_latency_distribution(opts.latency);
        if opts.replies == super::Replies::Varied {
            server.set_reply(fakes::Reply::Varied);
        }
        Llm { server: Some(server) }
    }

    pub fn provider(&self) -> ProviderConfig {
        match &self.server {
            Some(s) => {
                let mut c = ProviderConfig::new("fake-openai", ProviderKind::Openai);
                c.options.base_url = Some(s.base_url());
                c.options.model = Some(fakes::FAKE_MODEL.into());
                c.max_concurrency = LLM_CONCURRENCY;
                c
            }
            None => ProviderConfig::new("fake", ProviderKind::Fake),
        }
    }

    /// Stops new generations after the window: requests from now on wait an
    /// hour (those in flight finish), so the rooms go quiet and the store
    /// can be checked against the stream without new load.
    pub fn hold(&self) {
        if let Some(s) = &self.server {
            s.set_latency(std::time::Duration::from_secs(3600));
        }
    }

    /// Chat requests the fake server has seen (0 for the in-process fake).
    pub fn calls(&self) -> u64 {
        self.server.as_ref().map_or(0, |s| s.request_count() as u64)
    }

    /// What generated the text, for the report.
    pub fn describe(&self, opts: &Options) -> String {
        match &self.server {
            Some(_) => format!(
                "fake OpenAI-compatible server over loopback, latency {}, {} replies",
                opts.latency_text,
                match opts.replies {
                    super::Replies::Dozen => "a dozen",
                    super::Replies::Varied => "varied",
                }
            ),
            None => "in-process fake provider (virtual time)".into(),
        }
    }

    pub fn over_http(&self) -> bool {
        self.server.is_some()
    }
}

/// A store made for one run and removed after it.
pub struct BenchDb {
    pub url: String,
    kind: DbKind,
}

enum DbKind {
    Sqlite(PathBuf),
    Pg { admin: String, name: String },
}

impl BenchDb {
    pub async fn create(choice: &DbChoice) -> anyhow::Result<BenchDb> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
        let tag = format!("{}_{}", std::process::id(), nanos % 1_000_000_000);
        match choice {
            DbChoice::Sqlite => {
                let path = std::env::temp_dir().join(format!("piyasa-bench-{tag}.db"));
                Ok(BenchDb { url: format!("sqlite://{}", path.display()), kind: DbKind::Sqlite(path) })
            }
            DbChoice::Postgres(admin) => {
                let name = format!("piyasa_bench_{tag}");
                let mut c = AsyncPgConnection::establish(admin)
                    .await
                    .with_context(|| format!("--db: cannot connect to {}", schema::store::redact(admin)))?;
                c.batch_execute(&format!("CREATE DATABASE {name}"))
                    .await
                    .with_context(|| format!("--db: cannot create database {name}"))?;
                let url = match admin.rsplit_once('/') {
                    Some((server, _)) if server.contains("://") && !server.ends_with('/') => format!("{server}/{name}"),
                    _ => anyhow::bail!("--db: '{}' must end with /DATABASE", schema::store::redact(admin)),
                };
                Ok(BenchDb { url, kind: DbKind::Pg { admin: admin.clone(), name } })
            }
        }
    }

    /// Removes the store. Blocks the calling thread on purpose: no actor
    /// runs (and fails) while the database goes away.
    pub fn drop_now(&self) {
        match &self.kind {
            DbKind::Sqlite(path) => {
                for ext in ["", "-wal", "-shm"] {
                    let mut p = path.clone().into_os_string();
                    p.push(ext);
                    let _ = std::fs::remove_file(p);
                }
            }
            DbKind::Pg { admin, name } => {
                let (admin, name) = (admin.clone(), name.clone());
                let dropped = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                    rt.block_on(async {
                        let mut c = AsyncPgConnection::establish(&admin).await?;
                        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
                        anyhow::Ok(())
                    })
                })
                .join();
                if !matches!(dropped, Ok(Ok(()))) {
                    eprintln!("bench: could not drop the benchmark database; drop it by hand");
                }
            }
        }
    }
}

/// The bundled personas cloned round-robin into `bots` bots with unique
/// usernames, dealt round-robin into `rooms` rooms. Each may send up to a
/// persona's maximum (60 an hour, one a second): the rooms' pacing sets the
/// rate, not the personas' own limits.
pub fn communities(opts: &Options) -> anyhow::Result<Vec<CommunityFile>> {
    let mut files = crate::clones::bundled_clones(opts.bots, opts.rooms, "bench-room", "Bench Room")?;
    for p in files.iter_mut().flat_map(|f| f.personas.iter_mut()) {
        p.per_hour = 60;
        p.min_gap_secs = 1;
        // Awake around the clock: the bench must not depend on the hour it runs.
        p.active_hours = vec!["00:00-24:00".into()];
    }
    Ok(files)
}

/// Typical read plus typing time of a bot turn at the default pacing
/// (about 4 s reading a 80-character line, 8 s typing 50 characters).
const HUMAN_TURN_MS: i64 = 12_000;

/// Room knobs for the asked rate: `max` turns every delay down to 1 ms and
/// lifts the room budget; a rate per hour keeps the human read and typing
/// delays and sets the quiet gap so that turns come at the asked pace.
pub fn room_settings(opts: &Options) -> RoomSettings {
    let base =
        PacingSettings { daily_curve: false, branching_ratio: 0.0, shock_weight: 0.0, ..PacingSettings::default() };
    let pacing = match opts.rate {
        Rate::Max => PacingSettings {
            mean_gap_ms: 1,
            min_gap_ms: 1,
            human_response_ms: 1,
            max_typing_ms: 1,
            max_read_ms: 1,
            max_per_minute: u32::MAX,
            ..base
        },
        Rate::PerHour(r) => {
            let per_room = (opts.bots as f64 / opts.rooms as f64) * f64::from(r);
            let period_ms = (Millis::HOUR as f64 / per_room) as i64;
            let turn_ms = HUMAN_TURN_MS + opts.latency_median().as_millis() as i64;
            let mean_gap_ms = (period_ms - turn_ms).max(1);
            PacingSettings {
                mean_gap_ms,
                min_gap_ms: base.min_gap_ms.min(mean_gap_ms),
                max_per_minute: ((per_room / 60.0).ceil() as u32 * 3).max(base.max_per_minute),
                ..base
            }
        }
    };
    let mut room = RoomSettings { pacing, seed: opts.seed, ..RoomSettings::default() };
    room.floor.chatter_share = 1.0;
    room
}
