//! The `piyasa` command line.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Piyasa: a living market-discussion community of openly-AI persona bots.
#[derive(Debug, Parser)]
#[command(name = "piyasa", version, about, long_about = None)]
pub struct Cli {
    /// Configuration file (TOML). Defaults to $PIYASA_CONFIG, else ./piyasa.toml if present.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start everything: store, bots, rooms, market and the web room.
    Run {
        /// Port for the web room and API (overrides server.port).
        #[arg(long)]
        port: Option<u16>,
        /// Database URL, sqlite://PATH or postgres://… (overrides database.url).
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// Run pending database migrations and exit.
    Migrate {
        /// Database URL (overrides database.url).
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// Import or export personas.
    #[command(subcommand)]
    Personas(PersonasCommand),
    /// Run rooms of bots on virtual time, as fast as the machine allows, and
    /// write DIR/transcript.jsonl and DIR/summary.json.
    Simulate {
        /// Seed for the rooms and the market: the same seed, the same transcript.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Simulated hours, from Monday 00:00 Istanbul.
        #[arg(long, default_value_t = 24)]
        hours: u32,
        /// Bots, cloned round-robin from the bundled personas.
        #[arg(long, default_value_t = 15)]
        bots: usize,
        /// Rooms; bots join them round-robin.
        #[arg(long, default_value_t = 1)]
        rooms: usize,
        /// The text generator.
        #[arg(long, value_enum, default_value_t = SimLlm::Fake)]
        llm: SimLlm,
        /// Where the transcript and summary go.
        #[arg(long, value_name = "DIR", default_value = "sim-out")]
        out: PathBuf,
        /// Questions a simulated person asks per room and hour (0: none).
        #[arg(long, value_name = "K", default_value_t = 2)]
        humans_per_hour: u32,
    },
    /// Measure Piyasa: the real rooms, bots and gateway against a fake
    /// OpenAI-compatible server, a real store and the live stream; prints a
    /// report (throughput, CPU, RSS, schedule lag, latency, lost and duplicated messages).
    Bench(Box<BenchArgs>),
}

/// `piyasa bench` options; a `--scenario` fills in what is not given.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// A preset: scale (10,000 bots, 800 ms LLM, wall clock), ceiling (as fast
    /// as possible, 0 ms LLM) or orchestration (CPU per message, 0 ms LLM).
    #[arg(long, value_enum)]
    pub scenario: Option<crate::commands::bench::Scenario>,
    /// Bots, cloned round-robin from the bundled personas.
    #[arg(long)]
    pub bots: Option<usize>,
    /// Rooms; bots join them round-robin.
    #[arg(long)]
    pub rooms: Option<usize>,
    /// Measured seconds (after set-up).
    #[arg(long, value_name = "SECS")]
    pub duration: Option<u64>,
    /// Messages per bot per hour (1..60), or `max`: pacing delays off, as fast as possible.
    #[arg(long, value_name = "N|max")]
    pub rate: Option<crate::commands::bench::Rate>,
    /// Fake LLM delay: MS, uniform:MIN..MAX or lognormal:MEDIAN,P99 (milliseconds).
    #[arg(long, value_name = "DIST")]
    pub llm_latency: Option<String>,
    /// Run on virtual time (the in-process fake LLM: a socket cannot wait on virtual time).
    #[arg(long)]
    pub virtual_time: bool,
    /// Store: sqlite (a temporary file), postgres (a temporary database on
    /// 127.0.0.1:5432), or a postgres://…/ server URL to create it on.
    #[arg(long, value_name = "sqlite|postgres|URL")]
    pub db: Option<String>,
    /// Where messages go.
    #[arg(long, value_enum, default_value_t = crate::commands::bench::Channel::Web)]
    pub channel: crate::commands::bench::Channel,
    /// Seed for the rooms.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Text generators a simulation can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SimLlm {
    /// Deterministic canned text (no model, no network).
    Fake,
}

#[derive(Debug, Subcommand)]
pub enum PersonasCommand {
    /// Import personas into the store: a Piyasa community or persona YAML,
    /// or the seed project's persona JSON ({"bots": [...]}).
    Import {
        /// The file to import.
        file: PathBuf,
        /// The file's format; `auto` looks at the content.
        #[arg(long, value_enum, default_value_t = Format::Auto)]
        format: Format,
        /// The room the personas join (defaults to the file's room, else piyasa-sohbet).
        #[arg(long)]
        room: Option<String>,
        /// Database URL (overrides database.url).
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// Export a room and its personas from the store as a community YAML file.
    Export {
        /// The room to export.
        #[arg(long, default_value = "piyasa-sohbet")]
        room: String,
        /// Write here instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Database URL (overrides database.url).
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
}

/// Persona file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Auto,
    Yaml,
    Seed,
}
