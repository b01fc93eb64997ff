//! Starting a whole community: the gateway, the market, and one room actor
//! (with its bots) per room in the store.

use crate::bot::BotFactory;
use crate::clock::Clock;
use crate::gateway::{GatewayOptions, LlmGatewayActor, RetrySettings};
use crate::llm::ProviderConfig;
use crate::market::{MarketActor, MarketRoom, MarketSettings, NewsSettings};
use crate::meter::Meter;
use crate::privacy::{PersonId, PrivacySettings, RetentionActor};
use crate::room::{ChatRoomActor, RoomHandle, RoomSettings};
use actix::prelude::*;
use anyhow::Context as _;
use engine::breaker::BreakerSettings;
use engine::budget::BudgetSettings;
use schema::{RoomRow, Store};

/// Everything a community needs to start.
#[derive(Debug, Clone)]
pub struct CommunitySettings {
    pub room: RoomSettings,
    pub market: MarketSettings,
    pub news: NewsSettings,
    pub breaker: BreakerSettings,
    pub retry: RetrySettings,
    /// The AI marker in every bot's display name.
    pub marker: String,
    /// Tiers, cache, record/replay (the providers are passed to `start`).
    pub gateway: GatewayOptions,
    pub budget: BudgetSettings,
    /// Retention of people's messages.
    pub privacy: PrivacySettings,
}

impl Default for CommunitySettings {
    fn default() -> Self {
        CommunitySettings {
            room: RoomSettings::default(),
            market: MarketSettings::default(),
            news: NewsSettings::default(),
            breaker: BreakerSettings::default(),
            retry: RetrySettings::default(),
            marker: engine::DEFAULT_AI_MARKER.into(),
            gateway: GatewayOptions::default(),
            budget: BudgetSettings::default(),
            privacy: PrivacySettings::default(),
        }
    }
}

/// A running community.
pub struct Community {
    pub rooms: Vec<RoomHandle>,
    pub gateway: Addr<LlmGatewayActor>,
    pub market: Addr<MarketActor>,
    pub store: Store,
    /// What the community's LLM calls cost.
    pub meter: Meter,
    pub clock: Clock,
    pub budget: BudgetSettings,
    /// Deletes people's messages past the retention.
    pub retention: Addr<RetentionActor>,
}

impl Community {
    /// Writes a community file's room and personas into the store: rooms and
    /// personas are created or updated, memberships added. Idempotent.
    pub async fn import(
        store: &Store,
        c: &engine::community::Community,
        marker: &str,
        now_ms: i64,
    ) -> anyhow::Result<()> {
        let stored = store.room(c.room.slug.as_str()).await.context("loading the room")?;
        let room = RoomRow {
            id: c.room.slug.to_string(),
            name: c.room.name.clone(),
            topic: c.room.topic.clone(),
            created_at: now_ms,
            prices: c.room.prices.or(stored.map(|r| r.prices)).unwrap_or_default(),
        };
        store.upsert_room(&room).await.context("storing the room")?;
        Self::import_personas(store, c, marker, now_ms).await
    }

    /// Writes the personas and their memberships of an existing room.
    pub async fn import_personas(
        store: &Store,
        c: &engine::community::Community,
        marker: &str,
        now_ms: i64,
    ) -> anyhow::Result<()> {
        let room = c.room.slug.as_str();
        for p in &c.personas {
            store
                .upsert_bot(p, &p.display_name(marker), now_ms)
                .await
                .with_context(|| format!("storing bot {}", p.username))?;
            store.join(room, p.username.as_str()).await.context("adding the bot to the room")?;
        }
        Ok(())
    }

    /// Starts the actors for every room in the store. Must run inside an actix system.
    pub async fn start(
        store: Store,
        providers: &[ProviderConfig],
        settings: CommunitySettings,
        clock: Clock,
    ) -> anyhow::Result<Community> {
        let options = GatewayOptions { breaker: settings.breaker, retry: settings.retry, ..settings.gateway.clone() };
        let meter = Meter::default();
        let gateway = LlmGatewayActor::build(providers, &options, clock, meter.clone())?.start();
        let factory =
            BotFactory { store: store.clone(), gateway: gateway.clone().recipient(), clock, seed: settings.room.seed };
        let mut rooms = Vec::new();
        for row in store.rooms().await.context("loading rooms")? {
            let (id, name, topic, prices) = (row.id.clone(), row.name.clone(), row.topic.clone(), row.prices);
            let addr = ChatRoomActor::new(row, store.clone(), factory.clone(), settings.room.clone(), clock)
                .with_spending(meter.clone(), settings.budget)
                .start();
            rooms.push(RoomHandle::new(id, name, topic, addr).with_prices(prices));
        }
        let feeds = rooms.iter().map(|r| MarketRoom { prices: r.prices, recipient: r.market_recipient() }).collect();
        let offset = settings.room.pacing.utc_offset_minutes;
        let (market_settings, news) = (settings.market.clone(), settings.news.clone());
        let market = MarketActor::start(market_settings, news, feeds, store.clone(), clock, offset).await?;
        let forget = rooms.iter().map(RoomHandle::forget_recipient).collect();
        let retention = RetentionActor::new(store.clone(), clock, settings.privacy.clone(), forget).start();
        Ok(Community { rooms, gateway, market, store, meter, clock, budget: settings.budget, retention })
    }

    /// Deletes one person's messages everywhere, transcripts included.
    pub async fn forget(&self, who: &PersonId) -> anyhow::Result<schema::Forgotten> {
        let rooms: Vec<_> = self.rooms.iter().map(RoomHandle::forget_recipient).collect();
        crate::privacy::forget(&self.store, &rooms, who).await
    }

    pub fn room(&self, id: &str) -> Option<&RoomHandle> {
        self.rooms.iter().find(|r| r.id == id)
    }
}
