//! Operators' changes reaching a running room: pause and resume (the kill
//! switch: the turn in flight is dropped, nothing typed or scheduled is
//! delivered, people's posts are still taken), new settings from the next
//! tick, members joining, leaving, silenced or edited, a new name, a stop.
//! The store is written by the caller (`crate::control`) before or, for a
//! pause, right after these messages; each handler only changes the room.

use super::{ChatRoomActor, Member, RoomError};
use crate::bot::{BotLink, SetPersona};
use actix::prelude::*;
use engine::budget::BudgetSettings;
use engine::control::RoomConfig;
use engine::guard::settings::GuardSettings;
use engine::ids::Millis;
use engine::persona::Persona;
use engine::transcript::AuthorKind;
use schema::{MessageRow, MessageStatus};
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// The room's members and their state.
#[derive(Message)]
#[rtype(result = "Vec<MemberStatus>")]
pub struct Members;

/// Pause (`true`: no bot speaks until resumed) or resume (`false`).
#[derive(Message)]
#[rtype(result = "()")]
pub struct SetPaused(pub bool);

/// New settings, used from the next tick on.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Configure {
    pub config: RoomConfig,
    pub guard: GuardSettings,
    pub budget: BudgetSettings,
}

/// The room's pacing and floor settings in effect.
#[derive(Message)]
#[rtype(result = "RoomConfig")]
pub struct RoomConfigNow;

/// A bot joins the running room (its membership is stored already).
#[derive(Message)]
#[rtype(result = "Result<(), RoomError>")]
pub struct AddMember {
    pub bot: String,
}

/// A bot leaves the running room (stored already); its turn in flight is
/// dropped. Answers whether it was a member.
#[derive(Message)]
#[rtype(result = "bool")]
pub struct RemoveMember {
    pub bot: String,
}

/// Silences or resumes a bot here; a silenced bot's turn in flight is
/// dropped. Answers whether it is a member.
#[derive(Message)]
#[rtype(result = "bool")]
pub struct SetSilenced {
    pub bot: String,
    pub silenced: bool,
}

/// A persona was edited (stored already): the room's copy and the bot follow.
/// Answers whether it is a member.
#[derive(Message)]
#[rtype(result = "bool")]
pub struct PersonaChanged {
    pub persona: Persona,
    pub display_name: String,
}

/// The room's name and topic changed.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Rename {
    pub name: String,
    pub topic: String,
}

/// The room stops (archived); its bots stop with it.
#[derive(Message)]
#[rtype(result = "()")]
pub struct StopRoom;

/// A member as the console and tests see it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MemberStatus {
    pub id: String,
    pub display_name: String,
    pub alive: bool,
    pub restarts: u32,
    /// An operator silenced the bot: the room skips it.
    pub silenced: bool,
    /// Within the persona's active hours now.
    pub awake: bool,
    /// Messages delivered in the last hour, and the persona's hourly limit.
    pub sent_last_hour: u32,
    pub per_hour: u32,
    /// How long until the room may give it the floor again (its gap after speaking).
    pub ready_in_ms: i64,
    /// Why it cannot speak now, if it cannot: `silenced`, `down`, `asleep`,
    /// `hourly_limit`, `cooling_down`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiet_because: Option<&'static str>,
}

impl ChatRoomActor {
    /// A bot message stored as the room was paused: dropped, never shown.
    pub(super) fn drop_paused(&mut self, row: &MessageRow, ctx: &mut Context<Self>) {
        tracing::info!(room = %self.room.id, message = row.id, "room paused while a message was stored; dropped");
        let (store, id) = (self.store.clone(), row.id);
        ctx.spawn(
            async move {
                if let Err(e) = store.set_status(id, MessageStatus::Dropped, Some("room paused"), None).await {
                    tracing::error!(message = id, error = %e, "could not mark the message dropped");
                }
            }
            .into_actor(self),
        );
    }

    fn stop_clock(&mut self, ctx: &mut Context<Self>) {
        if let Some((h, _)) = self.tick.take() {
            ctx.cancel_future(h);
        }
        self.cancel_turn(None, ctx);
    }

    /// After a dropped turn the clock goes on (unless paused).
    fn after_drop(&mut self, dropped: bool, ctx: &mut Context<Self>) {
        if dropped && !self.is_paused() {
            self.schedule_next(ctx);
        }
    }

    fn member_status(&self, m: &Member) -> MemberStatus {
        let now = self.clock.now();
        let alive = m.bot.as_ref().is_some_and(BotLink::connected);
        let awake = m.persona.is_awake(now, self.settings.pacing.utc_offset_minutes);
        let sent_last_hour = m.sent.iter().filter(|t| now.since(**t) < Millis::HOUR).count() as u32;
        let ready_in_ms = (m.ready_at.0 - now.0).max(0);
        let quiet_because = if m.silenced {
            Some("silenced")
        } else if !alive {
            Some("down")
        } else if !awake {
            Some("asleep")
        } else if sent_last_hour >= m.persona.per_hour {
            Some("hourly_limit")
        } else if ready_in_ms > 0 {
            Some("cooling_down")
        } else {
            None
        };
        MemberStatus {
            id: m.persona.username.to_string(),
            display_name: m.display_name.clone(),
            alive,
            restarts: m.restarts,
            silenced: m.silenced,
            awake,
            sent_last_hour,
            per_hour: m.persona.per_hour,
            ready_in_ms,
            quiet_because,
        }
    }
}

impl Handler<Members> for ChatRoomActor {
    type Result = MessageResult<Members>;

