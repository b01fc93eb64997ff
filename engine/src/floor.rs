//! Floor control: when the room's clock fires, who speaks and what they reply
//! to. Mentioned and replied-to bots first, humans before bot chatter, no
//! back-to-back speaker when another is eligible, caps against dogpiles and
//! endless bot-to-bot threads. A person asking for personal advice or a
//! guarantee gets one bot's answer (a decline), not a chorus.

use crate::ids::{BotId, Millis};
use crate::persona::Persona;
use crate::text::fold;
use crate::transcript::{AuthorKind, Line, Transcript};
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Floor-control knobs (config `room.*`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FloorSettings {
    /// At most this many bots answer one human message (stops dogpiles).
    pub max_replies_per_human: u32,
    /// A bot-to-bot reply chain stops at this depth.
    pub max_bot_depth: u32,
    /// A human message older than this no longer asks for an answer.
    pub human_wait_ms: i64,
    /// Share of a bot's hourly limit it may spend on chatter; the rest is
    /// kept for answering people (a lone bot must not talk itself out of replies).
    #[serde(default = "default_chatter_share")]
    pub chatter_share: f64,
}

fn default_chatter_share() -> f64 {
    CHATTER_SHARE
}

impl Default for FloorSettings {
    fn default() -> Self {
        FloorSettings {
            max_replies_per_human: 2,
            max_bot_depth: 4,
            human_wait_ms: 5 * Millis::MINUTE,
            chatter_share: CHATTER_SHARE,
        }
    }
}

/// How much recent news about `symbols` concerns `persona`: 1 plus 1 for
/// each symbol it holds and 0.5 for each it follows.
pub fn exposure(persona: &Persona, symbols: &[&str]) -> f64 {
    1.0 + symbols
        .iter()
        .map(|s| {
            if persona.holding_of(s).is_some() {
                1.0
            } else if persona.cares_about(s) {
                0.5
            } else {
                0.0
            }
        })
        .sum::<f64>()
}

/// A room member as floor control sees it.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub persona: &'a Persona,
    /// The bot's own limiter and liveness allow it to speak now.
    pub ready: bool,
    /// The bot is in the room and may speak at all (running, not silenced),
    /// though perhaps not yet: a person who addressed it waits for it
    /// rather than being answered by another bot.
    pub present: bool,
    /// The bot may answer a person who addressed it now: its shorter
    /// answer gap ([`crate::limiter::ANSWER_GAP_MS`]) has passed, though its
    /// chatter gap may not have.
    pub answerable: bool,
    /// The bot is awake (active hours, in its own time zone).
    pub awake: bool,
    /// How much recent news concerns the bot (1 = none; more when a headline
    /// or a jump hits what it holds or follows).
    pub exposure: f64,
    /// The bot's mood arousal (0 calm … 1 excited): excited bots talk more.
    pub arousal: f64,
    /// Messages the bot sent in the last hour: chatter stops at
    /// [`CHATTER_SHARE`] of its hourly limit, keeping the rest for people.
    pub sent_last_hour: u32,
}

/// Default of `FloorSettings::chatter_share`.
pub const CHATTER_SHARE: f64 = 0.75;

impl Candidate<'_> {
    /// Whether the bot may still start chatter this hour.
    pub fn may_chatter(&self, share: f64) -> bool {
        f64::from(self.sent_last_hour) < share * f64::from(self.persona.per_hour)
    }
}

/// Why the floor was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Mentioned,
    HumanWaiting,
    Thread,
    Fresh,
}

/// The decision: who speaks, replying to which line.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    pub bot: BotId,
    pub reply_to: Option<i64>,
    pub reason: Reason,
}

/// Memory floor control keeps between decisions.
#[derive(Debug, Clone, Default)]
pub struct FloorState {
    pub last_speaker: Option<BotId>,
    /// Bot replies given (or promised) per human line.
    pub human_replies: HashMap<i64, Vec<BotId>>,
    /// Turns in a row that answered people: after [`ANSWER_STREAK`] the
    /// bots' own talk gets a turn, so a busy room of people does not
    /// silence the community.
    pub answers_in_a_row: u32,
}

