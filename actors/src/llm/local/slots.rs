//! Which KV-cache sequence a prompt goes to. The embedded model keeps one
//! context for the life of the process, holding up to [`SLOTS`] prompts at
//! once (one sequence each, in one shared cache of [`N_CTX`] cells). A new
//! prompt goes to the sequence that already holds the longest prefix of it, so
//! only the new part is read: a bot's system part and the stable top of its
//! user part stay in the cache between its turns. Pure bookkeeping, tested
//! without the model.

/// Sequences kept: a room's whole cast (the default room has fifteen bots),
/// so a bot finds its own prefix again however the turns go round.
pub const SLOTS: usize = 16;
/// Cells of the shared cache (every sequence together): about 500 prompt
/// tokens a bot. At 28 KiB a cell for the default model, 224 MiB; a
/// sequence's reply attends to its own cells only (the rest are masked out).
pub const N_CTX: usize = 8192;
/// A shared prefix shorter than this (the chat template's first tokens) does
/// not make a sequence the best place: an empty or least-used one is taken.
const MIN_SHARED: usize = 16;

/// What to do with the cache before reading a prompt.
#[derive(Debug, PartialEq, Eq)]
pub struct Plan {
    /// The sequence the prompt goes to.
    pub seq: usize,
    /// Tokens of the prompt already in that sequence: read from `keep` on.
    pub keep: usize,
    /// Other sequences to empty first, so the prompt and its reply fit.
    pub evict: Vec<usize>,
}

#[derive(Default, Clone)]
struct Slot {
    tokens: Vec<i32>,
    used: u64,
}

/// What each sequence holds.
pub struct Slots {
    slots: Vec<Slot>,
    capacity: usize,
    tick: u64,
}

fn shared(a: &[i32], b: &[i32]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

impl Slots {
    pub fn new(slots: usize, capacity: usize) -> Self {
        Slots { slots: vec![Slot::default(); slots], capacity, tick: 0 }
    }

    /// Where `prompt` goes, keeping `reserve` cells free for the reply. The
    /// last prompt token is always read again (its logits start the reply).
    pub fn plan(&mut self, prompt: &[i32], reserve: usize) -> Plan {
        let best = (0..self.slots.len())
            .map(|i| (shared(&self.slots[i].tokens, prompt), i))
            .max_by_key(|&(n, i)| (n, std::cmp::Reverse(i)))
            .filter(|&(n, _)| n >= MIN_SHARED);
        let (keep, seq) = best.unwrap_or_else(|| {
            // An empty sequence, else the least recently used.
            let i = (0..self.slots.len()).min_by_key(|&i| (!self.slots[i].tokens.is_empty(), self.slots[i].used));
            (0, i.unwrap_or(0))
        });
        let keep = keep.min(prompt.len().saturating_sub(1));
        self.slots[seq].tokens.truncate(keep);
        let mut evict = Vec::new();
        let need = prompt.len() - keep + reserve;
        while self.held() + need > self.capacity {
            let lru = (0..self.slots.len())
                .filter(|&i| i != seq && !self.slots[i].tokens.is_empty())
                .min_by_key(|&i| self.slots[i].used);
            let Some(i) = lru else { break };
            self.slots[i].tokens.clear();
            evict.push(i);
        }
        Plan { seq, keep, evict }
    }

    /// The sequence now holds exactly `prompt` (the reply was removed).
    pub fn commit(&mut self, seq: usize, prompt: Vec<i32>) {
        self.tick += 1;
        self.slots[seq] = Slot { tokens: prompt, used: self.tick };
    }

    /// The sequence's content is unknown (a failed read): it holds nothing.
    pub fn forget(&mut self, seq: usize) {
        self.slots[seq].tokens.clear();
    }

    /// Cells held by every sequence together.
    fn held(&self) -> usize {
        self.slots.iter().map(|s| s.tokens.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prompt(system: i32, user: &[i32]) -> Vec<i32> {
        let mut p: Vec<i32> = (0..40).map(|t| system * 1000 + t).collect();
        p.extend(user);
        p
    }

    #[test]
    fn a_bots_next_turn_reads_only_what_changed_since_its_last() {
        let mut s = Slots::new(4, 4096);
        let first = prompt(1, &[1, 2, 3]);
        let p = s.plan(&first, 48);
        assert_eq!((p.keep, p.evict.len()), (0, 0));
        s.commit(p.seq, first);
        let other = prompt(2, &[1, 2, 3]);
        let q = s.plan(&other, 48);
        assert_ne!(q.seq, p.seq, "another bot's prompt takes another sequence");
        s.commit(q.seq, other);
        let again = prompt(1, &[1, 9, 9, 9]);
        let r = s.plan(&again, 48);
        assert_eq!((r.seq, r.keep), (p.seq, 41), "the system part and the common top are kept");
    }

    #[test]
    fn the_same_prompt_twice_reads_its_last_token_again() {
        let mut s = Slots::new(2, 4096);
        let a = prompt(1, &[5, 6]);
        let p = s.plan(&a, 48);
        s.commit(p.seq, a.clone());
        assert_eq!(s.plan(&a, 48).keep, a.len() - 1);
    }

    #[test]
    fn with_every_sequence_taken_the_least_recently_used_is_reused() {
        let mut s = Slots::new(2, 4096);
        for bot in [1, 2, 1] {
            let a = prompt(bot, &[]);
            let p = s.plan(&a, 48);
            s.commit(p.seq, a);
        }
        let third = s.plan(&prompt(3, &[]), 48);
        let two = s.plan(&prompt(2, &[]), 48);
        assert_eq!(third.keep, 0);
        assert_eq!(two.keep, 0, "bot 2 was the least recently used and made room for bot 3");
    }

    #[test]
    fn a_prompt_that_does_not_fit_empties_the_least_recently_used_sequences() {
        let mut s = Slots::new(4, 200);
        for bot in 1..=3 {
            let a = prompt(bot, &[]);
            let p = s.plan(&a, 8);
            s.commit(p.seq, a);
        }
        // 120 cells held; 80 more plus 8 for the reply leave 200 behind.
        let big: Vec<i32> = (0..80).map(|t| 9000 + t).collect();
        let p = s.plan(&big, 8);
        assert_eq!(p.evict.len(), 1, "one sequence is emptied: {p:?}");
        s.commit(p.seq, big);
        let first = s.plan(&prompt(1, &[]), 8);
        assert_eq!(first.keep, 0, "the least recently used (bot 1) went");
    }
}