    fn handle(&mut self, _: Members, _: &mut Self::Context) -> Self::Result {
        MessageResult(self.members.iter().map(|m| self.member_status(m)).collect())
    }
}

impl Handler<SetPaused> for ChatRoomActor {
    type Result = ();

    fn handle(&mut self, SetPaused(pause): SetPaused, ctx: &mut Self::Context) {
        let was = self.paused.swap(pause, Ordering::SeqCst);
        if pause {
            self.stop_clock(ctx);
            tracing::info!(room = %self.room.id, "room paused: no bot speaks");
        } else if was {
            tracing::info!(room = %self.room.id, "room resumed");
            let gap = self.settings.pacing.min_gap_ms;
            self.schedule_tick(ctx, gap);
        }
    }
}

impl Handler<Configure> for ChatRoomActor {
    type Result = ();

    fn handle(&mut self, msg: Configure, ctx: &mut Self::Context) {
        self.settings.pacing = msg.config.pacing;
        self.settings.floor = msg.config.floor;
        self.settings.guard = msg.guard;
        self.budget = msg.budget;
        // The next tick is drawn again with the new pacing.
        if self.turn.is_none() && !self.is_paused() {
            self.schedule_next(ctx);
        }
    }
}

impl Handler<RoomConfigNow> for ChatRoomActor {
    type Result = MessageResult<RoomConfigNow>;

    fn handle(&mut self, _: RoomConfigNow, _: &mut Self::Context) -> Self::Result {
        MessageResult(RoomConfig { pacing: self.settings.pacing.clone(), floor: self.settings.floor.clone() })
    }
}

impl Handler<AddMember> for ChatRoomActor {
    type Result = ResponseActFuture<Self, Result<(), RoomError>>;

    fn handle(&mut self, msg: AddMember, _: &mut Self::Context) -> Self::Result {
        if self.members.iter().any(|m| m.persona.username.as_str() == msg.bot) {
            return Box::pin(fut::ready(Ok(())));
        }
        let (store, factory, bot) = (self.store.clone(), self.factory.clone(), msg.bot);
        let work = async move {
            let row = store.bot(&bot).await.map_err(RoomError::store)?.ok_or(RoomError::Stopped)?;
            let (link, persona) = factory.spawn(&bot).await.map_err(|e| RoomError::Store(format!("{e:#}")))?;
            Ok((link, persona, row.display_name, !row.active))
        };
        Box::pin(work.into_actor(self).map(|res: Result<_, RoomError>, act, _| {
            let (link, persona, display_name, silenced) = res?;
            if act.members.iter().any(|m| m.persona.username == persona.username) {
                return Ok(());
            }
            let sent = act
                .transcript
                .iter()
                .filter(|l| l.kind == AuthorKind::Bot && l.author_id == persona.username.as_str())
                .map(|l| l.at)
                .collect();
            tracing::info!(room = %act.room.id, bot = %persona.username, "bot joins the room");
            act.members.push(Member {
                persona,
                display_name,
                bot: Some(link),
                ready_at: Millis(0),
                answer_ready_at: Millis(0),
                restarts: 0,
                sent,
                arousal: 0.3,
                silenced,
            });
            Ok(())
        }))
    }
}

impl Handler<RemoveMember> for ChatRoomActor {
    type Result = bool;

    fn handle(&mut self, msg: RemoveMember, ctx: &mut Self::Context) -> bool {
        let dropped = self.cancel_turn(Some(&msg.bot), ctx);
        let before = self.members.len();
        self.members.retain(|m| m.persona.username.as_str() != msg.bot);
        self.after_drop(dropped, ctx);
        let left = self.members.len() < before;
        if left {
            tracing::info!(room = %self.room.id, bot = %msg.bot, "bot leaves the room");
        }
        left
    }
}

impl Handler<SetSilenced> for ChatRoomActor {
    type Result = bool;

    fn handle(&mut self, msg: SetSilenced, ctx: &mut Self::Context) -> bool {
        let Some(m) = self.members.iter_mut().find(|m| m.persona.username.as_str() == msg.bot) else {
            return false;
        };
        m.silenced = msg.silenced;
        if msg.silenced {
            let dropped = self.cancel_turn(Some(&msg.bot), ctx);
            self.after_drop(dropped, ctx);
        }
        true
    }
}

impl Handler<PersonaChanged> for ChatRoomActor {
    type Result = bool;

    fn handle(&mut self, msg: PersonaChanged, _: &mut Self::Context) -> bool {
        let Some(m) = self.members.iter_mut().find(|m| m.persona.username == msg.persona.username) else {
            return false;
        };
        let persona = Arc::new(msg.persona);
        if let Some(link) = &m.bot {
            // The bot's mailbox is in order: its next turn has the new persona;
            // the room and the bot share one copy.
            link.persona.do_send(SetPersona(persona.clone()));
        }
        m.persona = persona;
        m.display_name = msg.display_name;
        // When it may speak again was the old limits' answer; the bot says anew.
        m.ready_at = Millis(0);
        m.answer_ready_at = Millis(0);
        true
    }
}

impl Handler<Rename> for ChatRoomActor {
    type Result = ();

    fn handle(&mut self, msg: Rename, _: &mut Self::Context) {
        self.room.name = msg.name;
        self.room.topic = msg.topic;
    }
}

impl Handler<StopRoom> for ChatRoomActor {
    type Result = ();

    fn handle(&mut self, _: StopRoom, ctx: &mut Self::Context) {
        self.stop_clock(ctx);
        tracing::info!(room = %self.room.id, "room stopped");
        ctx.stop();
    }
}
