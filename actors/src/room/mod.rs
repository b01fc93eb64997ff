//! `ChatRoomActor`: one per room. It collects every message (bots and
//! people), keeps the transcript window, gives the floor (engine floor
//! control), schedules delivery after a read and typing delay, persists each
//! message before broadcasting it, and keeps going whatever a bot or the LLM
//! does.
//!
//! - `turn`: the tick → grant → draft → typing → delivery cycle.
//! - `handle`: `RoomHandle`, the typed async API the web layer uses.
//! - `honesty`: `/start` and `/privacy`, the stance ledger, forgetting people.
//! - `market`: prices, moves and headlines reaching the room.
//! - `membership`: a bot leaving the room while it runs.
//! - `control`: operators' changes while it runs: pause and resume, settings,
//!   members joining, silenced and edited, renaming, stopping.
//! - `rehearse`: an operator's dry run of a member's turn (nothing sent).
//! - `settings`: `RoomSettings`, the room's knobs (config `room.*`).
//! - `observe`: turn and first-reply latencies for `/metrics`.
//! - `people`: a person's message into the room.
//! - `traced`: one trace per message: the traces kept per message, a turn's span.

mod control;
mod handle;
mod honesty;
mod market;
mod membership;
mod observe;
mod people;
mod rehearse;
mod settings;
mod traced;
mod turn;

pub use control::{
    AddMember, Configure, MemberStatus, Members, PersonaChanged, RemoveMember, Rename, RoomConfigNow, SetPaused,
    SetSilenced, StopRoom,
};
pub use handle::{RoomError, RoomHandle};
pub use honesty::ForgetHumans;
pub use market::{MarketUpdate, Stances};
pub use membership::Deactivate;
pub use rehearse::RehearseTurn;
pub use settings::RoomSettings;

use crate::bot::{BotFactory, BotLink};
use crate::clock::Clock;
use crate::events::{MessageView, ReplyView, RoomEvent};
use crate::meter::Meter;
use actix::prelude::*;
use engine::budget::BudgetSettings;
use engine::floor::FloorState;
use engine::ids::Millis;
use engine::input::{HumanName, HumanText};
use engine::intent::Event;
use engine::market::Quote;
use engine::pacing;
use engine::persona::Persona;
use engine::transcript::{AuthorKind, Line, Transcript};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use schema::{MessageRow, MessageStatus, MessageWriter, NewMessage, RoomRow, Store};
use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::broadcast;

/// A person writes in the room.
#[derive(Message)]
#[rtype(result = "Result<MessageView, RoomError>")]
pub struct HumanSays {
    pub author: HumanName,
    pub text: HumanText,
    pub reply_to: Option<i64>,
    /// The person's id on their channel (`tg:123`); the web room's default otherwise.
    pub author_id: Option<String>,
    /// The trace the message arrived in (its HTTP request or Telegram update).
    pub trace: crate::trace::TraceContext,
}

/// Subscribe to the room's event stream.
#[derive(Message)]
#[rtype(result = "broadcast::Receiver<RoomEvent>")]
pub struct Subscribe;

/// Events kept for intents (recent moves and headlines).
pub(crate) const RECENT_EVENTS: usize = 6;
/// Subscribers that fall this far behind lose the oldest events.
const STREAM_BUFFER: usize = 512;

pub(crate) struct Member {
    /// Shared with the bot actor: one copy of a persona per room member.
    pub persona: Arc<Persona>,
    pub display_name: String,
    /// The bot, while it runs (none between a crash and its restart).
    pub bot: Option<BotLink>,
    pub ready_at: Millis,
    /// When it may answer a person who addressed it (its shorter answer gap).
    pub answer_ready_at: Millis,
    pub restarts: u32,
    /// When this bot's messages in the room were delivered (last hour).
    pub sent: VecDeque<Millis>,
    /// The bot's mood arousal as of its last draft.
    pub arousal: f64,
    /// Silenced by an operator: never given the floor.
    pub silenced: bool,
}

