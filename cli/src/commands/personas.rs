//! `piyasa personas import|export`: the store-side import and export of
//! `actors::control::import`, with the preview printed.

use actors::control::ImportRequest;
use actors::control::import::{apply, export as export_room, preview};
use anyhow::Context as _;
use engine::community::{PersonaFormat, RoomSpec, parse_persona_file};
use engine::control::ImportPlan;
use schema::{RoomRow, Store};
use std::path::Path;
use web::settings::Settings;

/// The room imported personas join when neither the file nor `--room` names one.
const DEFAULT_ROOM: &str = "piyasa-sohbet";

fn now_ms() -> i64 {
    actors::clock::Clock::system().now().0
}

/// How to import.
pub struct How {
    pub format: PersonaFormat,
    pub room: Option<String>,
    pub dry_run: bool,
    pub remove_missing: bool,
}

/// Previews a persona file against the store, prints the preview, and
/// (unless `dry_run`) writes exactly that. Nothing is written unless the
/// whole file is valid.
pub async fn import(settings: &Settings, file: &Path, how: How) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let parsed = parse_persona_file(&text, how.format).with_context(|| format!("{}", file.display()))?;
    let room = match (how.room, parsed.room) {
        (Some(slug), _) => {
            RoomSpec { slug: engine::ids::RoomId::parse(&slug)?, name: slug, topic: String::new(), prices: None }
        }
        (None, Some(r)) => r,
        (None, None) => {
            let slug = engine::ids::RoomId::parse(DEFAULT_ROOM)?;
            RoomSpec { slug, name: "Piyasa Sohbet".into(), topic: String::new(), prices: None }
        }
    };
    let store = Store::connect(&settings.database.url).await?;
    let req = ImportRequest {
        text: &text,
        format: how.format,
        room: Some(room.slug.as_str()),
        remove_missing: how.remove_missing,
    };
    let plan = preview(&store, &req).await.with_context(|| format!("{}", file.display()))?;
    for n in &plan.notes {
        eprintln!("note: {n}");
    }
    print_plan(&plan);
    if how.dry_run {
        println!("dry run: nothing written");
        return Ok(());
    }
    let prices = room.prices.unwrap_or_default();
    let row = RoomRow { id: room.slug.to_string(), name: room.name, topic: room.topic, created_at: now_ms(), prices };
    store.create_room(&row).await?;
    let plan = apply(&store, &settings.ai_marker, &req, &plan.fingerprint, now_ms()).await?;
    let n = plan.added.len() + plan.changed.len() + plan.unchanged.len();
    println!("imported {n} personas into room {}", plan.room);
    Ok(())
}

/// One line per persona: `+` new, `~` changed (with its fields), `=` unchanged,
/// `>` joins the room, `-` leaves it, `?` a member the file does not name.
fn print_plan(plan: &ImportPlan) {
    for p in &plan.added {
        println!("+ {}", p.username);
    }
    for c in &plan.changed {
        let fields: Vec<&str> = c.fields.iter().map(|f| f.field.as_str()).collect();
        println!("~ {} ({})", c.username, fields.join(", "));
    }
    for u in &plan.unchanged {
        println!("= {u}");
    }
    for u in &plan.joining {
        println!("> {u} joins {}", plan.room);
    }
    for u in &plan.not_in_file {
        let what = if plan.remove_missing { "- {u} leaves" } else { "? {u} stays in" };
        println!("{} {}", what.replace("{u}", u.as_str()), plan.room);
    }
}

/// Writes a room and its personas as community YAML.
pub async fn export(settings: &Settings, room: &str, out: Option<&Path>) -> anyhow::Result<()> {
    let store = Store::connect(&settings.database.url).await?;
    let yaml = export_room(&store, room).await?.to_yaml();
    match out {
        Some(path) => std::fs::write(path, yaml).with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{yaml}"),
    }
    Ok(())
}
