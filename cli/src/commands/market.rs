//! `piyasa market …`: what an operator does to the market from a shell.
//! Events are queued in the store with their due time; the running Piyasa
//! applies them within `market.events_poll_ms` (a headline or shock "now"
//! too). Every input is checked before anything is written.

use crate::cli::MarketCommand;
use actors::clock::Clock;
use actors::market::operator::{self, MarketInputError};
use actors::market::{MarketEvent, STALE_AFTER_MS};
use anyhow::{Context as _, bail};
use engine::ids::Millis;
use engine::market::{PriceMode, format_tr};
use engine::scenario::{Scenario, parse_at_text, parse_jump_text, resolve};
use schema::Store;
use std::path::Path;
use web::settings::Settings;

pub async fn run(settings: &Settings, cmd: MarketCommand) -> anyhow::Result<()> {
    let now = Clock::system().now();
    let offset = settings.room.pacing.utc_offset_minutes;
    let when = |at: &Option<String>, key: &str| -> anyhow::Result<Millis> {
        let at = at.as_deref().unwrap_or("now");
        let at = parse_at_text(at).map_err(|e| anyhow::anyhow!("--{key}: {}", e.trim_start_matches("at: ")))?;
        Ok(resolve(at, now, offset))
    };
    match cmd {
        MarketCommand::Inject { text, symbol, direction, at } => {
            let direction = direction.map(|d| match d.as_str() {
                "up" => 1,
                "down" => -1,
                _ => 0,
            });
            let ev = operator::headline_event(&text, symbol.as_deref(), direction, "cli").map_err(input)?;
            let due = when(&at, "at")?;
            let store = connect(settings).await?;
            operator::queue(&store, &[(due, ev.clone())], now).await.map_err(input)?;
            let h = ev.headline.as_ref().map(describe).unwrap_or_default();
            println!("queued for {}: {h}", local(due, offset));
        }
        MarketCommand::Shock { symbol, jump, at } => {
            let pct = parse_jump_text(&jump).map_err(|e| anyhow::anyhow!("{e}"))?;
            let ev = operator::shock_event(&symbol, pct, "cli").map_err(input)?;
            let due = when(&at, "at")?;
            let store = connect(settings).await?;
            operator::queue(&store, &[(due, ev.clone())], now).await.map_err(input)?;
            println!("queued for {}: {} {}%", local(due, offset), ev.shocks[0].0, format_tr(pct, 2));
        }
        MarketCommand::Check { file, start } => {
            let s = scenario(&file)?;
            let start = when(&start, "start")?;
            print_timeline(&s, start, offset);
        }
        MarketCommand::Schedule { file, start } => {
            let s = scenario(&file)?;
            let start = when(&start, "start")?;
            let store = connect(settings).await?;
            let events = MarketEvent::timeline(&s, start, offset);
            let ids = operator::queue(&store, &events, now).await.map_err(input)?;
            print_timeline(&s, start, offset);
            println!(
                "scheduled {} events of scenario '{}' (call off with `piyasa market cancel {}`)",
                ids.len(),
                s.name,
                s.name
            );
        }
        MarketCommand::Cancel { name } => {
            let store = connect(settings).await?;
            let n = store.cancel_market_events(&format!("scenario:{name}")).await?;
            println!("called off {n} events of scenario '{name}'");
        }
        MarketCommand::Prices { room, mode } => {
            let store = connect(settings).await?;
            let Some(mut row) = store.room(&room).await? else { bail!("no room '{room}' in the store") };
            row.prices = PriceMode::parse_named(&mode).map_err(|e| anyhow::anyhow!("mode: {e}"))?;
            store.upsert_room(&row).await?;
            println!("room {room} runs on {mode} prices from its next start");
            if row.prices == PriceMode::Live && settings.market.adapters.is_empty() {
                eprintln!(
                    "note: no price adapters are configured ([[market.adapters]]): a live room has no prices to quote"
                );
            }
        }
        MarketCommand::Status => status(settings, now, offset).await?,
    }
    Ok(())
}

fn input(e: MarketInputError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

async fn connect(settings: &Settings) -> anyhow::Result<Store> {
    Store::connect(&settings.database.url)
        .await
        .with_context(|| format!("database.url: {}", schema::store::redact(&settings.database.url)))
}

fn scenario(file: &Path) -> anyhow::Result<Scenario> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Scenario::parse(&text, &stem).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))
}

/// `2026-12-04 14:00` in the rooms' time zone.
fn local(t: Millis, offset: i32) -> String {
    let shifted = actors::events::rfc3339(t.0 + i64::from(offset) * 60_000);
    format!("{} {}", &shifted[..10], &shifted[11..16])
}

fn describe(h: &engine::market::Headline) -> String {
    let way = match h.direction {
        1 => "▲",
        -1 => "▼",
        _ => "•",
    };
    format!("[{} {way}] {}", h.symbol, h.text)
}

fn print_timeline(s: &Scenario, start: Millis, offset: i32) {
    println!("scenario '{}': {} events from {}", s.name, s.events.len(), local(start, offset));
    for (at, e) in s.timeline(start, offset) {
        let mut parts = Vec::new();
        if let Some(h) = &e.headline {
            parts.push(describe(h));
        }
        for (sym, pct) in &e.shocks {
            parts.push(format!("{sym} {}%", format_tr(*pct, 2)));
        }
        println!("  {}  (line {})  {}", local(at, offset), e.line, parts.join("; "));
    }
}

async fn status(settings: &Settings, now: Millis, offset: i32) -> anyhow::Result<()> {
    let store = connect(settings).await?;
    for book in [PriceMode::Simulated, PriceMode::Live] {
        let quotes = store.quotes(book).await?;
        println!("{book} prices ({}):", if quotes.is_empty() { "none saved yet" } else { "last known" });
        for q in quotes {
            let age_min = now.since(Millis(q.at_ms)) / Millis::MINUTE;
            println!("  {:<10} {:>14}  {:<10} {} min ago", q.symbol, format_tr(q.price, 4), q.source, age_min);
        }
    }
    let pending = store.pending_market_events().await?;
    println!("queued events: {}", pending.len());
    for row in pending {
        let late = now.since(Millis(row.due_at)) > STALE_AFTER_MS;
        let what = MarketEvent::from_row(&row)
            .map(|e| {
                let mut p: Vec<String> = e.headline.iter().map(describe).collect();
                p.extend(e.shocks.iter().map(|(s, x)| format!("{s} {}%", format_tr(*x, 2))));
                p.join("; ")
            })
            .unwrap_or_else(|e| format!("unreadable: {e}"));
        let note = if late { " (too late: will be skipped)" } else { "" };
        println!("  #{} {} {}{note}  {what}", row.id, local(Millis(row.due_at), offset), row.origin);
    }
    Ok(())
}