pub struct ChatRoomActor {
    room: RoomRow,
    store: Store,
    /// The process's one message writer (batched inserts).
    writer: MessageWriter,
    factory: BotFactory,
    members: Vec<Member>,
    transcript: Transcript,
    floor: FloorState,
    settings: RoomSettings,
    rng: ChaCha8Rng,
    events: broadcast::Sender<RoomEvent>,
    quotes: std::sync::Arc<[Quote]>,
    recent: VecDeque<Event>,
    turn: Option<turn::Turn>,
    /// Recent headlines and jumps: when, and how much excitement they add.
    shocks: VecDeque<(Millis, f64)>,
    next_turn_id: u64,
    /// Deliveries the room committed to (store, then stream), for `DeliveryTiming::seq`.
    deliveries: u64,
    /// The next tick, and when it is due.
    tick: Option<(SpawnHandle, Millis)>,
    clock: Clock,
    meter: Meter,
    /// The room's own metric series (`/metrics`), from the meter's families.
    observed: crate::metrics::RoomMetrics,
    budget: BudgetSettings,
    /// Which way the room's last bot messages pushed (the stance cap).
    stance: engine::guard::stance::StanceLedger,
    /// Paused by an operator: no bot speaks (shared with the room's handles).
    paused: Arc<AtomicBool>,
    /// The trace each recent message was stored in (`traced`).
    traces: std::collections::BTreeMap<i64, crate::trace::TraceContext>,
    /// The room's fencing token while a worker owns it under a lease
    /// (workers mode): every message is stored under it.
    fence: Option<i64>,
}

impl ChatRoomActor {
    pub fn new(
        room: RoomRow,
        store: Store,
        writer: MessageWriter,
        factory: BotFactory,
        settings: RoomSettings,
        clock: Clock,
    ) -> Self {
        let rng = ChaCha8Rng::seed_from_u64(settings.seed ^ crate::llm::fnv(room.id.as_bytes()));
        let meter = Meter::default();
        let observed = meter.metrics().room(&room.id);
        ChatRoomActor {
            room,
            store,
            writer,
            factory,
            members: Vec::new(),
            transcript: Transcript::default(),
            floor: FloorState::default(),
            settings,
            rng,
            events: broadcast::channel(STREAM_BUFFER).0,
            // Set by the market's first update, from the room's own book.
            quotes: Vec::new().into(),
            recent: VecDeque::new(),
            turn: None,
            shocks: VecDeque::new(),
            next_turn_id: 0,
            deliveries: 0,
            tick: None,
            clock,
            meter,
            observed,
            budget: BudgetSettings::default(),
            stance: Default::default(),
            paused: Arc::default(),
            traces: Default::default(),
            fence: None,
        }
    }

    /// Stores every message under the room's fencing token `token` (a
    /// worker that holds the room's lease): once another worker takes the
    /// room, the store refuses this one's writes and the room stops here.
    pub fn fenced(mut self, token: Option<i64>) -> Self {
        self.fence = token;
        self
    }

    /// Stores a message, under the room's fencing token when it has one.
    pub(crate) fn store_message(
        &self,
        new: NewMessage,
    ) -> impl std::future::Future<Output = Result<MessageRow, schema::StoreError>> + use<> {
        let (writer, fence) = (self.writer.clone(), self.fence);
        async move { writer.insert(new, fence).await }
    }

    /// After a failed write: a stale fencing token means another worker owns
    /// the room now, so this copy stops before it says anything more.
    pub(crate) fn stop_if_fenced(&self, e: &schema::StoreError, ctx: &mut Context<Self>) -> bool {
        if !matches!(e, schema::StoreError::Fenced { .. }) {
            return false;
        }
        tracing::warn!(room = %self.room.id, error = %e, "the room's lease is lost; it stops on this worker");
        ctx.stop();
        true
    }

    /// Starts paused (the stored state of the room).
    pub fn paused(self, paused: bool) -> Self {
        self.paused.store(paused, Ordering::SeqCst);
        self
    }

    /// The flag the room's handles read to tell whether it is paused.
    pub fn paused_flag(&self) -> Arc<AtomicBool> {
        self.paused.clone()
    }

    pub(crate) fn is_paused(&self) -> bool {
        self.paused.load(Ordering::SeqCst)
    }

    /// Meters the room's messages into `meter` and holds it to `budget`.
    pub fn with_spending(mut self, meter: Meter, budget: BudgetSettings) -> Self {
        self.observed = meter.metrics().room(&self.room.id);
        self.meter = meter;
        self.budget = budget;
        self
    }

    fn broadcast(&self, e: RoomEvent) {
        // No subscriber is not an error.
        let _ = self.events.send(e);
    }

