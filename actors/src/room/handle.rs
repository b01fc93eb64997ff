//! `RoomHandle`: what the web layer holds for a room — typed async methods
//! over the actor's address. The operators' changes that need the store go
//! through [`crate::Community`]'s control methods, which call these after
//! storing the change.

use super::{
    AddMember, ChatRoomActor, Configure, Deactivate, HumanSays, MemberStatus, Members, PersonaChanged, RemoveMember,
    Rename, RoomConfigNow, SetPaused, SetSilenced, StopRoom, Subscribe,
};
use crate::events::{MessageView, RoomEvent};
use crate::trace::TraceContext;
use actix::Addr;
use engine::budget::BudgetSettings;
use engine::control::RoomConfig;
use engine::guard::settings::GuardSettings;
use engine::input::{HumanName, HumanText};
use engine::persona::Persona;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::broadcast;

/// Why a room refused or failed a request.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RoomError {
    #[error("message {0} is not in this room")]
    ReplyNotFound(i64),
    #[error("the store failed: {0}")]
    Store(String),
    #[error("the room is not running")]
    Stopped,
    /// The bot is not a member of this room.
    #[error("'{0}' is not a member of this room")]
    NotMember(String),
    /// A person's name passes for a bot's in this room.
    #[error("'{name}' looks like the name of {bot}, a bot in this room: people may not take a bot's name")]
    BotName { name: String, bot: String },
}

impl RoomError {
    pub(crate) fn store(e: schema::StoreError) -> Self {
        RoomError::Store(e.to_string())
    }
}

#[derive(Clone)]
pub struct RoomHandle {
    pub id: String,
    pub name: String,
    /// The topic as written (see [`RoomHandle::shown_topic`]).
    pub topic: String,
    /// Simulated or live prices.
    pub prices: engine::market::PriceMode,
    /// When this process started the room (ms): a channel attaching later
    /// catches up on the messages since.
    pub started_ms: i64,
    /// The fencing token this worker took the room with (workers mode).
    pub fence: Option<i64>,
    addr: Addr<ChatRoomActor>,
    paused: Arc<AtomicBool>,
}

impl RoomHandle {
    /// A handle over a started room; `paused` is the actor's own flag.
    pub fn new(id: String, name: String, topic: String, addr: Addr<ChatRoomActor>, paused: Arc<AtomicBool>) -> Self {
        RoomHandle { id, name, topic, prices: Default::default(), started_ms: 0, fence: None, addr, paused }
    }

    /// When the room started (see [`RoomHandle::started_ms`]).
    pub fn started_at(mut self, ms: i64) -> Self {
        self.started_ms = ms;
        self
    }

    /// The room runs under the fencing token `fence` (workers mode).
    pub fn fenced(mut self, fence: Option<i64>) -> Self {
        self.fence = fence;
        self
    }

    /// The room runs on `prices`.
    pub fn with_prices(mut self, prices: engine::market::PriceMode) -> Self {
        self.prices = prices;
        self
    }

    /// The topic people see: a simulated room's says so.
    pub fn shown_topic(&self) -> String {
        engine::market::label::topic(&self.topic, self.prices)
    }

    /// The bots' mean belief per ticker (−1 bearish … +1 bullish).
    pub async fn stances(&self) -> Result<std::collections::BTreeMap<String, f64>, RoomError> {
        self.addr.send(super::Stances).await.map_err(|_| RoomError::Stopped)
    }

    /// A person's message: stored, shown, then answered by the room.
    pub async fn post(
        &self,
        author: HumanName,
        text: HumanText,
        reply_to: Option<i64>,
    ) -> Result<MessageView, RoomError> {
        self.addr
            .send(HumanSays { author, text, reply_to, author_id: None, trace: TraceContext::current() })
            .await
            .map_err(|_| RoomError::Stopped)?
    }

    /// A person's message from another channel, with their id there (`tg:123`).
    pub async fn post_from(
        &self,
        author_id: String,
        author: HumanName,
        text: HumanText,
        reply_to: Option<i64>,
    ) -> Result<MessageView, RoomError> {
        let msg = HumanSays { author, text, reply_to, author_id: Some(author_id), trace: TraceContext::current() };
        self.addr.send(msg).await.map_err(|_| RoomError::Stopped)?
    }

    /// The bot may no longer speak here (its membership is already stored inactive).
    pub async fn deactivate(&self, bot: &str, reason: &str) -> Result<(), RoomError> {
        let msg = Deactivate { bot: bot.to_string(), reason: reason.to_string() };
        self.addr.send(msg).await.map_err(|_| RoomError::Stopped)
    }

    /// The room's live events from now on.
    /// A person's stored message `id` was edited: the room's transcript
    /// follows; whether the line was still in its window.
    pub async fn edit_human(&self, id: i64, text: String) -> Result<bool, RoomError> {
        self.addr.send(super::people::HumanEdits { id, text }).await.map_err(|_| RoomError::Stopped)
    }

