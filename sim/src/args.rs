//! The command-line arguments of `piyasa simulate` and `piyasa bench`; the
//! `piyasa` binary embeds them as subcommands.

use clap::ValueEnum;
use std::path::PathBuf;

/// `piyasa simulate` options.
#[derive(Debug, Clone, clap::Args)]
pub struct SimulateArgs {
    /// Seed for the rooms and the market: the same seed, the same transcript.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Simulated hours, from Monday 00:00 Istanbul.
    #[arg(long, default_value_t = 24)]
    pub hours: u32,
    /// Bots, cloned round-robin from the bundled personas.
    #[arg(long, default_value_t = 15)]
    pub bots: usize,
    /// Rooms; bots join them round-robin.
    #[arg(long, default_value_t = 1)]
    pub rooms: usize,
    /// The text generator.
    #[arg(long, value_enum, default_value_t = SimLlm::Fake)]
    pub llm: SimLlm,
    /// Where the transcript and summary go.
    #[arg(long, value_name = "DIR", default_value = "sim-out")]
    pub out: PathBuf,
    /// Questions a simulated person asks per room and hour (0: none).
    #[arg(long, value_name = "K", default_value_t = 2)]
    pub humans_per_hour: u32,
    /// Append every LLM call to DIR/calls.jsonl.
    #[arg(long, value_name = "DIR")]
    pub record: Option<PathBuf>,
    /// Answer only from a recording: the same seed gives the same transcript, at zero cost.
    #[arg(long, value_name = "DIR", conflicts_with = "record")]
    pub replay: Option<PathBuf>,
    /// A scenario file (YAML: headlines, shocks, earnings, rate decisions) replayed from the start;
    /// its events and the bots' stances on its tickers go into summary.json.
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<PathBuf>,
    /// Stop the primary fake server for these simulated minutes (with --llm servers), e.g. 20..25.
    #[arg(long, value_name = "START..END", value_parser = crate::sim_llm::parse_outage)]
    pub outage: Option<std::ops::Range<u32>>,
}

/// `piyasa bench` options; a `--scenario` fills in what is not given.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// A preset: scale (10,000 bots, 800 ms LLM, wall clock), ceiling (as fast
    /// as possible, 0 ms LLM) or orchestration (CPU per message, 0 ms LLM).
    #[arg(long, value_enum)]
    pub scenario: Option<crate::bench::Scenario>,
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
    pub rate: Option<crate::bench::Rate>,
    /// Fake LLM delay: MS, uniform:MIN..MAX or lognormal:MEDIAN,P99 (milliseconds).
    #[arg(long, value_name = "DIST")]
    pub llm_latency: Option<String>,
    /// Run on virtual time (the in-process fake LLM: a socket cannot wait on virtual time).
    #[arg(long)]
    pub virtual_time: bool,
    /// Store: sqlite (a temporary file), postgres (a temporary database on
    /// 127.0.0.1:5432), or a postgres://…/ server URL to create it on: the
    /// binary's global `--db`.
    #[arg(skip)]
    pub db: Option<String>,
    /// Where messages go.
    #[arg(long, value_enum, default_value_t = crate::bench::Channel::Web)]
    pub channel: crate::bench::Channel,
    /// What the fake LLM server answers: `dozen` (twelve sentences, the
    /// earlier benchmarks) or `varied` (about two thousand lines an
    /// instrument, a real model's variety).
    #[arg(long, value_enum, default_value_t = crate::bench::Replies::Dozen)]
    pub replies: crate::bench::Replies,
    /// Seed for the rooms.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Run the rooms in N separate `piyasa run` processes (workers mode: a
    /// PostgreSQL database and a redis-server of the bench's own).
    #[arg(long, value_name = "N")]
    pub workers: Option<usize>,
}

/// Text generators a simulation can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SimLlm {
    /// Deterministic canned text (no model, no network).
    Fake,
    /// Two fake OpenAI-compatible HTTP servers on loopback, `primary` then `backup`.
    Servers,
    /// The configured provider chain (llm.*): the local model or a real API.
    Config,
}
