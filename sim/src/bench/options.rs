//! What to measure: `--scenario` presets, flags, their defaults and checks.

use crate::args::BenchArgs;
use anyhow::{bail, ensure};
use fakes::Latency;
use std::str::FromStr;
use std::time::Duration;

/// The scenarios, one command each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    /// 10,000 bots in 500 rooms at 10 messages an hour each, 800 ms LLM, wall clock.
    Scale,
    /// As fast as possible: pacing delays off, 0 ms LLM.
    Ceiling,
    /// CPU per delivered message, the fake LLM's own threads left out.
    Orchestration,
    /// One fake Telegram group of 20 bots talking as fast as their personas
    /// allow for 10 minutes (wall clock): Telegram's limits must hold, no 429.
    Telegram,
}

/// How fast bots talk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rate {
    /// Messages per bot per hour, at the rooms' human pace.
    PerHour(u32),
    /// Pacing delays off: as fast as the engine goes.
    Max,
}

impl FromStr for Rate {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "max" {
            return Ok(Rate::Max);
        }
        match s.parse::<u32>() {
            Ok(n) if (1..=MAX_RATE).contains(&n) => Ok(Rate::PerHour(n)),
            _ => Err(format!(
                "'{s}' is not a rate: give messages per bot per hour (1..{MAX_RATE}, a persona's limit) or 'max'"
            )),
        }
    }
}

/// A persona may send at most 60 messages an hour.
const MAX_RATE: u32 = 60;

/// Where delivered messages go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The built-in web room's live stream (what the SSE route serves).
    Web,
    /// Telegram groups through the fake Bot API.
    Telegram,
}

/// What the fake LLM server answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Replies {
    /// The twelve echo sentences.
    Dozen,
    /// About two thousand lines an instrument.
    Varied,
}

/// A resolved benchmark.
#[derive(Debug, Clone)]
pub struct Options {
    pub scenario: Option<Scenario>,
    pub bots: usize,
    pub rooms: usize,
    pub duration_s: u64,
    pub rate: Rate,
    pub latency: Latency,
    pub latency_text: String,
    pub virtual_time: bool,
    /// `sqlite`, or a postgres server URL (the database is created on it).
    pub db: DbChoice,
    pub channel: Channel,
    pub replies: Replies,
    pub seed: u64,
    pub json: bool,
    /// `--workers N`: separate processes.
    pub workers: Option<usize>,
}

/// Which store to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbChoice {
    Sqlite,
    /// A PostgreSQL server (admin URL, its database is only used to create ours).
    Postgres(String),
}

/// PostgreSQL when `--db postgres` names no server.
pub const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/postgres";

struct Preset {
    bots: usize,
    rooms: usize,
    duration_s: u64,
    rate: Rate,
    latency: &'static str,
}

impl Scenario {
    fn preset(self) -> Preset {
        match self {
            Scenario::Scale => {
                Preset { bots: 10_000, rooms: 500, duration_s: 180, rate: Rate::PerHour(10), latency: "800" }
            }
            Scenario::Ceiling => Preset { bots: 10_000, rooms: 500, duration_s: 30, rate: Rate::Max, latency: "0" },
            // 20 bots a room, enough bots that none reaches its own limits (one
            // message a second, 20 a minute) in the window: at 2,000 bots
            // the rooms ran into them and spun on empty ticks, which is not
            // the cost of a message.
            Scenario::Orchestration => {
                Preset { bots: 5_000, rooms: 250, duration_s: 30, rate: Rate::Max, latency: "0" }
            }
            // A group holds about 20 bots; pacing off, so each bot bursts up to
            // its persona limit (60 an hour, 1 s apart): the room says far more
            // than Telegram's 1 message a second per chat lets through.
            Scenario::Telegram => Preset { bots: 20, rooms: 1, duration_s: 600, rate: Rate::Max, latency: "0" },
        }
    }
}

impl Options {
    /// Flags over the scenario's preset over the defaults; a bad value is an
    /// error naming the flag.
    pub fn resolve(a: &BenchArgs) -> anyhow::Result<Options> {
        let p = a.scenario.map(Scenario::preset).unwrap_or(Preset {
            bots: 200,
            rooms: 10,
            duration_s: 60,
            rate: Rate::PerHour(10),
            latency: "800",
        });
        let latency_text = a.llm_latency.clone().unwrap_or_else(|| p.latency.to_string());
        let latency = Latency::parse(&latency_text).map_err(|e| anyhow::anyhow!("--llm-latency: {e}"))?;
        // Workers share PostgreSQL.
        let default_db = if a.workers.is_some() { "postgres" } else { "sqlite" };
        let db = match a.db.as_deref().unwrap_or(default_db) {
            "sqlite" => DbChoice::Sqlite,
            "postgres" | "postgresql" => DbChoice::Postgres(DEFAULT_PG.into()),
            url if url.starts_with("postgres://") || url.starts_with("postgresql://") => DbChoice::Postgres(url.into()),
            other => bail!("--db: '{other}' is not sqlite, postgres or a postgres://… server URL"),
        };
        let o = Options {
            scenario: a.scenario,
            bots: a.bots.unwrap_or(p.bots),
            rooms: a.rooms.unwrap_or(p.rooms),
            duration_s: a.duration.unwrap_or(p.duration_s),
            rate: a.rate.unwrap_or(p.rate),
            latency,
            latency_text,
            virtual_time: a.virtual_time,
            db,
            channel: if a.scenario == Some(Scenario::Telegram) { Channel::Telegram } else { a.channel },
            replies: a.replies,
            seed: a.seed,
            json: a.json,
            workers: a.workers,
        };
        ensure!(o.rooms >= 1, "--rooms: at least 1");
        ensure!(o.bots >= o.rooms, "--bots: every room needs a bot, so at least --rooms ({})", o.rooms);
        ensure!(o.duration_s >= 1, "--duration: at least 1 second");
        if o.virtual_time && o.channel == Channel::Telegram {
            bail!("--virtual-time: the Telegram channel runs on the wall clock (its limits are real seconds)");
        }
        if let Some(n) = o.workers {
            ensure!((1..=16).contains(&n), "--workers: 1 to 16 processes");
            ensure!(matches!(o.db, DbChoice::Postgres(_)), "--workers: the workers share PostgreSQL (--db postgres)");
            ensure!(!o.virtual_time, "--virtual-time: separate processes run on the wall clock");
            ensure!(
                o.channel == Channel::Web,
                "--workers: measures the web room only (Telegram on workers is checked by `make faults`)"
            );
        }
        if o.virtual_time && matches!(o.db, DbChoice::Postgres(_)) {
            bail!("--virtual-time: runs on SQLite only (a PostgreSQL socket cannot wait on virtual time)");
        }
        Ok(o)
    }

    /// The fake LLM's median delay (pacing estimates).
    pub fn latency_median(&self) -> Duration {
        match self.latency {
            Latency::Fixed(d) => d,
            Latency::Uniform { min, max } => (min + max) / 2,
            Latency::LogNormal { median, .. } => median,
        }
    }
}
