//! Writing a previewed persona import: every row in one transaction, after
//! checking that the stored personas and the room's members are still what
//! the preview was computed from (`engine::control::store_fingerprint`).

use super::bot::{BotRow, new_row};
use super::member::MemberRow;
use crate::schema::{bots, room_members};
use crate::store::WriteFirst;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use engine::control::{StoredBot, store_fingerprint};
use engine::ids::RoomId;
use engine::persona::Persona;

/// What an import writes.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonaImport {
    pub room: RoomId,
    /// New personas with their display names.
    pub create: Vec<(Persona, String)>,
    /// Stored personas replaced, with their display names.
    pub update: Vec<(Persona, String)>,
    /// Bots that join the room (a left membership becomes active again).
    pub join: Vec<String>,
    /// Bots that leave the room.
    pub leave: Vec<String>,
    /// The fingerprint the preview was computed from.
    pub fingerprint: String,
}

/// Why a left membership is inactive.
pub const LEFT_BY_IMPORT: &str = "left (import)";

fn stored(rows: Vec<BotRow>, members: &[MemberRow]) -> Result<Vec<StoredBot>, StoreError> {
    rows.into_iter()
        .map(|r| {
            let member = members.iter().any(|m| m.bot_id == r.id && m.active);
            Ok(StoredBot { persona: r.persona()?, member })
        })
        .collect()
}

impl Store {
    /// Every stored bot as an import plan sees it, `member` for `room`.
    pub async fn stored_bots(&self, room: &str) -> Result<Vec<StoredBot>, StoreError> {
        let rows = self.bots().await?;
        let members = self.members(room).await?;
        stored(rows, &members)
    }

    /// Writes the import, or nothing: `StoreError::Conflict` when the stored
    /// state no longer matches `w.fingerprint`.
    pub async fn apply_persona_import(&self, w: &PersonaImport, now_ms: i64) -> Result<(), StoreError> {
        let room = w.room.as_str();
        with_conn!(self, |c| c
            .transaction::<_, StoreError, _>(async |c| {
                c.write_first().await?;
                let rows = bots::table.order(bots::id.asc()).select(BotRow::as_select()).load(c).await?;
                let members = room_members::table
                    .filter(room_members::room_id.eq(room))
                    .select(MemberRow::as_select())
                    .load(c)
                    .await?;
                if store_fingerprint(&w.room, &stored(rows, &members)?) != w.fingerprint {
                    return Err(StoreError::Conflict(
                        "the stored personas or the room's members changed since the preview; preview again".into(),
                    ));
                }
                for (p, display) in &w.create {
                    diesel::insert_into(bots::table).values(new_row(p, display, now_ms)).execute(c).await?;
                }
                for (p, display) in &w.update {
                    // unwrap: a persona is plain data and always serialises.
                    let json = serde_json::to_string(p).unwrap();
                    diesel::update(bots::table.find(p.username.as_str()))
                        .set((bots::persona.eq(json), bots::display_name.eq(display), bots::updated_at.eq(now_ms)))
                        .execute(c)
                        .await?;
                }
                for bot in &w.join {
                    let row = MemberRow { room_id: room.into(), bot_id: bot.clone(), active: true, reason: None };
                    diesel::insert_into(room_members::table)
                        .values(&row)
                        .on_conflict((room_members::room_id, room_members::bot_id))
                        .do_update()
                        .set((room_members::active.eq(true), room_members::reason.eq(None::<String>)))
                        .execute(c)
                        .await?;
                }
                for bot in &w.leave {
                    diesel::update(room_members::table.find((room, bot.as_str())))
                        .set((room_members::active.eq(false), room_members::reason.eq(Some(LEFT_BY_IMPORT))))
                        .execute(c)
                        .await?;
                }
                Ok(())
            })
            .await)
    }
}
