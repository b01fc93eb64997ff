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
        /// Append every LLM call to DIR/calls.jsonl (overrides llm.record).
        #[arg(long, value_name = "DIR")]
        record: Option<PathBuf>,
        /// Answer only from a recording made with --record; no provider is asked.
        #[arg(long, value_name = "DIR", conflicts_with = "record")]
        replay: Option<PathBuf>,
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
    /// People's data: forget a person.
    #[command(subcommand)]
    Privacy(PrivacyCommand),
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
        /// Append every LLM call to DIR/calls.jsonl.
        #[arg(long, value_name = "DIR")]
        record: Option<PathBuf>,
        /// Answer only from a recording: the same seed gives the same transcript, at zero cost.
        #[arg(long, value_name = "DIR", conflicts_with = "record")]
        replay: Option<PathBuf>,
        /// Stop the primary fake server for these simulated minutes (with --llm servers), e.g. 20..25.
        #[arg(long, value_name = "START..END", value_parser = crate::commands::sim_llm::parse_outage)]
        outage: Option<std::ops::Range<u32>>,
    },
    /// Telegram bot accounts (tokens are stored encrypted).
    #[command(subcommand)]
    Bots(BotsCommand),
    /// Which Telegram chat a room speaks in, and which bots are in it.
    #[command(subcommand)]
    Rooms(RoomsCommand),
    /// Telegram token keys.
    #[command(subcommand)]
    Telegram(TelegramCommand),
    /// Measure Piyasa: the real rooms, bots and gateway against a fake
    /// OpenAI-compatible server, a real store and the live stream; prints a
    /// report (throughput, CPU, RSS, schedule lag, latency, lost and duplicated messages).
    Bench(Box<BenchArgs>),
}

#[derive(Debug, Subcommand)]
pub enum BotsCommand {
    /// Add a Telegram bot account (checked with getMe) for a persona, or a listener.
    Add {
        /// The persona's username (or a name for a listener-only bot).
        bot: String,
        /// Environment variable holding the token (else it is read from standard input).
        #[arg(long, value_name = "VAR", default_value = "BOT_TOKEN")]
        token_env: String,
        /// A listener: privacy mode off, brings people's messages in.
        #[arg(long)]
        listener: bool,
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// List the Telegram bot accounts (never their tokens).
    List {
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// Remove a bot's Telegram account.
    Remove {
        bot: String,
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RoomsCommand {
    /// Map a room to a Telegram group (optionally a forum topic).
    Add {
        room: String,
        /// The group's chat id (negative, e.g. -1001234567890).
        #[arg(long, allow_hyphen_values = true)]
        chat: i64,
        /// A forum topic's message_thread_id.
        #[arg(long)]
        topic: Option<i32>,
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// A bot (with a Telegram account) joins a room.
    Join {
        room: String,
        bot: String,
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// A bot leaves a room.
    Leave {
        room: String,
        bot: String,
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TelegramCommand {
    /// Print a fresh random token key (64 hex characters).
    NewKey,
    /// Re-encrypt every stored token with a new key (the current one is telegram.token_key).
    RotateKey {
        /// Environment variable holding the new key (else read from standard input).
        #[arg(long, value_name = "VAR", default_value = "NEW_TOKEN_KEY")]
        new_key_env: String,
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
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
    /// Two fake OpenAI-compatible HTTP servers on loopback, `primary` then `backup`.
    Servers,
    /// The configured provider chain (llm.*): the local model or a real API.
    Config,
}

#[derive(Debug, Subcommand)]
pub enum PrivacyCommand {
    /// Delete every message of one person (and unlink the replies to them).
    Forget {
        /// The person's id as stored: web:NAME (web room) or tg:NUMBER (Telegram).
        #[arg(long, value_name = "ID")]
        user: String,
        /// Database URL (overrides database.url).
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
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
