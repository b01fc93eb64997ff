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
