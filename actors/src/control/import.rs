//! Importing personas with a preview, and exporting a room. [`preview`]
//! parses a persona file and compares it with the store
//! (`engine::control::plan_import`); [`apply`] writes exactly that preview,
//! or nothing when the store changed since (the plan's fingerprint). Both
//! work on a store alone (the CLI); `Community`'s methods also bring the
//! running rooms and bots along.

use super::ControlError;
use crate::Community;
use engine::community::{CommunityError, PersonaFormat, RoomSpec, parse_persona_file};
use engine::control::{ImportPlan, plan_import};
use engine::ids::RoomId;
use schema::{PersonaImport, Store};

/// A persona file to import.
#[derive(Debug, Clone, Copy)]
pub struct ImportRequest<'a> {
    pub text: &'a str,
    pub format: PersonaFormat,
    /// The room to import into; none: the room a community file names.
    pub room: Option<&'a str>,
    /// Members of the room that the file does not name leave it (else they
    /// are left alone).
    pub remove_missing: bool,
}

fn file_error(e: CommunityError) -> ControlError {
    match e {
        CommunityError::Persona(p) => ControlError::invalid(format!("{}.{}", p.who, p.field), p.problem),
        CommunityError::Duplicate(u) => ControlError::invalid("username", format!("'{u}' appears twice in the file")),
        other => ControlError::invalid("file", other.to_string()),
    }
}

/// Parses the file and compares it with the store; writes nothing (a room
/// that is not stored yet has no members). Refuses a file that does not
/// parse or holds an invalid persona (the persona and field named), and no
/// room to import into.
pub async fn preview(store: &Store, req: &ImportRequest<'_>) -> Result<ImportPlan, ControlError> {
    let file = parse_persona_file(req.text, req.format).map_err(file_error)?;
    let room = match (req.room, &file.room) {
        (Some(r), _) => RoomId::parse(r).map_err(|e| ControlError::invalid("room", e.to_string()))?,
        (None, Some(RoomSpec { slug, .. })) => slug.clone(),
        (None, None) => return Err(ControlError::invalid("room", "name the room to import into")),
    };
    let stored = store.stored_bots(room.as_str()).await?;
    Ok(plan_import(&file.personas, &file.notes, &room, &stored, req.remove_missing))
}

/// Writes the import previewed with `fingerprint`: exactly that preview, in
/// one transaction, or nothing (`Conflict`) when the store changed since.
/// Refuses what [`preview`] refuses, and a room that is not stored.
pub async fn apply(
    store: &Store,
    marker: &str,
    req: &ImportRequest<'_>,
    fingerprint: &str,
    now_ms: i64,
) -> Result<ImportPlan, ControlError> {
    let plan = preview(store, req).await?;
    if store.room(plan.room.as_str()).await?.is_none() {
        return Err(ControlError::room(plan.room.as_str()));
    }
    if plan.fingerprint != fingerprint {
        return Err(ControlError::Conflict(
            "the stored personas or the room's members changed since the preview; preview again".into(),
        ));
    }
    let named = |p: &engine::persona::Persona| (p.clone(), p.display_name(marker));
    let write = PersonaImport {
        room: plan.room.clone(),
        create: plan.added.iter().map(named).collect(),
        update: plan.changed.iter().map(|c| named(&c.persona)).collect(),
        join: plan
            .added
            .iter()
            .map(|p| p.username.to_string())
            .chain(plan.joining.iter().map(|b| b.to_string()))
            .collect(),
        leave: if plan.remove_missing { plan.not_in_file.iter().map(|b| b.to_string()).collect() } else { Vec::new() },
        fingerprint: plan.fingerprint.clone(),
    };
    store.apply_persona_import(&write, now_ms).await?;
    Ok(plan)
}

/// A room and its members' personas, as a community file holds them.
/// Refuses an unknown room.
pub async fn export(store: &Store, room: &str) -> Result<engine::community::Community, ControlError> {
    let row = store.room(room).await?.ok_or_else(|| ControlError::room(room))?;
    let mut personas = Vec::new();
    for m in store.members(room).await? {
        if let Some(b) = store.bot(&m.bot_id).await? {
            personas.push(b.persona()?);
        }
    }
    let slug = RoomId::parse(&row.id).map_err(|e| ControlError::Internal(format!("stored room id: {e}")))?;
    Ok(engine::community::Community {
        room: RoomSpec { slug, name: row.name, topic: row.topic, prices: Some(row.prices) },
        personas,
    })
}

impl Community {
    /// What importing a persona file would do (see [`preview`]); writes nothing.
    pub async fn preview_import(&self, req: &ImportRequest<'_>) -> Result<ImportPlan, ControlError> {
        preview(&self.store, req).await
    }

    /// Applies the previewed import (see [`apply`]), then brings the
    /// running room along: edited personas reach their bots, new members
    /// start, removed ones stop. Refuses what `preview` refuses, and a store
    /// that changed since the preview (`Conflict`).
    pub async fn apply_import(&self, req: &ImportRequest<'_>, fingerprint: &str) -> Result<ImportPlan, ControlError> {
        let _one = self.changes.lock().await;
        let plan = apply(&self.store, &self.marker, req, fingerprint, self.clock.now().0).await?;
        for c in &plan.changed {
            let display = c.persona.display_name(&self.marker);
            for room in self.rooms.all() {
                room.persona_changed(c.persona.clone(), display.clone()).await?;
            }
        }
        if let Some(room) = self.rooms.get(plan.room.as_str()) {
            for bot in plan.added.iter().map(|p| &p.username).chain(&plan.joining) {
                room.add_member(bot.as_str()).await?;
            }
            if plan.remove_missing {
                for bot in &plan.not_in_file {
                    room.remove_member(bot.as_str()).await?;
                }
            }
        }
        tracing::info!(room = %plan.room, added = plan.added.len(), changed = plan.changed.len(), "personas imported");
        Ok(plan)
    }

    /// A room and its members' personas as a community file (see [`export`]).
    pub async fn export_room(&self, room: &str) -> Result<engine::community::Community, ControlError> {
        export(&self.store, room).await
    }
}