/// Answers to people in a row after which the bots' own talk gets a turn
/// (unless a person is waiting for a bot they addressed).
pub const ANSWER_STREAK: u32 = 3;

impl FloorState {
    /// Rebuilds the state from stored history (a restarted room must not
    /// answer the same people again, nor let the last speaker go twice).
    pub fn from_transcript(transcript: &Transcript) -> Self {
        let mut state = FloorState::default();
        for line in transcript.iter().filter(|l| l.kind == AuthorKind::Bot) {
            let bot = BotId::parse(&line.author_id).ok();
            if let (Some(bot), Some(parent)) = (bot.clone(), line.reply_to.and_then(|id| transcript.get(id)))
                && parent.kind == AuthorKind::Human
            {
                state.human_replies.entry(parent.id).or_default().push(bot);
            }
            state.last_speaker = bot;
        }
        state
    }

    /// Records that `grant` was delivered.
    pub fn delivered(&mut self, grant: &Grant, transcript: &Transcript) {
        self.last_speaker = Some(grant.bot.clone());
        if let Some(line) = grant.reply_to.and_then(|id| transcript.get(id))
            && line.kind == AuthorKind::Human
        {
            self.human_replies.entry(line.id).or_default().push(grant.bot.clone());
            self.answers_in_a_row += 1;
        } else {
            self.answers_in_a_row = 0;
        }
        if self.human_replies.len() > 256 {
            let keep: Vec<i64> = transcript.iter().map(|l| l.id).collect();
            self.human_replies.retain(|k, _| keep.contains(k));
        }
    }
}

/// How strongly `line` addresses `persona`: 2 by reply or @username, 1 by
/// first name, 0 not at all.
pub fn address_strength(line: &Line, persona: &Persona, transcript: &Transcript) -> u8 {
    if line.reply_to.and_then(|id| transcript.get(id)).is_some_and(|p| p.author_id == persona.username.as_str()) {
        return 2;
    }
    if line.text.to_lowercase().contains(&format!("@{}", persona.username.as_str())) {
        return 2;
    }
    let folded = format!(" {} ", fold(&line.text));
    let first = fold(persona.name.split_whitespace().next().unwrap_or_default());
    u8::from(first.chars().count() >= 3 && folded.contains(&format!(" {first}")))
}

/// Whether `line` addresses `persona` by @username, by name, or by replying.
pub fn addresses(line: &Line, persona: &Persona, transcript: &Transcript) -> bool {
    address_strength(line, persona, transcript) > 0
}

