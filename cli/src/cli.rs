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
    /// Database URL, sqlite://PATH or postgres://… (overrides database.url).
    /// For `bench`: sqlite, postgres, or a postgres://… server to create its temporary database on.
    #[arg(long, global = true, value_name = "URL")]
    pub db: Option<String>,
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
        /// Append every LLM call to DIR/calls.jsonl (overrides llm.record).
        #[arg(long, value_name = "DIR")]
        record: Option<PathBuf>,
        /// Answer only from a recording made with --record; no provider is asked.
        #[arg(long, value_name = "DIR", conflicts_with = "record")]
        replay: Option<PathBuf>,
    },
    /// Run pending database migrations and exit.
    Migrate,
    /// Copy the database to FILE while Piyasa may run (SQLite: VACUUM INTO;
    /// PostgreSQL: pg_dump). Never overwrites a file.
    Backup {
        /// Where the copy goes; must not exist.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Put a backup in place of the database (stop Piyasa first). A database
    /// that holds messages is replaced only with --force, and is kept first
    /// (SQLite: moved aside; PostgreSQL: dumped beside the backup).
    Restore {
        /// A file made by `piyasa backup`.
        file: PathBuf,
        #[arg(long)]
        force: bool,
    },
    /// Import or export personas.
    #[command(subcommand)]
    Personas(PersonasCommand),
    /// People's data: forget a person.
    #[command(subcommand)]
    Privacy(PrivacyCommand),
    /// The market: inject a headline or a price shock, schedule a scenario,
    /// set a room's prices, see the last known prices.
    #[command(subcommand)]
    Market(MarketCommand),
    /// Run rooms of bots on virtual time, as fast as the machine allows, and
    /// write DIR/transcript.jsonl and DIR/summary.json.
    #[cfg(feature = "sim")]
    Simulate(sim::SimulateArgs),
    /// Measure Piyasa: the real rooms, bots and gateway against a fake
    /// OpenAI-compatible server, a real store and the live stream; prints a
    /// report (throughput, CPU, RSS, schedule lag, latency, lost and duplicated messages).
    #[cfg(feature = "sim")]
    Bench(Box<sim::BenchArgs>),
    /// (Not in this build: the simulator needs the `sim` cargo feature.)
    #[cfg(not(feature = "sim"))]
    #[command(hide = true, disable_help_flag = true)]
    Simulate {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// (Not in this build: the benchmark harness needs the `sim` cargo feature.)
    #[cfg(not(feature = "sim"))]
    #[command(hide = true, disable_help_flag = true)]
    Bench {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Measure a transcript's quality: defects of bot messages, repeats,
    /// people answered, mention routing, stance consistency, speaker spread.
    /// Exit status: 0 all limits hold, 1 a limit failed, 2 the input could not be read.
    Eval(Box<EvalArgs>),
    /// Play scripted people into a running room over its public HTTP API
    /// and check the bots' answers (mention, "are you a bot", a bot's name,
    /// advice, prompt injection, "why did it move", a scared newcomer).
    /// Exit status: 0 all pass, 1 a scenario failed, 2 bad input or no server.
    Probe(ProbeArgs),
    /// Telegram bot accounts (tokens are stored encrypted).
    #[command(subcommand)]
    Bots(BotsCommand),
    /// Which Telegram chat a room speaks in, and which bots are in it.
    #[command(subcommand)]
    Rooms(RoomsCommand),
    /// Telegram token keys.
    #[command(subcommand)]
    Telegram(TelegramCommand),
    /// Operator accounts (the first admin is made here).
    #[command(subcommand)]
    Admin(AdminCommand),
    /// The configuration, checked without starting anything.
    #[command(subcommand)]
    Config(ConfigCommand),
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Load the configuration as `piyasa run` would (defaults < file <
    /// `PIYASA_SECTION__KEY` environment), check it and print a summary.
    /// Exit status 1 with the key named when it is wrong.
    Check,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an account; the password comes from $ADMIN_PASSWORD or standard input.
    Create {
        #[arg(long)]
        username: String,
        /// viewer, operator or admin.
        #[arg(long, default_value = "admin")]
        role: String,
        /// Environment variable holding the password (else it is read from standard input).
        #[arg(long, value_name = "VAR", default_value = "ADMIN_PASSWORD")]
        password_env: String,
    },
    /// List the accounts (never a password or secret).
    List,
    /// Set a new password (ends the account's sessions, clears a lockout).
    ResetPassword {
        #[arg(long)]
        username: String,
        /// Environment variable holding the new password (else standard input).
        #[arg(long, value_name = "VAR", default_value = "ADMIN_PASSWORD")]
        password_env: String,
    },
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
    },
    /// List the Telegram bot accounts (never their tokens).
    List,
    /// Remove a bot's Telegram account.
    Remove { bot: String },
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
    },
    /// A bot (with a Telegram account) joins a room.
    Join { room: String, bot: String },
    /// A bot leaves a room.
    Leave { room: String, bot: String },
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
    },
}

