//! Who gets a provider's next free slot when calls wait for one: a person's
//! reply never waits behind chatter, and no room's chatter crowds out the
//! others'. The order: the highest tier first (`important`: replies to people
//! and big news, before `banter`); within a tier, the room with the fewest
//! calls in flight at that provider, then the room served least recently
//! (rooms take turns: a per-room fair share); then the call that has waited
//! longest.

use crate::budget::Tier;

/// A call waiting for a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting<'a> {
    pub tier: Tier,
    /// The room the text is for (none: outside any room).
    pub room: Option<&'a str>,
    /// Arrival order: lower waited longer.
    pub seq: u64,
}

/// A room's share of a provider at the moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Load {
    /// Its calls in flight.
    pub in_flight: usize,
    /// When it was last given a slot (a counter; 0: never).
    pub last_served: u64,
}

/// The index in `waiting` of the call to serve next, given each room's load
/// (none when nobody waits).
pub fn next(waiting: &[Waiting<'_>], load: impl Fn(Option<&str>) -> Load) -> Option<usize> {
    let rank = |w: &Waiting<'_>| {
        let l = load(w.room);
        (std::cmp::Reverse(w.tier), l.in_flight, l.last_served, w.seq)
    };
    waiting.iter().enumerate().min_by_key(|(_, w)| rank(w)).map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(tier: Tier, room: &str, seq: u64) -> Waiting<'_> {
        Waiting { tier, room: Some(room), seq }
    }

    #[test]
    fn a_reply_to_a_person_goes_before_any_chatter_that_waited_longer() {
        let queue = [w(Tier::Banter, "a", 1), w(Tier::Banter, "a", 2), w(Tier::Important, "b", 3)];
        assert_eq!(next(&queue, |_| Load::default()), Some(2));
    }

    #[test]
    fn within_a_tier_rooms_take_turns_then_the_oldest_goes_first() {
        let queue = [w(Tier::Banter, "busy", 1), w(Tier::Banter, "busy", 2), w(Tier::Banter, "quiet", 3)];
        let busy = |n: usize, last: u64| {
            move |r: Option<&str>| {
                if r == Some("busy") { Load { in_flight: n, last_served: last } } else { Load::default() }
            }
        };
        // More calls in flight, or served more recently: the quiet room goes first.
        assert_eq!(next(&queue, busy(3, 0)), Some(2));
        assert_eq!(next(&queue, busy(0, 9)), Some(2));
        assert_eq!(next(&queue, |_| Load::default()), Some(0));
        assert_eq!(next(&[], |_| Load::default()), None);
    }
}