/// Picks the next speaker, or `None` when nobody should speak now.
pub fn choose(
    members: &[Candidate<'_>],
    transcript: &Transcript,
    state: &FloorState,
    settings: &FloorSettings,
    now: Millis,
    rng: &mut impl Rng,
) -> Option<Grant> {
    let eligible: Vec<&Candidate<'_>> = members.iter().filter(|c| c.ready).collect();
    let answer = answer_human(members, &eligible, transcript, state, settings, now, rng);
    match answer {
        Answer::Grant(g) if g.reason == Reason::Mentioned => Some(g),
        // The person addressed a bot that must first wait out its own gap:
        // nobody else takes the floor meanwhile.
        Answer::Wait => None,
        Answer::Grant(g) if state.answers_in_a_row < ANSWER_STREAK => Some(g),
        Answer::Grant(g) => chatter(&eligible, transcript, state, settings, rng).or(Some(g)),
        Answer::Nobody => chatter(&eligible, transcript, state, settings, rng),
    }
}

/// What floor control does about people's messages.
enum Answer {
    Grant(Grant),
    /// A person addressed a bot that is not ready yet: hold the floor for it.
    Wait,
    Nobody,
}

fn answer_human(
    members: &[Candidate<'_>],
    eligible: &[&Candidate<'_>],
    transcript: &Transcript,
    state: &FloorState,
    settings: &FloorSettings,
    now: Millis,
    rng: &mut impl Rng,
) -> Answer {
    // The person who has waited longest first; a line nobody more should
    // answer (its addressee already did) does not hold up the next one.
    let waiting = transcript.iter().filter(|l| {
        l.kind == AuthorKind::Human
            && now.since(l.at) < settings.human_wait_ms
            && state.human_replies.get(&l.id).map_or(0, Vec::len) < reply_cap(l, settings)
    });
    for human in waiting {
        match answer_line(human, members, eligible, transcript, state, settings, now, rng) {
            Answer::Nobody => continue,
            answer => return answer,
        }
    }
    Answer::Nobody
}

#[expect(clippy::too_many_arguments, reason = "the floor's inputs, passed through from answer_human")]
fn answer_line(
    human: &Line,
    members: &[Candidate<'_>],
    eligible: &[&Candidate<'_>],
    transcript: &Transcript,
    state: &FloorState,
    settings: &FloorSettings,
    now: Millis,
    rng: &mut impl Rng,
) -> Answer {
    let answered = state.human_replies.get(&human.id).cloned().unwrap_or_default();
    // The bot the person addressed answers, also when it spoke a moment ago.
    let addressed = members
        .iter()
        .filter(|c| c.present && !answered.contains(&c.persona.username))
        .max_by_key(|c| address_strength(human, c.persona, transcript))
        .filter(|c| addresses(human, c.persona, transcript));
    match addressed {
        Some(c) if c.answerable => {
            let bot = c.persona.username.clone();
            return Answer::Grant(Grant { bot, reply_to: Some(human.id), reason: Reason::Mentioned });
        }
        // Not for long: past half the wait, another bot answers instead.
        Some(_) if now.since(human.at) < settings.human_wait_ms / 2 => return Answer::Wait,
        _ => {}
    }
    // A human who addressed one bot by name gets that bot, not a crowd.
    let addressed_someone = members.iter().any(|c| addresses(human, c.persona, transcript))
        || !answered.is_empty() && human.reply_to.is_some();
    if addressed_someone && !answered.is_empty() {
        return Answer::Nobody;
    }
    let fresh: Vec<&&Candidate<'_>> = eligible.iter().filter(|c| !answered.contains(&c.persona.username)).collect();
    let words = fold(&human.text);
    let worried = crate::fallback::worried(&human.text);
    let pick = weighted(&fresh, state, rng, |c| {
        let relevant = c
            .persona
            .watchlist
            .iter()
            .chain(c.persona.holdings.iter().map(|h| &h.symbol))
            .any(|s| words.contains(&fold(s)));
        let relevance = if relevant { RELEVANCE_BOOST } else { 1.0 };
        let hours = if c.awake { 1.0 } else { ASLEEP_FACTOR };
        // A scared person is comforted by the warm more often than by the cold.
        let care = if worried { crate::mood::empathy::empathy(c.persona) } else { 1.0 };
        relevance * (ANSWER_BASE + c.persona.talkativeness) * hours * care
    });
    match pick {
        Some(c) => {
            let bot = c.persona.username.clone();
            Answer::Grant(Grant { bot, reply_to: Some(human.id), reason: Reason::HumanWaiting })
        }
        None => Answer::Nobody,
    }
}

/// Bot answers a person's line gets: one for an advice or guarantee
/// request (a single decline) or an injection attempt (a single refusal;
/// every later bot would stay silent, and a silent turn is no answer, so
/// the line would be offered round the room again and again), else
/// `max_replies_per_human`.
fn reply_cap(line: &Line, settings: &FloorSettings) -> usize {
    if crate::guard::advice::is_advice_request(&line.text).is_some()
        || crate::guard::injection::detect(&line.text).is_some()
    {
        1
    } else {
        settings.max_replies_per_human as usize
    }
}

// Weights of the floor's choices: the room's character (the floor tests and
// the simulations were tuned with these).

/// A bot whose watchlist or holdings a person's message names is this much
/// likelier to answer it.
const RELEVANCE_BOOST: f64 = 3.0;
/// Added to talkativeness when answering a person, so a quiet bot may answer too.
const ANSWER_BASE: f64 = 0.3;
/// A bot outside its active hours answers a person this much less often.
const ASLEEP_FACTOR: f64 = 0.3;
/// Added to talkativeness for chatter.
const CHATTER_BASE: f64 = 0.2;
/// Chatter weight of a calm bot; an agitated one gets up to `CALM_FACTOR + AROUSAL_SPAN`.
const CALM_FACTOR: f64 = 0.75;
const AROUSAL_SPAN: f64 = 0.5;
/// Chance that a chatter turn answers the last bot line although it asked
/// nothing and named no one (a thread rather than a fresh remark).
const THREAD_CHANCE: f64 = 0.45;

fn chatter(
    eligible: &[&Candidate<'_>],
    transcript: &Transcript,
    state: &FloorState,
    settings: &FloorSettings,
    rng: &mut impl Rng,
) -> Option<Grant> {
    let chatty: Vec<&&Candidate<'_>> = eligible.iter().filter(|c| c.may_chatter(settings.chatter_share)).collect();
    let mut pool: Vec<&&Candidate<'_>> = chatty.iter().copied().filter(|c| c.awake).collect();
    if pool.is_empty() {
        // Nobody's usual hours: the night owls among everyone still talk, so
        // a room opened at any hour is alive (pacing decides how much).
        pool = chatty;
    }
    let pick = weighted(&pool, state, rng, |c| {
        let arousal = CALM_FACTOR + AROUSAL_SPAN * c.arousal.clamp(0.0, 1.0);
        (CHATTER_BASE + c.persona.talkativeness) * c.exposure.max(1.0) * arousal
    })?;
    let last = transcript.last();
    let reply_to = last
        .filter(|l| l.author_id != pick.persona.username.as_str())
        .filter(|l| l.kind == AuthorKind::Bot && l.bot_depth < settings.max_bot_depth)
        .filter(|l| !asks_a_person(l, transcript))
        .filter(|l| l.text.contains('?') || addresses(l, pick.persona, transcript) || rng.random_bool(THREAD_CHANCE))
        .map(|l| l.id);
    let reason = if reply_to.is_some() { Reason::Thread } else { Reason::Fresh };
    Some(Grant { bot: pick.persona.username.clone(), reply_to, reason })
}

/// Whether a bot's line answers a person and asks something: the question
/// ("Ne zamandır takip ediyorsunuz?") is the person's to answer, not
/// another bot's.
fn asks_a_person(line: &Line, transcript: &Transcript) -> bool {
    line.text.contains('?')
        && line.reply_to.and_then(|id| transcript.get(id)).is_some_and(|p| p.kind == AuthorKind::Human)
}

/// Weighted random choice that avoids the last speaker when anyone else is available.
fn weighted<'c, 'p>(
    pool: &[&'c &'c Candidate<'p>],
    state: &FloorState,
    rng: &mut impl Rng,
    weight: impl Fn(&Candidate<'p>) -> f64,
) -> Option<&'c Candidate<'p>> {
    let others: Vec<&&Candidate<'p>> =
        pool.iter().copied().filter(|c| Some(&c.persona.username) != state.last_speaker.as_ref()).collect();
    let pool: Vec<&&Candidate<'p>> = if others.is_empty() { pool.to_vec() } else { others };
    let total: f64 = pool.iter().map(|c| weight(c).max(0.0)).sum();
    if pool.is_empty() || total <= 0.0 {
        return None;
    }
    let mut x = rng.random::<f64>() * total;
    for c in &pool {
        x -= weight(c).max(0.0);
        if x <= 0.0 {
            return Some(c);
        }
    }
    pool.last().map(|c| **c)
}

#[cfg(test)]
mod tests;
