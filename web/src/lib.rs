//! Piyasa's web layer and binary: the actix-web live room, REST API and
//! health endpoint, configuration, telemetry and the `piyasa` CLI.
//!
//! # Layout
//! - [`cli`]: the command line (clap).
//! - [`commands`]: what each command does (`run`, `migrate`, `personas`, `privacy`, `simulate`,
//!   `bench`, `bots`/`rooms`/`telegram`).
//! - [`settings`]: typed configuration, defaults < file < `PIYASA_*` env.
//! - [`startup`]: building the application (used by `main` and tests).
//! - [`routes`]: HTTP handlers, one module per resource.
//! - [`error`]: the API's error policy and JSON error shape.
//! - [`telemetry`]: logs and OTLP traces.

pub mod cli;
pub mod commands;
pub mod error;
pub mod routes;
pub mod settings;
pub mod startup;
pub mod telemetry;

use cli::{BotsCommand, Cli, Command, PersonasCommand, PrivacyCommand, RoomsCommand, TelegramCommand};
use settings::Settings;

/// Runs a parsed command line.
pub async fn dispatch(cli: Cli) -> anyhow::Result<()> {
    let mut settings = Settings::load(cli.config.as_deref())?;
    if matches!(cli.command, Command::Bench(_)) && std::env::var_os("RUST_LOG").is_none() {
        // Thousands of rooms starting would drown the progress lines.
        settings.telemetry.log = "warn".into();
    }
    let _telemetry = telemetry::init(&settings.telemetry)?;
    match cli.command {
        Command::Run { port, db, record, replay } => {
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
        Command::Migrate { db } => {
            override_db(&mut settings, db)?;
            commands::run::migrate(settings).await
        }
        Command::Personas(PersonasCommand::Import { file, format, room, db }) => {
            override_db(&mut settings, db)?;
            commands::personas::import(&settings, &file, format, room).await
        }
        Command::Personas(PersonasCommand::Export { room, out, db }) => {
            override_db(&mut settings, db)?;
            commands::personas::export(&settings, &room, out.as_deref()).await
        }
        Command::Privacy(PrivacyCommand::Forget { user, db }) => {
            override_db(&mut settings, db)?;
            commands::privacy::forget(&settings, &user).await
        }
        Command::Simulate { seed, hours, bots, rooms, llm, out, humans_per_hour, record, replay, outage } => {
            let llm = commands::sim_llm::SimProviders::new(&settings, llm, record, replay, outage)?;
            let opts = commands::simulate::Options { seed, hours, bots, rooms, out, humans_per_hour };
            commands::simulate::simulate(&settings, opts, llm).await
        }
        Command::Bots(cmd) => {
            let db = match &cmd {
                BotsCommand::Add { db, .. } | BotsCommand::List { db } | BotsCommand::Remove { db, .. } => db.clone(),
            };
            override_db(&mut settings, db)?;
            commands::telegram::bots(&settings, cmd).await
        }
        Command::Rooms(cmd) => {
            let db = match &cmd {
                RoomsCommand::Add { db, .. } | RoomsCommand::Join { db, .. } | RoomsCommand::Leave { db, .. } => {
                    db.clone()
                }
            };
            override_db(&mut settings, db)?;
            commands::telegram::rooms(&settings, cmd).await
        }
        Command::Telegram(cmd) => {
            if let TelegramCommand::RotateKey { db, .. } = &cmd {
                override_db(&mut settings, db.clone())?;
            }
            commands::telegram::keys(&settings, cmd).await
        }
        Command::Bench(args) => commands::bench::run(&settings, &args).await,
    }
}

fn override_db(settings: &mut Settings, db: Option<String>) -> anyhow::Result<()> {
    if let Some(url) = db {
        settings.database.url = url;
        settings.validate()?;
    }
    Ok(())
}