    pub async fn subscribe(&self) -> Result<broadcast::Receiver<RoomEvent>, RoomError> {
        self.addr.send(Subscribe).await.map_err(|_| RoomError::Stopped)
    }

    pub async fn members(&self) -> Result<Vec<MemberStatus>, RoomError> {
        self.addr.send(Members).await.map_err(|_| RoomError::Stopped)
    }

    pub fn is_running(&self) -> bool {
        self.addr.connected()
    }

    /// Whether an operator paused the room (no bot speaks). Cheap: channels
    /// ask it before every send.
    pub fn is_paused(&self) -> bool {
        self.paused.load(Ordering::SeqCst)
    }

    /// Pauses (`true`) or resumes the running room; not stored (see
    /// `Community::pause_room`). When it answers, no bot of the room speaks
    /// any more: the turn in flight is dropped with its timers.
    pub async fn set_paused(&self, paused: bool) -> Result<(), RoomError> {
        self.addr.send(SetPaused(paused)).await.map_err(|_| RoomError::Stopped)
    }

    /// New pacing, floor, guard and budget settings from the next tick on; not stored.
    pub async fn configure(
        &self,
        config: RoomConfig,
        guard: GuardSettings,
        budget: BudgetSettings,
    ) -> Result<(), RoomError> {
        self.addr.send(Configure { config, guard, budget }).await.map_err(|_| RoomError::Stopped)
    }

    /// The pacing and floor settings in effect.
    pub async fn config(&self) -> Result<RoomConfig, RoomError> {
        self.addr.send(RoomConfigNow).await.map_err(|_| RoomError::Stopped)
    }

    /// Starts a stored member's bot in the running room (no-op for a member).
    pub async fn add_member(&self, bot: &str) -> Result<(), RoomError> {
        self.addr.send(AddMember { bot: bot.to_string() }).await.map_err(|_| RoomError::Stopped)?
    }

    /// Takes a bot out of the running room, dropping its turn in flight;
    /// whether it was a member.
    pub async fn remove_member(&self, bot: &str) -> Result<bool, RoomError> {
        self.addr.send(RemoveMember { bot: bot.to_string() }).await.map_err(|_| RoomError::Stopped)
    }

    /// What the member `bot` would write now (see [`crate::bot::rehearse`]);
    /// with `situation` (author, text) it answers that person. Nothing is sent.
    pub async fn rehearse(
        &self,
        bot: &str,
        situation: Option<(String, String)>,
        samples: u8,
    ) -> Result<crate::bot::rehearse::Rehearsal, RoomError> {
        let msg = super::RehearseTurn { bot: bot.to_string(), situation, samples };
        self.addr.send(msg).await.map_err(|_| RoomError::Stopped)?
    }

    /// Silences or resumes a member; whether it is one.
    pub async fn set_silenced(&self, bot: &str, silenced: bool) -> Result<bool, RoomError> {
        self.addr.send(SetSilenced { bot: bot.to_string(), silenced }).await.map_err(|_| RoomError::Stopped)
    }

    /// An edited persona reaches the room's copy and the bot; whether it is a member.
    pub async fn persona_changed(&self, persona: Persona, display_name: String) -> Result<bool, RoomError> {
        self.addr.send(PersonaChanged { persona, display_name }).await.map_err(|_| RoomError::Stopped)
    }

    /// The handle with a new name and topic, the actor told.
    pub(crate) async fn renamed(&self, name: &str, topic: &str) -> Result<RoomHandle, RoomError> {
        let msg = Rename { name: name.to_string(), topic: topic.to_string() };
        self.addr.send(msg).await.map_err(|_| RoomError::Stopped)?;
        Ok(RoomHandle { name: name.to_string(), topic: topic.to_string(), ..self.clone() })
    }

    /// Stops the room's actor and its bots.
    pub(crate) async fn stop(&self) -> Result<(), RoomError> {
        self.addr.send(StopRoom).await.map_err(|_| RoomError::Stopped)
    }

    #[cfg(test)]
    pub(crate) fn addr(&self) -> &Addr<ChatRoomActor> {
        &self.addr
    }
}

impl RoomHandle {
    /// Where the market sends updates for this room.
    pub fn market_recipient(&self) -> actix::Recipient<super::MarketUpdate> {
        self.addr.clone().recipient()
    }

    /// Where people's deleted lines are dropped from the transcript.
    pub fn forget_recipient(&self) -> actix::Recipient<super::ForgetHumans> {
        self.addr.clone().recipient()
    }

    /// Sends a market update without waiting (a full mailbox skips it).
    pub(crate) fn try_market(&self, update: super::MarketUpdate) {
        let _ = self.addr.try_send(update);
    }
}
