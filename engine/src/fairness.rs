//! Who gets a provider's next free slot when calls wait for one: a person's
//! reply never waits behind chatter, and no room's chatter crowds out the
//! others'. The order: the highest tier first (`important`: replies to people
//! and big news, before `banter`); within a tier, the room with the fewest
//! calls in flight at that provider, then the room served least recently
//! (rooms take turns: a per-room fair share); then the call that has waited
//! longest.

use crate::budget::Tier;

/// A room's share of a provider at the moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Load {
    /// Its calls in flight.
    pub in_flight: usize,
    /// When it was last given a slot (a counter; 0: never).
    pub last_served: u64,
}

/// A call waiting for a slot, with its room's load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    pub tier: Tier,
    pub load: Load,
    /// Arrival order: lower waited longer.
    pub seq: u64,
}

/// The index in `waiting` of the call to serve next (none when nobody waits).
pub fn next(waiting: impl IntoIterator<Item = Waiting>) -> Option<usize> {
    let rank = |w: &Waiting| (std::cmp::Reverse(w.tier), w.load.in_flight, w.load.last_served, w.seq);
    waiting.into_iter().enumerate().min_by_key(|(_, w)| rank(w)).map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A queue of (tier, room, seq), each room's load from `load`.
    fn queue(calls: &[(Tier, &str, u64)], load: impl Fn(&str) -> Load) -> Vec<Waiting> {
        calls.iter().map(|&(tier, room, seq)| Waiting { tier, load: load(room), seq }).collect()
    }

    #[test]
    fn a_reply_to_a_person_goes_before_any_chatter_that_waited_longer() {
        let calls = [(Tier::Banter, "a", 1), (Tier::Banter, "a", 2), (Tier::Important, "b", 3)];
        assert_eq!(next(queue(&calls, |_| Load::default())), Some(2));
    }

    #[test]
    fn within_a_tier_rooms_take_turns_then_the_oldest_goes_first() {
        let calls = [(Tier::Banter, "busy", 1), (Tier::Banter, "busy", 2), (Tier::Banter, "quiet", 3)];
        let busy = |n: usize, last: u64| {
            move |r: &str| if r == "busy" { Load { in_flight: n, last_served: last } } else { Load::default() }
        };
        // More calls in flight, or served more recently: the quiet room goes first.
        assert_eq!(next(queue(&calls, busy(3, 0))), Some(2));
        assert_eq!(next(queue(&calls, busy(0, 9))), Some(2));
        assert_eq!(next(queue(&calls, |_| Load::default())), Some(0));
        assert_eq!(next(Vec::new()), None);
    }
}
