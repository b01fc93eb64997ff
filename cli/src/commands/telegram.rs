//! `piyasa bots add|list|remove`, `piyasa rooms add|join|leave`,
//! `piyasa telegram new-key|rotate-key`. Tokens are read from an environment variable or standard
//! input, never from the command line (shell history, `ps`).

use crate::cli::{BotsCommand, RoomsCommand, TelegramCommand};
use actors::clock::Clock;
use anyhow::{Context as _, bail};
use schema::Store;
use secrecy::{ExposeSecret, SecretString};
use telegram::admin;
use web::settings::Settings;

fn now_ms() -> i64 {
    Clock::system().now().0
}

/// A secret from the environment variable `var`, else one line of standard input.
pub(crate) fn secret_from(var: &str, what: &str) -> anyhow::Result<SecretString> {
    if let Ok(v) = std::env::var(var) {
        if v.trim().is_empty() {
            bail!("${var} is empty: it should hold the {what}");
        }
        return Ok(SecretString::from(v.trim().to_string()));
    }
    eprintln!("{what} (from ${var}, or type it and press Enter):");
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).context("reading standard input")?;
    if line.trim().is_empty() {
        bail!("no {what} given: set ${var} or type it on standard input");
    }
    Ok(SecretString::from(line.trim().to_string()))
}

pub async fn bots(settings: &Settings, cmd: BotsCommand) -> anyhow::Result<()> {
    let store = Store::connect(&settings.database.url).await?;
    match cmd {
        BotsCommand::Add { bot, token_env, listener } => {
            let token = secret_from(&token_env, "bot token")?;
            let b = admin::add_bot(&store, &settings.telegram, &bot, &token, listener, now_ms()).await?;
            let role = if b.listener { "listener" } else { "persona" };
            if let Some(note) = &b.note {
                eprintln!("note: {note}");
            }
            println!("added bot {} as @{} ({role}); token stored encrypted", b.bot_id, b.tg_username);
        }
        BotsCommand::List => {
            let bots = admin::list_bots(&store).await?;
            if bots.is_empty() {
                println!("no Telegram bots (add one with `piyasa bots add BOT`)");
            }
            for b in bots {
                println!("{}\t@{}\t{}", b.bot_id, b.tg_username, if b.listener { "listener" } else { "persona" });
            }
        }
        BotsCommand::Remove { bot } => {
            admin::remove_bot(&store, &bot).await?;
            println!("removed the Telegram account of {bot}");
        }
    }
    Ok(())
}

pub async fn rooms(settings: &Settings, cmd: RoomsCommand) -> anyhow::Result<()> {
    let store = Store::connect(&settings.database.url).await?;
    match cmd {
        RoomsCommand::Add { room, chat, topic } => {
            admin::add_room(&store, &room, chat, topic, now_ms()).await?;
            println!(
                "room {room} speaks in Telegram chat {chat}{}",
                topic.map(|t| format!(" (topic {t})")).unwrap_or_default()
            );
        }
        RoomsCommand::Join { room, bot } => {
            admin::join(&store, &room, &bot).await?;
            println!("{bot} joined {room}");
        }
        RoomsCommand::Leave { room, bot } => {
            admin::leave(&store, &room, &bot).await?;
            println!("{bot} left {room}");
        }
    }
    Ok(())
}

pub async fn keys(settings: &Settings, cmd: TelegramCommand) -> anyhow::Result<()> {
    match cmd {
        TelegramCommand::NewKey => new_key()?,
        TelegramCommand::RotateKey { new_key_env } => {
            let old = settings.telegram.token_key.clone().context("telegram.token_key: the current key is needed")?;
            let new = secret_from(&new_key_env, "new token key")?;
            let store = Store::connect(&settings.database.url).await?;
            let n = admin::rotate_key(&store, &old, &new).await?;
            println!("re-encrypted {n} bot tokens; set telegram.token_key to the new key before the next start");
        }
    }
    Ok(())
}

/// Prints a fresh token key (needs no configuration).
pub fn new_key() -> anyhow::Result<()> {
    let key = telegram::crypto::TokenCipher::new_key()?;
    println!("{}", key.expose_secret());
    Ok(())
}
