//! The turn cycle of a room: a tick gives the floor, the bot drafts, the
//! room waits a read delay and shows "typing", then persists and delivers.
//! One turn at a time; a person's message preempts a bot turn that has not
//! started typing.
//!
//! - `deliver`: the draft stored, then shown.

use super::{ChatRoomActor, Member};
use crate::bot::{BotLink, Draft, GrantFloor, TurnResult};
use crate::events::{AuthorView, RoomEvent, TypingView};
use actix::prelude::*;
use engine::floor::{self, Candidate, Grant};
use engine::ids::Millis;
use engine::pacing;
use engine::transcript::{AuthorKind, Line};
use std::time::Duration;

mod deliver;

/// How a turn ended, as its span records it.
fn outcome_of(res: &Result<TurnResult, MailboxError>) -> &'static str {
    match res {
        Ok(TurnResult::Draft(_)) => "drafted",
        Ok(TurnResult::Declined { .. }) => "declined",
        Ok(TurnResult::Silent { .. }) => "silent",
        Err(MailboxError::Timeout) => "timeout",
        Err(MailboxError::Closed) => "bot_died",
    }
}

/// The turn in flight.
pub(crate) struct Turn {
    id: u64,
    grant: Grant,
    started: Millis,
    to_human: bool,
    /// The line answered, as it was when the floor was given (it may leave
    /// the transcript window before the reply is delivered).
    target: Option<Line>,
    typing: bool,
    timers: Vec<SpawnHandle>,
    /// The turn's span (`traced`): open until the turn ends.
    span: tracing::Span,
}

fn ms(v: i64) -> Duration {
    Duration::from_millis(v.max(0) as u64)
}

impl ChatRoomActor {
    pub(super) fn schedule_tick(&mut self, ctx: &mut Context<Self>, delay_ms: i64) {
        if let Some((h, _)) = self.tick.take() {
            ctx.cancel_future(h);
        }
        let due = self.clock.now().plus_ms(delay_ms);
        let handle = ctx.run_later(ms(delay_ms), |act, ctx| {
            act.tick = None;
            act.on_tick(ctx);
        });
        self.tick = Some((handle, due));
    }

    /// A tick within `delay_ms`: one already due sooner stays, so people
    /// posting every second cannot push the bots' turn back forever.
    pub(super) fn schedule_tick_within(&mut self, ctx: &mut Context<Self>, delay_ms: i64) {
        let due = self.clock.now().plus_ms(delay_ms);
        if self.tick.as_ref().is_some_and(|(_, at)| *at <= due) {
            return;
        }
        self.schedule_tick(ctx, delay_ms);
    }

    pub(super) fn schedule_next(&mut self, ctx: &mut Context<Self>) {
        let now = self.clock.now();
        let p = &self.settings.pacing;
        let activity = pacing::activity_at(p, now);
        let mut recent: Vec<(i64, f64)> =
            self.transcript.iter().rev().take(32).map(|l| (now.since(l.at), 1.0)).collect();
        // Shocks older than five time constants no longer excite the room.
        let memory_ms = (5.0 * p.excitation_tau_ms) as i64;
        self.shocks.retain(|(at, _)| now.since(*at) < memory_ms);
        recent.extend(self.shocks.iter().map(|(at, w)| (now.since(*at), *w)));
        let gap = pacing::next_tick_ms(p, &recent, activity, &mut self.rng);
        let bot_ages: Vec<i64> = self
            .transcript
            .iter()
            .rev()
            .filter(|l| l.kind == AuthorKind::Bot)
            .take(64)
            .map(|l| now.since(l.at))
            .collect();
        let hold = pacing::budget_wait_ms(p, &bot_ages);
        // Near a spending budget, chatter slows down (fewer speakers).
        let slow = self.meter.degrade(&self.budget, &self.room.id, now).gap_factor;
        let gap = (gap as f64 * slow) as i64;
        // A person nobody has answered yet is not kept waiting by the chatter pace.
        let gap = if self.human_waiting(now) { p.human_response_ms.max(p.min_gap_ms) } else { gap };
        self.schedule_tick(ctx, gap.max(hold));
    }

    fn human_waiting(&self, now: Millis) -> bool {
        let f = &self.settings.floor;
        self.transcript.iter().rev().any(|l| {
            l.kind == AuthorKind::Human
                && now.since(l.at) < f.human_wait_ms
                && f.max_replies_per_human > 0
                && self.floor.human_replies.get(&l.id).is_none_or(Vec::is_empty)
        })
    }

    /// Drops the turn in flight (of `bot`, or any): its timers are cancelled,
    /// so nothing it typed or scheduled is delivered. True when one was dropped.
    pub(super) fn cancel_turn(&mut self, bot: Option<&str>, ctx: &mut Context<Self>) -> bool {
        if self.turn.as_ref().is_none_or(|t| bot.is_some_and(|b| t.grant.bot.as_str() != b)) {
            return false;
        }
        if let Some(turn) = self.turn.take() {
            turn.timers.into_iter().for_each(|h| {
                ctx.cancel_future(h);
            });
        }
        true
    }