#[derive(Debug, Subcommand)]
pub enum PrivacyCommand {
    /// Delete every message of one person (and unlink the replies to them).
    Forget {
        /// The person's id as stored: web:NAME (web room) or tg:NUMBER (Telegram).
        #[arg(long, value_name = "ID")]
        user: String,
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
        /// Show what the import would change and write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Members of the room that the file does not name leave it (else they stay).
        #[arg(long)]
        remove_missing: bool,
    },
    /// Export a room and its personas from the store as a community YAML file.
    Export {
        /// The room to export.
        #[arg(long, default_value = "piyasa-sohbet")]
        room: String,
        /// Write here instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

/// Persona file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Auto,
    Yaml,
    Seed,
}

impl From<Format> for engine::community::PersonaFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Auto => Self::Auto,
            Format::Yaml => Self::Yaml,
            Format::Seed => Self::Seed,
        }
    }
}

/// `piyasa market …`: a running Piyasa takes queued events from the store
/// within `market.events_poll_ms`.
#[derive(Debug, Subcommand)]
pub enum MarketCommand {
    /// A headline for the simulated rooms (now, or --at); its ticker and
    /// direction are read by rules unless given.
    Inject {
        /// The headline's text.
        text: String,
        /// Its ticker (THYAO, USDTRY, …) or MACRO.
        #[arg(long)]
        symbol: Option<String>,
        /// up, down or flat.
        #[arg(long, value_parser = ["up", "down", "flat"])]
        direction: Option<String>,
        /// When: +90s, +15m, +1h30m or 14:00 (Istanbul); now by default.
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        at: Option<String>,
    },
    /// A price shock on a simulated symbol: `piyasa market shock THYAO -8%`.
    Shock {
        symbol: String,
        /// Percent, e.g. -8% or 3.5.
        #[arg(allow_hyphen_values = true)]
        jump: String,
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        at: Option<String>,
    },
    /// Checks a scenario file and prints its timeline; changes nothing.
    Check {
        file: PathBuf,
        /// Where the timeline starts: now, +1h, 14:00.
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        start: Option<String>,
    },
    /// Queues a scenario file's events for the running rooms.
    Schedule {
        file: PathBuf,
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        start: Option<String>,
    },
    /// Calls off a scenario's events that have not happened yet.
    Cancel {
        /// The scenario's name.
        name: String,
    },
    /// Sets a room's prices: simulated or live (from the next start).
    Prices {
        room: String,
        #[arg(value_parser = ["simulated", "live"])]
        mode: String,
    },
    /// The last known prices of both books and the queued events.
    Status,
}

