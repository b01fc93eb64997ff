//! The `piyasa` binary's library: its command line and what each command
//! does. The server itself is the `web` crate; `simulate` and `bench` come
//! from the `sim` crate when the `sim` feature is on (the default).
//!
//! # Layout
//! - [`cli`]: the command line (clap).
//! - [`commands`]: what each command does (`run`, `migrate`, `personas`, `privacy`,
//!   `bots`/`rooms`/`telegram`, `admin`).

pub mod cli;
pub mod commands;

use cli::{Cli, Command, PersonasCommand, PrivacyCommand, TelegramCommand};
use web::settings::Settings;

/// Runs a parsed command line.
pub async fn dispatch(cli: Cli) -> anyhow::Result<()> {
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
        Command::Telegram(cmd) => {
            if matches!(cmd, TelegramCommand::NewKey) {
                no_db("telegram new-key", "prints a fresh key", &db)?;
            }
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