    /// A person wrote: drop bot chatter that is not typing yet and answer soon.
    pub(super) fn preempt_for_human(&mut self, ctx: &mut Context<Self>) {
        if let Some(turn) = &self.turn {
            if turn.to_human || turn.typing {
                return;
            }
            tracing::debug!(room = %self.room.id, bot = %turn.grant.bot, "bot chatter preempted by a person");
        }
        if let Some(turn) = self.turn.take() {
            turn.timers.into_iter().for_each(|h| {
                ctx.cancel_future(h);
            });
        }
        let delay = self.settings.pacing.human_response_ms;
        self.schedule_tick_within(ctx, delay);
    }

    /// A price jump or a headline (`size`: 1 for a headline, a move's size in
    /// percent over 2) excites the room like a burst of messages: the rate
    /// jumps and decays back with the pacing time constant.
    pub(super) fn on_shock(&mut self, size: f64, ctx: &mut Context<Self>) {
        let now = self.clock.now();
        // Fewer people are around to react at night.
        let p = &self.settings.pacing;
        let weight = p.shock_weight * size * pacing::activity_at(p, now);
        self.shocks.push_back((now, weight));
        if self.turn.is_none() {
            self.schedule_next(ctx);
        }
    }

    fn on_tick(&mut self, ctx: &mut Context<Self>) {
        if self.turn.is_some() || self.is_paused() {
            return;
        }
        let dead: Vec<String> = self
            .members
            .iter()
            .filter(|m| m.bot.as_ref().is_some_and(|b| !b.connected()))
            .map(|m| m.persona.username.to_string())
            .collect();
        for bot in dead {
            self.respawn(&bot, ctx);
        }
        let now = self.clock.now();
        let offset = self.settings.pacing.utc_offset_minutes;
        let news: Vec<String> = self
            .recent
            .iter()
            .map(|e| match e {
                engine::intent::Event::Move { symbol, .. } => symbol.clone(),
                engine::intent::Event::Headline(h) => h.symbol.clone(),
            })
            .collect();
        let news: Vec<&str> = news.iter().map(String::as_str).collect();
        let candidates: Vec<Candidate<'_>> = self
            .members
            .iter()
            .map(|m| Candidate {
                persona: &m.persona,
                ready: m.bot.as_ref().is_some_and(BotLink::connected) && now >= m.ready_at && !m.silenced,
                present: m.bot.as_ref().is_some_and(BotLink::connected) && !m.silenced,
                answerable: m.bot.as_ref().is_some_and(BotLink::connected) && !m.silenced && now >= m.answer_ready_at,
                awake: m.persona.is_awake(now, offset),
                exposure: floor::exposure(&m.persona, &news),
                arousal: m.arousal,
                sent_last_hour: m.sent.iter().filter(|t| now.since(**t) < Millis::HOUR).count() as u32,
            })
            .collect();
        let deciding = std::time::Instant::now();
        let grant = floor::choose(&candidates, &self.transcript, &self.floor, &self.settings.floor, now, &mut self.rng);
        let (count, decided_us) = (candidates.len(), deciding.elapsed().as_micros() as u64);
        match grant {
            Some(g) => self.start_turn(g, count, decided_us, ctx),
            None => self.schedule_next(ctx),
        }
    }

    fn member(&mut self, bot: &str) -> Option<&mut Member> {
        self.members.iter_mut().find(|m| m.persona.username.as_str() == bot)
    }

    fn start_turn(&mut self, grant: Grant, candidates: usize, decided_us: u64, ctx: &mut Context<Self>) {
        let Some(bot) = self.member(grant.bot.as_str()).and_then(|m| m.bot.clone()) else {
            return self.schedule_next(ctx);
        };
        self.next_turn_id += 1;
        let id = self.next_turn_id;
        let to_human = grant.reply_to.and_then(|r| self.transcript.get(r)).is_some_and(|l| l.kind == AuthorKind::Human);
        let max_tier = self.meter.degrade(&self.budget, &self.room.id, self.clock.now()).max_tier;
        let mut lines: Vec<_> = self.transcript.recent(engine::prompt::PROMPT_LINES + 4).cloned().collect();
        let target = grant.reply_to.and_then(|id| self.transcript.get(id)).cloned();
        // The message answered goes along even when newer ones pushed it out of the recent lines.
        if let Some(t) = target.as_ref().filter(|t| !lines.iter().any(|l| l.id == t.id)) {
            lines.insert(0, t.clone());
        }
        let span = self.turn_span(&grant, candidates, decided_us);
        let msg = GrantFloor {
            room: self.room.id.clone(),
            span: span.clone(),
            grant: grant.clone(),
            lines,
            quotes: self.quotes.clone(),
            events: self.recent.iter().cloned().collect(),
            max_tier,
            guard: self.turn_guard(),
            topic_first: self.settings.topic_answers_first.unwrap_or(false),
        };
        self.turn = Some(Turn {
            id,
            grant,
            started: self.clock.now(),
            to_human,
            target,
            typing: false,
            timers: Vec::new(),
            span,
        });
        let request = bot.floor.send(msg).timeout(ms(self.settings.turn_timeout_ms));
        ctx.spawn(request.into_actor(self).map(move |res, act, ctx| act.on_turn_result(id, res, ctx)));
    }

