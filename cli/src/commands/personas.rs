//! `piyasa personas import|export`.

use anyhow::{Context as _, bail};
use engine::community::{Community, PersonaFormat, RoomSpec, parse_persona_file};
use engine::ids::RoomId;
use schema::{RoomRow, Store};
use std::path::Path;
use web::settings::Settings;

/// The room imported personas join when neither the file nor `--room` names one.
const DEFAULT_ROOM: &str = "piyasa-sohbet";

fn now_ms() -> i64 {
    actors::clock::Clock::system().now().0
}

/// Parses a persona file and writes it to the store. Nothing is written
/// unless the whole file is valid.
pub async fn import(
    settings: &Settings,
    file: &Path,
    format: PersonaFormat,
    room: Option<String>,
) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let parsed = parse_persona_file(&text, format).with_context(|| format!("{}", file.display()))?;
    let room_spec = match (room, parsed.room) {
        (Some(slug), _) => {
            RoomSpec { slug: RoomId::parse(&slug)?, name: slug.clone(), topic: String::new(), prices: None }
        }
        (None, Some(r)) => r,
        (None, None) => {
            let name = "Piyasa Sohbet".into();
            RoomSpec { slug: RoomId::parse(DEFAULT_ROOM)?, name, topic: String::new(), prices: None }
        }
    };
    let store = Store::connect(&settings.database.url).await?;
    if store.room(room_spec.slug.as_str()).await?.is_none() {
        store
            .upsert_room(&RoomRow {
                id: room_spec.slug.to_string(),
                name: room_spec.name.clone(),
                topic: room_spec.topic.clone(),
                created_at: now_ms(),
                prices: room_spec.prices.unwrap_or_default(),
            })
            .await?;
    }
    let community = Community { room: room_spec, personas: parsed.personas };
    actors::Community::import_personas(&store, &community, &settings.ai_marker, now_ms()).await?;
    for n in &parsed.notes {
        eprintln!("note: {n}");
    }
    println!("imported {} personas into room {}", community.personas.len(), community.room.slug);
    Ok(())
}

/// Writes a room and its personas as community YAML.
pub async fn export(settings: &Settings, room: &str, out: Option<&Path>) -> anyhow::Result<()> {
    let store = Store::connect(&settings.database.url).await?;
    let Some(row) = store.room(room).await? else { bail!("no room '{room}' in the store") };
    let mut personas = Vec::new();
    for m in store.members(room).await? {
        if let Some(b) = store.bot(&m.bot_id).await? {
            personas.push(b.persona()?);
        }
    }
    let spec = RoomSpec { slug: RoomId::parse(&row.id)?, name: row.name, topic: row.topic, prices: Some(row.prices) };
    let c = Community { room: spec, personas };
    let yaml = c.to_yaml();
    match out {
        Some(path) => std::fs::write(path, yaml).with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{yaml}"),
    }
    Ok(())
}