    fn line_of(row: &MessageRow) -> Line {
        Line {
            id: row.id,
            author_id: row.author_id.clone(),
            author_name: row.author_name.clone(),
            kind: row.author_kind,
            text: row.text.clone(),
            reply_to: row.reply_to,
            at: Millis(row.sent_at.unwrap_or(row.created_at)),
            bot_depth: row.bot_depth.max(0) as u32,
        }
    }

    fn reply_view(&self, id: Option<i64>) -> Option<ReplyView> {
        self.transcript.get(id?).map(ReplyView::from_line)
    }

    /// Loads history and members, then starts the clock.
    async fn load(
        store: Store,
        factory: BotFactory,
        room: String,
    ) -> anyhow::Result<(Vec<MessageRow>, Vec<(BotLink, Arc<Persona>, String, bool)>)> {
        use anyhow::Context as _;
        let history = store
            .recent_messages(&room, engine::transcript::WINDOW_LINES as i64)
            .await
            .context("loading room history")?;
        let mut bots = Vec::new();
        for m in store.members(&room).await.context("loading room members")?.into_iter().filter(|m| m.active) {
            let row = store.bot(&m.bot_id).await?;
            let silenced = row.as_ref().is_some_and(|b| !b.active);
            let display = row.map(|b| b.display_name).unwrap_or_else(|| m.bot_id.clone());
            match factory.spawn(&m.bot_id).await {
                Ok((link, persona)) => bots.push((link, persona, display, silenced)),
                Err(e) => {
                    tracing::error!(room = %room, bot = %m.bot_id, error = %format!("{e:#}"), "bot could not start; the room goes on without it")
                }
            }
        }
        Ok((history, bots))
    }
}

impl Actor for ChatRoomActor {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Self::Context) {
        ctx.set_mailbox_capacity(256);
        let work = Self::load(self.store.clone(), self.factory.clone(), self.room.id.clone());
        ctx.wait(work.into_actor(self).map(|res, act, ctx| match res {
            Ok((history, bots)) => {
                for row in &history {
                    act.transcript.push(Self::line_of(row));
                }
                act.floor = FloorState::from_transcript(&act.transcript);
                act.stance = act.ledger_from(&history);
                act.members = bots
                    .into_iter()
                    .map(|(link, persona, display_name, silenced)| {
                        // What each bot already said in the loaded history counts.
                        let sent = history
                            .iter()
                            .filter(|r| r.author_kind == AuthorKind::Bot && r.author_id == persona.username.as_str())
                            .map(|r| Millis(r.sent_at.unwrap_or(r.created_at)))
                            .collect();
                        Member {
                            persona,
                            display_name,
                            bot: Some(link),
                            ready_at: Millis(0),
                            answer_ready_at: Millis(0),
                            restarts: 0,
                            sent,
                            arousal: 0.3,
                            silenced,
                        }
                    })
                    .collect();
                let paused = act.is_paused();
                tracing::info!(room = %act.room.id, bots = act.members.len(), history = history.len(), paused, "room started");
                if !paused {
                    let age = act.transcript.last().map(|l| act.clock.now().since(l.at));
                    act.schedule_tick(ctx, pacing::first_tick_ms(&act.settings.pacing, age));
                }
            }
            Err(e) => {
                tracing::error!(room = %act.room.id, error = %format!("{e:#}"), "room could not start");
                ctx.stop();
            }
        }));
    }
}

impl Handler<Subscribe> for ChatRoomActor {
    type Result = MessageResult<Subscribe>;

    fn handle(&mut self, _: Subscribe, _: &mut Self::Context) -> Self::Result {
        MessageResult(self.events.subscribe())
    }
}

/// Forwards a crash to a bot (supervision tests).
#[cfg(test)]
#[derive(Message)]
#[rtype(result = "()")]
pub struct CrashBot(pub String);

#[cfg(test)]
impl Handler<CrashBot> for ChatRoomActor {
    type Result = ();
    fn handle(&mut self, msg: CrashBot, _: &mut Self::Context) {
        if let Some(link) =
            self.members.iter().find(|m| m.persona.username.as_str() == msg.0).and_then(|m| m.bot.clone())
        {
            link.crash.do_send(crate::bot::Crash);
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod memory_tests;
#[cfg(test)]
mod rhythm_tests;

#[cfg(test)]
mod budget_tests;

#[cfg(test)]
mod honesty_tests;
