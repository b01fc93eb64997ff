//! Workers mode: spend shared between the workers through Redis, so the
//! budgets hold for the community and not once per process, and survive a
//! restart. The meter keeps what this worker spent since its last push
//! ([`Unshared`]); the ownership loop pushes it and reads the totals back
//! (`crate::workers::spend`) about every second. Between two pushes a
//! budget check counts the totals last read plus what is not pushed yet.

use super::{Meter, istanbul_day};
use engine::budget::Spend;
use engine::ids::Millis;
use std::collections::{BTreeMap, HashMap};

/// Spend not yet added to the community's totals: per minute, and per room and day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unshared {
    pub minutes: BTreeMap<i64, Spend>,
    pub rooms: BTreeMap<(String, i64), Spend>,
}

impl Unshared {
    pub(super) fn add(&mut self, room: Option<&str>, at: Millis, tokens: u64, usd: f64) {
        self.minutes.entry(at.0.div_euclid(Millis::MINUTE)).or_default().add(tokens, usd);
        if let Some(room) = room {
            self.rooms.entry((room.to_string(), istanbul_day(at))).or_default().add(tokens, usd);
        }
    }

    fn merge(&mut self, other: Unshared) {
        for (m, s) in other.minutes {
            self.minutes.entry(m).or_default().add(s.tokens, s.usd);
        }
        for (k, s) in other.rooms {
            self.rooms.entry(k).or_default().add(s.tokens, s.usd);
        }
    }
}

/// The community's totals as last read.
#[derive(Debug, Clone, Default)]
pub(super) struct Shared {
    /// Every worker's spend in the last hour, read at minute `minute`.
    hour: Spend,
    minute: i64,
    /// Each room's spend on Istanbul day `day`.
    rooms: HashMap<String, (i64, Spend)>,
}

impl Meter {
    /// Workers mode: from now on the budgets count the community's spend
    /// (pushed and read with [`Meter::take_unshared`] and [`Meter::set_shared`]).
    pub fn share(&self) {
        let mut s = self.lock();
        if s.shared.is_none() {
            s.shared = Some(Shared::default());
        }
    }

    /// What this worker spent since the last push (the meter forgets it:
    /// give it back with [`Meter::unshare_failed`] if the push fails).
    pub fn take_unshared(&self) -> Unshared {
        std::mem::take(&mut self.lock().unshared)
    }

    /// A push failed: its spend waits for the next one.
    pub fn unshare_failed(&self, u: Unshared) {
        self.lock().unshared.merge(u);
    }

    /// The community's totals as just read: the last hour's spend (as of
    /// minute `minute`) and each listed room's spend on `day`.
    pub fn set_shared(&self, minute: i64, hour: Spend, day: i64, rooms: Vec<(String, Spend)>) {
        let rooms = rooms.into_iter().map(|(r, s)| (r, (day, s))).collect();
        self.lock().shared = Some(Shared { hour, minute, rooms });
    }

    /// The spend a budget checks in workers mode: the totals last read plus
    /// what is not pushed yet (none when the meter is not shared).
    pub(super) fn shared_spend(&self, room: &str, at: Millis) -> Option<(Spend, Spend)> {
        let s = self.lock();
        let shared = s.shared.as_ref()?;
        let (minute, day) = (at.0.div_euclid(Millis::MINUTE), istanbul_day(at));
        let mut hour = if minute - shared.minute < 60 { shared.hour } else { Spend::default() };
        for (_, sp) in s.unshared.minutes.range(minute - 59..=minute) {
            hour.add(sp.tokens, sp.usd);
        }
        let mut today = match shared.rooms.get(room) {
            Some((d, sp)) if *d == day => *sp,
            _ => Spend::default(),
        };
        if let Some(sp) = s.unshared.rooms.get(&(room.to_string(), day)) {
            today.add(sp.tokens, sp.usd);
        }
        Some((today, hour))
    }
}