    fn on_turn_result(&mut self, id: u64, res: Result<TurnResult, MailboxError>, ctx: &mut Context<Self>) {
        if self.turn.as_ref().is_none_or(|t| t.id != id) {
            return; // preempted meanwhile
        }
        let now = self.clock.now();
        // unwrap: checked just above.
        let bot = self.turn.as_ref().unwrap().grant.bot.to_string();
        let cool_off = self.settings.pacing.mean_gap_ms;
        self.turn.as_ref().unwrap().span.record("outcome", outcome_of(&res));
        match res {
            Ok(TurnResult::Draft(d)) => {
                if let Some(m) = self.member(&bot) {
                    m.arousal = d.arousal;
                }
                return self.schedule_delivery(d, ctx);
            }
            Ok(TurnResult::Declined { ready_at }) => {
                let answer = self.turn.as_ref().is_some_and(|t| t.grant.reason == engine::floor::Reason::Mentioned);
                if let Some(m) = self.member(&bot) {
                    if answer {
                        m.answer_ready_at = ready_at;
                    }
                    m.ready_at = m.ready_at.max(ready_at);
                }
            }
            Ok(TurnResult::Silent { reason }) => {
                tracing::warn!(room = %self.room.id, bot = %bot, reason = %reason, "bot stayed silent");
                if let Some(m) = self.member(&bot) {
                    m.ready_at = now.plus_ms(cool_off);
                    m.answer_ready_at = now.plus_ms(cool_off);
                }
            }
            Err(MailboxError::Timeout) => {
                tracing::warn!(room = %self.room.id, bot = %bot, "bot did not answer in time");
                if let Some(m) = self.member(&bot) {
                    m.ready_at = now.plus_ms(cool_off);
                }
            }
            Err(MailboxError::Closed) => self.respawn(&bot, ctx),
        }
        self.turn = None;
        let gap = self.settings.pacing.min_gap_ms;
        self.schedule_tick(ctx, gap);
    }

    /// A bot's mailbox closed (it panicked): start it again from the store.
    fn respawn(&mut self, bot: &str, ctx: &mut Context<Self>) {
        tracing::error!(room = %self.room.id, bot = %bot, "bot died; restarting it from the store");
        if let Some(m) = self.member(bot) {
            m.bot = None;
            m.restarts += 1;
        }
        let (factory, id) = (self.factory.clone(), bot.to_string());
        ctx.spawn(async move { factory.spawn(&id).await }.into_actor(self).map(move |res, act, _| match res {
            Ok((link, persona)) => {
                if let Some(m) = act.member(persona.username.as_str()) {
                    m.bot = Some(link);
                    m.persona = persona;
                }
            }
            Err(e) => {
                tracing::error!(bot = %format!("{e:#}"), "bot could not be restarted")
            }
        }));
    }

    fn schedule_delivery(&mut self, draft: Draft, ctx: &mut Context<Self>) {
        let now = self.clock.now();
        let Some(turn) = self.turn.as_mut() else {
            return;
        };
        let target_chars =
            turn.grant.reply_to.and_then(|r| self.transcript.get(r)).map_or(0, |l| l.text.chars().count());
        let mentioned = turn.grant.reason == engine::floor::Reason::Mentioned;
        let cps =
            self.members.iter().find(|m| m.persona.username == turn.grant.bot).map_or(5.0, |m| m.persona.typing_cps);
        let p = &self.settings.pacing;
        let read = pacing::read_delay_ms(p, target_chars, mentioned, &mut self.rng);
        let typing = pacing::typing_ms(p, draft.text.chars().count(), cps, &mut self.rng);
        let wait = (read + typing - now.since(turn.started)).max(0);
        let shown = typing.min(wait);
        let (bot, name) = (
            turn.grant.bot.to_string(),
            self.members
                .iter()
                .find(|m| m.persona.username == turn.grant.bot)
                .map(|m| m.display_name.clone())
                .unwrap_or_default(),
        );
        let id = turn.id;
        let typing_timer = ctx.run_later(ms(wait - shown), move |act, _| {
            if let Some(t) = act.turn.as_mut().filter(|t| t.id == id) {
                t.typing = true;
                let until_ms = act.clock.now().0 + shown;
                act.broadcast(RoomEvent::Typing(Box::new(TypingView {
                    bot: AuthorView { id: bot, display_name: name, kind: AuthorKind::Bot },
                    until_ms,
                })));
            }
        });
        let planned = now.plus_ms(wait);
        let deliver_timer = ctx.run_later(ms(wait), move |act, ctx| act.deliver(id, draft, planned, ctx));
        turn.timers.extend([typing_timer, deliver_timer]);
    }
}
