//! `RoomHandle`: what the web layer holds for a room — typed async methods
//! over the actor's address.

use super::{ChatRoomActor, Deactivate, HumanSays, MemberStatus, Members, Subscribe};
use crate::events::{MessageView, RoomEvent};
use actix::Addr;
use engine::input::{HumanName, HumanText};
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
    addr: Addr<ChatRoomActor>,
}

impl RoomHandle {
    pub fn new(id: String, name: String, topic: String, addr: Addr<ChatRoomActor>) -> Self {
        RoomHandle { id, name, topic, prices: Default::default(), addr }
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
        self.addr.send(HumanSays { author, text, reply_to, author_id: None }).await.map_err(|_| RoomError::Stopped)?
    }

    /// A person's message from another channel, with their id there (`tg:123`).
    pub async fn post_from(
        &self,
        author_id: String,
        author: HumanName,
        text: HumanText,
        reply_to: Option<i64>,
    ) -> Result<MessageView, RoomError> {
        let msg = HumanSays { author, text, reply_to, author_id: Some(author_id) };
        self.addr.send(msg).await.map_err(|_| RoomError::Stopped)?
    }

    /// The bot may no longer speak here (its membership is already stored inactive).
    pub async fn deactivate(&self, bot: &str, reason: &str) -> Result<(), RoomError> {
        let msg = Deactivate { bot: bot.to_string(), reason: reason.to_string() };
        self.addr.send(msg).await.map_err(|_| RoomError::Stopped)
    }

    /// The room's live events from now on.
    pub async fn subscribe(&self) -> Result<broadcast::Receiver<RoomEvent>, RoomError> {
        self.addr.send(Subscribe).await.map_err(|_| RoomError::Stopped)
    }

    pub async fn members(&self) -> Result<Vec<MemberStatus>, RoomError> {
        self.addr.send(Members).await.map_err(|_| RoomError::Stopped)
    }

    pub fn is_running(&self) -> bool {
        self.addr.connected()
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
}
