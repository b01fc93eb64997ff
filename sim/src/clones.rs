//! Communities for simulations and benchmarks, cloned from the bundled personas.

use anyhow::Context as _;
use engine::community::{Community as CommunityFile, RoomSpec};
use engine::ids::{BotId, RoomId};
use web::settings::BUNDLED_COMMUNITY;

/// The bundled personas cloned round-robin into `bots` bots with unique
/// usernames (`name_N`), dealt round-robin into `rooms` rooms named
/// `{slug}-N` / `{title} N` (simulations and benchmarks).
pub fn bundled_clones(bots: usize, rooms: usize, slug: &str, title: &str) -> anyhow::Result<Vec<CommunityFile>> {
    let bundled = CommunityFile::from_yaml(BUNDLED_COMMUNITY).context("the bundled community")?;
    let mut out: Vec<CommunityFile> = (1..=rooms)
        .map(|r| {
            let slug = RoomId::parse(&format!("{slug}-{r}"))?;
            let room = RoomSpec { slug, name: format!("{title} {r}"), topic: bundled.room.topic.clone(), prices: None };
            Ok(CommunityFile { room, personas: Vec::new() })
        })
        .collect::<anyhow::Result<_>>()?;
    for i in 0..bots {
        let mut p = bundled.personas[i % bundled.personas.len()].clone();
        let suffix = format!("_{}", i + 1);
        let base: String = p.username.as_str().chars().take(32 - suffix.len()).collect();
        p.username = BotId::parse(&format!("{base}{suffix}"))?;
        p.name = format!("{} {}", p.name, i + 1);
        out[i % rooms].personas.push(p);
    }
    Ok(out)
}
