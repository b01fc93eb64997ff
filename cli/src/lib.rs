//! The `piyasa` binary's library: its command line and what each command
//! does. The server itself is the `web` crate; `simulate` and `bench` come
//! from the `sim` crate when the `sim` feature is on (the default).
//!
//! # Layout
//! - [`cli`]: the command line (clap).
//! - [`commands`]: what each command does (`run`, `migrate`, `backup`/`restore`, `personas`, `privacy`,
//!   `bots`/`rooms`/`telegram`, `admin`, `config`, `eval`, `probe`).
//!
//! A command fails with an [`Exit`] when its exit status means something
//! (`piyasa eval`: 1 a limit failed, 2 the input could not be read;
//! `piyasa probe`: 1 a scenario failed, 2 bad input or no server); any
//! other error exits with 1.

pub mod cli;
pub mod commands;

use cli::{Cli, Command, ConfigCommand, PersonasCommand, PrivacyCommand, TelegramCommand};
use web::settings::Settings;

/// Runs a parsed command line.
pub async fn dispatch(cli: Cli) -> anyhow::Result<()> {
    if let Command::Telegram(TelegramCommand::NewKey) = cli.command {
        // Before the configuration: with Telegram on, it would demand the very key this makes.
        no_db("telegram new-key", "prints a fresh key", &cli.db)?;
        return commands::telegram::new_key();
    }
    let mut settings = Settings::load(cli.config.as_deref())?;
    let quiet = cfg!(feature = "sim") && matches!(cli.command, Command::Bench { .. });
    if quiet && std::env::var_os("RUST_LOG").is_none() {
        // Thousands of rooms starting would drown the progress lines.
        settings.telemetry.log = "warn".into();
    }
    let _telemetry = web::telemetry::init(&settings.telemetry)?;
    let db = cli.db;
    match cli.command {
        Command::Run { port, record, replay } => {
            if let Some(p) = port {
                settings.server.port = p;
            }
            if record.is_some() || replay.is_some() {
                (settings.llm.record, settings.llm.replay) = (record, replay);
                settings.validate()?;
            }
            override_db(&mut settings, db)?;
            commands::run::run(settings).await
        }
        Command::Migrate => {
            override_db(&mut settings, db)?;
            commands::run::migrate(settings).await
        }
        Command::Backup { out } => {
            override_db(&mut settings, db)?;
            commands::backup::backup(&settings, &out).await
        }
        Command::Restore { file, force } => {
            override_db(&mut settings, db)?;
            commands::backup::restore(&settings, &file, force).await
        }
        Command::Personas(PersonasCommand::Import { file, format, room, dry_run, remove_missing }) => {
            override_db(&mut settings, db)?;
            let how = commands::personas::How { format: format.into(), room, dry_run, remove_missing };
            commands::personas::import(&settings, &file, how).await
        }
        Command::Personas(PersonasCommand::Export { room, out }) => {
            override_db(&mut settings, db)?;
            commands::personas::export(&settings, &room, out.as_deref()).await
        }
        Command::Market(cmd) => {
            override_db(&mut settings, db)?;
            commands::market::run(&settings, cmd).await
        }
        Command::Privacy(PrivacyCommand::Forget { user }) => {
            override_db(&mut settings, db)?;
            commands::privacy::forget(&settings, &user).await
        }
        Command::Bots(cmd) => {
            override_db(&mut settings, db)?;
            commands::telegram::bots(&settings, cmd).await
        }
        Command::Rooms(cmd) => {
            override_db(&mut settings, db)?;
            commands::telegram::rooms(&settings, cmd).await
        }
        Command::Admin(cmd) => {
            override_db(&mut settings, db)?;
            commands::admin::admin(&settings, cmd).await
        }
        Command::Eval(args) => {
            if args.transcript.is_some() {
                no_db("eval --transcript", "reads the transcript file", &db)?;
            }
            override_db(&mut settings, db)?;
            commands::eval::run(&settings, *args).await
        }
        Command::Probe(args) => {
            no_db("probe", "talks to a running server over HTTP", &db)?;
            commands::probe::run(args).await
        }
        Command::Telegram(cmd) => {
            override_db(&mut settings, db)?;
            commands::telegram::keys(&settings, cmd).await
        }
        #[cfg(feature = "sim")]
        Command::Simulate(args) => {
            no_db("simulate", "runs on its own temporary store", &db)?;
            sim::simulate(&settings, args).await
        }
        #[cfg(feature = "sim")]
        Command::Bench(mut args) => {
            args.db = db;
            sim::bench::run(&settings, &args).await
        }
        Command::Config(ConfigCommand::Check) => {
            override_db(&mut settings, db)?;
            commands::config::check(&settings)
        }
        #[cfg(not(feature = "sim"))]
        Command::Simulate { .. } | Command::Bench { .. } => {
            anyhow::bail!("this piyasa was built without the simulator and benchmark harness (cargo feature `sim`)")
        }
    }
}

fn override_db(settings: &mut Settings, db: Option<String>) -> anyhow::Result<()> {
    if let Some(url) = db {
        settings.database.url = url;
        settings.validate()?;
    }
    Ok(())
}

/// Commands that use no database refuse `--db` rather than ignore it.
fn no_db(command: &str, why: &str, db: &Option<String>) -> anyhow::Result<()> {
    match db {
        Some(_) => anyhow::bail!("--db: `piyasa {command}` uses no database ({why})"),
        None => Ok(()),
    }
}

/// An error with its own exit status.
#[derive(Debug)]
pub struct Exit {
    pub code: u8,
    pub message: String,
}

impl Exit {
    /// Exit status 2: the input could not be read.
    pub fn input(message: impl Into<String>) -> anyhow::Error {
        anyhow::Error::new(Exit { code: 2, message: message.into() })
    }

    /// Exit status 1: the command ran and the result is a failure.
    pub fn failed(message: impl Into<String>) -> anyhow::Error {
        anyhow::Error::new(Exit { code: 1, message: message.into() })
    }

    /// The exit status for an error: its [`Exit`] code, else 1.
    pub fn code_of(e: &anyhow::Error) -> u8 {
        e.downcast_ref::<Exit>().map_or(1, |x| x.code)
    }
}

impl std::fmt::Display for Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Exit {}