/// `piyasa probe`: a live room, over HTTP.
#[derive(Debug, Clone, clap::Args)]
pub struct ProbeArgs {
    /// The server's base URL.
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// The room's slug.
    #[arg(long, value_name = "NAME", default_value = "piyasa-sohbet")]
    pub room: String,
    /// How long to wait for the bots after each post: 90s, 2m or seconds.
    #[arg(long, value_name = "TIME", default_value = "90s")]
    pub wait: String,
    /// Write the verdicts and the defect summary as JSON here.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// `piyasa eval`: a transcript file (or a simulation's folder), or a room
/// of the database over a time window; limits on the metrics.
#[derive(Debug, Clone, clap::Args)]
#[command(group = clap::ArgGroup::new("input").required(true).args(["transcript", "room"]))]
pub struct EvalArgs {
    /// A transcript (JSON lines, as `piyasa simulate` writes) or the folder holding transcript.jsonl.
    #[arg(long, value_name = "DIR_OR_FILE")]
    pub transcript: Option<PathBuf>,
    /// A room of the database (global --db or database.url).
    #[arg(long, value_name = "NAME", requires = "since")]
    pub room: Option<String>,
    /// Start of the window: RFC 3339 (2026-11-23T09:00:00+03:00) or a time ago (30m, 2h, 1d).
    #[arg(long, value_name = "TIME", requires = "room")]
    pub since: Option<String>,
    /// End of the window (same forms); now by default.
    #[arg(long, value_name = "TIME", requires = "room")]
    pub until: Option<String>,
    /// Write the report, the table and the failures as JSON here.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write a self-contained HTML report (inline SVG plots) here.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Most share of bot messages with any defect.
    #[arg(long, value_name = "RATE")]
    pub max_defect_rate: Option<f64>,
    /// Most share of bot messages with one defect, CODE=RATE (echo, label, instruction_leak,
    /// prompt_data_leak, price_only, english, other_script, assistant_tone, hype_to_advice,
    /// contentless; unknown_number and wrong_move need the feed, which a transcript lacks); repeatable.
    #[arg(long, value_name = "CODE=RATE")]
    pub max_defect: Vec<String>,
    /// Most share of bot messages that nearly repeat a recent bot message of the room.
    #[arg(long, value_name = "RATE")]
    pub max_near_duplicate: Option<f64>,
    /// Least distinct-1 (distinct words over words), averaged over bots.
    #[arg(long, value_name = "SHARE")]
    pub min_distinct_1: Option<f64>,
    /// Least distinct-2 (distinct word pairs over pairs), averaged over bots.
    #[arg(long, value_name = "SHARE")]
    pub min_distinct_2: Option<f64>,
    /// Most share of bot messages that only quote a price.
    #[arg(long, value_name = "RATE")]
    pub max_price_only: Option<f64>,
    /// Least share of people's messages answered.
    #[arg(long, value_name = "SHARE")]
    pub min_answered: Option<f64>,
    /// Longest median time to a person's first reply, in seconds.
    #[arg(long, value_name = "SECS")]
    pub max_reply_median_s: Option<f64>,
    /// Longest 90th-percentile time to a person's first reply, in seconds.
    #[arg(long, value_name = "SECS")]
    pub max_reply_p90_s: Option<f64>,
    /// Least share of people's messages naming a bot that this bot answers first.
    #[arg(long, value_name = "SHARE")]
    pub min_mention_routing: Option<f64>,
    /// Least share of a bot's pushes on a ticker that agree with its majority direction.
    #[arg(long, value_name = "SHARE")]
    pub min_stance_consistency: Option<f64>,
    /// Most share of bots' claims about their own trades and PnL that their
    /// books contradict (checked with `--room`, where the trades are).
    #[arg(long, value_name = "SHARE")]
    pub max_book_contradicted: Option<f64>,
    /// Most Gini coefficient of the bots' message counts.
    #[arg(long, value_name = "GINI")]
    pub max_gini: Option<f64>,
    /// Least coefficient of variation of the gaps between messages.
    #[arg(long, value_name = "CV")]
    pub min_gap_cv: Option<f64>,
    /// Most coefficient of variation of the gaps between messages.
    #[arg(long, value_name = "CV")]
    pub max_gap_cv: Option<f64>,
}
