//! `person_names`: which person (a random id held in a signed cookie) owns
//! a display name in a room. A claim lapses when unused for the TTL.

use crate::schema::person_names as names;
use crate::{Store, StoreError, with_conn};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

/// The outcome of a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The name is this person's (now or already).
    Owned,
    /// Another person holds it.
    Taken,
}

impl Store {
    /// Claims `name_key` in `room` for `person`, unless another person used
    /// it since `stale_before_ms`. The person's other name in the room is released.
    pub async fn claim_name(
        &self,
        room: &str,
        name_key: &str,
        person: &str,
        now_ms: i64,
        stale_before_ms: i64,
    ) -> Result<Claim, StoreError> {
        let held: Option<(String, i64)> = with_conn!(self, |c| names::table
            .find((room, name_key))
            .select((names::person_id, names::last_seen_at))
            .first(c)
            .await
            .optional())?;
        match held {
            Some((owner, seen)) if owner != person && seen >= stale_before_ms => return Ok(Claim::Taken),
            Some((owner, _)) => {
                let fresh = owner != person;
                with_conn!(self, |c| {
                    let target = names::table.find((room, name_key)).filter(names::person_id.eq(&owner));
                    if fresh {
                        diesel::update(target)
                            .set((
                                names::person_id.eq(person),
                                names::claimed_at.eq(now_ms),
                                names::last_seen_at.eq(now_ms),
                            ))
                            .execute(c)
                            .await?;
                    } else {
                        diesel::update(target).set(names::last_seen_at.eq(now_ms)).execute(c).await?;
                    }
                    Ok::<_, StoreError>(())
                })?;
            }
            None => {
                let row = (
                    names::room_id.eq(room),
                    names::name_key.eq(name_key),
                    names::person_id.eq(person),
                    names::claimed_at.eq(now_ms),
                    names::last_seen_at.eq(now_ms),
                );
                let inserted = with_conn!(self, |c| diesel::insert_into(names::table).values(row).execute(c).await);
                match inserted.map_err(StoreError::from) {
                    Ok(_) => {}
                    // Someone claimed it between the read and the write.
                    Err(e) if e.is_unique_violation() => return Ok(Claim::Taken),
                    Err(e) => return Err(e),
                }
            }
        }
        with_conn!(self, |c| {
            diesel::delete(
                names::table
                    .filter(names::room_id.eq(room))
                    .filter(names::person_id.eq(person))
                    .filter(names::name_key.ne(name_key)),
            )
            .execute(c)
            .await?;
            Ok(Claim::Owned)
        })
    }
}
