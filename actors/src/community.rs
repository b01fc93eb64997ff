//! Starting a whole community: the gateway, the market, the retention job,
//! and one room actor (with its bots) per running room in the store. The
//! running rooms live in a shared [`RoomRegistry`], so rooms created or
//! archived at run time (see [`crate::control`]) reach the market, the
//! retention job and the channels at once.
//!
//! - `registry`: the running rooms.

mod registry;

pub use registry::RoomRegistry;

use crate::bot::BotFactory;
use crate::clock::Clock;
use crate::control::Live;
use crate::control::llm::{LlmChain, LlmState};
use crate::gateway::{GatewayOptions, LlmGatewayActor, RetrySettings};
use crate::llm::ProviderConfig;
use crate::market::{MarketActor, MarketSettings, NewsSettings};
use crate::meter::Meter;
use crate::privacy::{PersonId, PrivacySettings, RetentionActor};
use crate::room::{ChatRoomActor, RoomHandle, RoomSettings};
use crate::secrets::TokenCipher;
use crate::workers::{Leases, Ownership, RedisSettings, SharedCache, Workers};
use actix::prelude::*;
use anyhow::Context as _;
use engine::breaker::BreakerSettings;
use engine::budget::BudgetSettings;
use engine::control::{LiveLlm, LivePrivacy, LiveSettings, RoomConfig};
use schema::{MessageWriter, RoomRow, Store};
use secrecy::SecretString;
use std::sync::{Arc, Mutex, PoisonError};

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
    /// The key that seals secrets at rest (`telegram.token_key`): provider
    /// keys given at run time are stored encrypted with it.
    pub secret_key: Option<SecretString>,
    /// Workers mode (`[redis]`): rooms come to this process by lease.
    pub redis: Option<RedisSettings>,
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
            secret_key: None,
            redis: None,
        }
    }
}

impl CommunitySettings {
    /// The settings that change at run time, as given at start (stored
    /// overrides go on top).
    pub fn live(&self) -> LiveSettings {
        LiveSettings {
            room: RoomConfig { pacing: self.room.pacing.clone(), floor: self.room.floor.clone() },
            compliance: self.room.guard.clone(),
            llm: LiveLlm { budget: self.budget },
            privacy: LivePrivacy { retention_days: self.privacy.retention_days },
        }
    }
}

/// A running community. Operators change it while it runs through the
/// methods in [`crate::control`]; every change is stored before it is
/// acknowledged and reaches the running actors without a restart.
pub struct Community {
    pub gateway: Addr<LlmGatewayActor>,
    pub market: Addr<MarketActor>,
    pub store: Store,
    /// What the community's LLM calls cost.
    pub meter: Meter,
    pub clock: Clock,
    /// Deletes people's messages past the retention.
    pub retention: Addr<RetentionActor>,
    pub(crate) rooms: RoomRegistry,
    pub(crate) live: Arc<Mutex<Live>>,
    pub(crate) spawner: RoomSpawner,
    pub(crate) marker: String,
    /// Operators' changes, one at a time (each reads, checks and writes).
    pub(crate) changes: tokio::sync::Mutex<()>,
    /// Seals provider keys given at run time.
    pub(crate) sealer: Option<Arc<TokenCipher>>,
    pub(crate) llm: Mutex<LlmState>,
    /// Workers mode: this worker's leases (none for a single process).
    pub(crate) workers: Option<Workers>,
}

/// Starts room actors with their stored state and the live settings.
#[derive(Clone)]
pub(crate) struct RoomSpawner {
    store: Store,
    /// Every room's messages go through this one writer.
    writer: MessageWriter,
    pub(crate) factory: BotFactory,
    /// Seed, turn timeout and /privacy text; pacing, floor and guard come
    /// from the live settings.
    base: RoomSettings,
    clock: Clock,
    meter: Meter,
}

impl RoomSpawner {
    /// Now, on the community's clock (ms).
    pub(crate) fn now_ms(&self) -> i64 {
        self.clock.now().0
    }

    /// Starts the room's actor (its bots start with it) with the room's
    /// stored pause and own settings over `live`; with `fence`, every
    /// message it stores checks that fencing token (workers mode).
    pub(crate) async fn start(
        &self,
        row: RoomRow,
        live: &LiveSettings,
        fence: Option<i64>,
    ) -> anyhow::Result<RoomHandle> {
        let state = self.store.room_state(&row.id).await?.with_context(|| format!("room {} is not stored", row.id))?;
        let overrides = crate::control::room_overrides(&row.id, &state.settings);
        let config = live.room.with_overrides(&overrides).unwrap_or_else(|e| {
            tracing::warn!(room = %row.id, error = %e, "the room's own settings no longer fit; it uses the defaults");
            live.room.clone()
        });
        let mut settings = self.base.clone();
        settings.pacing = config.pacing;
        settings.floor = config.floor;
        settings.guard = live.compliance.clone();
        let (id, name, topic, prices) = (row.id.clone(), row.name.clone(), row.topic.clone(), row.prices);
        let actor = ChatRoomActor::new(
            row,
            self.store.clone(),
            self.writer.clone(),
            self.factory.clone(),
            settings,
            self.clock,
        )
        .with_spending(self.meter.clone(), live.llm.budget)
        .paused(state.paused)
        .fenced(fence);
        let paused = actor.paused_flag();
        let started = self.clock.now().0;
        Ok(RoomHandle::new(id, name, topic, actor.start(), paused)
            .with_prices(prices)
            .started_at(started)
            .fenced(fence))
    }
}

impl Community {
    /// Seeds the store from a community file: its room, personas and
    /// memberships are created when missing. What is stored already is left
    /// as it is (operators edit it at run time; the store wins over the
    /// file), except that display names follow the current AI marker.
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
        store.create_room(&room).await.context("storing the room")?;
        for p in &c.personas {
            let id = p.username.as_str();
            match store.bot(id).await.with_context(|| format!("loading bot {id}"))? {
                None => {
                    store
                        .create_bot(p, &p.display_name(marker), now_ms)
                        .await
                        .with_context(|| format!("storing bot {id}"))?;
                }
                Some(row) => {
                    let stored = row.persona()?;
                    let display = stored.display_name(marker);
                    if row.display_name != display {
                        store.update_persona(&stored, &display, now_ms).await?;
                    }
                }
            }
            store.join_if_absent(&room.id, id).await.context("adding the bot to the room")?;
        }
        Ok(())
    }

    /// Starts the actors for every running room in the store, with the
    /// stored run-time settings over `settings`. Must run inside an actix system.
    pub async fn start(
        store: Store,
        providers: &[ProviderConfig],
        settings: CommunitySettings,
        clock: Clock,
    ) -> anyhow::Result<Community> {
        let sealer = settings.secret_key.as_ref().map(TokenCipher::from_hex).transpose()?.map(Arc::new);
        let file = LlmChain { chain: providers.to_vec(), tiers: settings.gateway.tiers.clone() };
        let mut options =
            GatewayOptions { breaker: settings.breaker, retry: settings.retry, ..settings.gateway.clone() };
        // Workers: this worker's leases in Redis; the response cache is shared there too.
        let leases = match &settings.redis {
            Some(redis) => {
                let me = redis.worker_id();
                let address = redis.advertise_url.clone().unwrap_or_else(|| "http://127.0.0.1:8080".into());
                let leases = Leases::new(redis, &me, &address)?;
                options.shared_cache = Some(SharedCache::new(leases.clone(), options.cache.ttl_secs));
                Some((leases, me))
            }
            None => None,
        };
        let meter = Meter::default();
        // An operator's chain (stored) wins over the file's; one that no
        // longer loads or builds leaves the file's in use, said loudly.
        let stored = match crate::control::llm::load_stored(&store, sealer.as_deref()).await {
            Ok(stored) => stored,
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "the stored LLM chain cannot be used; the file's is");
                None
            }
        };
        let mut built = None;
        if let Some(chain) = &stored {
            options.tiers = chain.tiers.clone();
            match LlmGatewayActor::build(&chain.chain, &options, clock, meter.clone()) {
                Ok(gw) => built = Some(gw),
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), "the stored LLM chain does not build; the file's is used")
                }
            }
        }
        let in_use = match (built, stored) {
            (Some(gw), Some(chain)) => (gw, LlmState { chain, stored: true, file: file.clone() }),
            _ => {
                options.tiers = file.tiers.clone();
                let gw = LlmGatewayActor::build(providers, &options, clock, meter.clone())?;
                (gw, LlmState { chain: file.clone(), stored: false, file })
            }
        };
        let (gateway, llm) = (in_use.0.start(), in_use.1);
        let factory = BotFactory {
            store: store.clone(),
            gateway: gateway.clone().recipient(),
            clock,
            seed: settings.room.seed,
            limiters: match settings.redis {
                Some(_) => crate::bot::Limiters::across_workers(),
                None => Default::default(),
            },
            books: Default::default(),
            memories: Default::default(),
            minds: Default::default(),
            actors: Default::default(),
        };
        let live = Live::load(&store, settings.live()).await?;
        let spawner = RoomSpawner {
            store: store.clone(),
            writer: MessageWriter::start(store.clone()),
            factory,
            base: settings.room.clone(),
            clock,
            meter: meter.clone(),
        };
        let rooms = RoomRegistry::default();
        let live = Arc::new(Mutex::new(live));
        let workers = match (&settings.redis, leases) {
            // Workers: the ownership loop takes this worker's share of the rooms.
            (Some(redis), Some((leases, me))) => {
                let every = std::time::Duration::from_millis(redis.renew_every_ms());
                let (spawner, live, rooms) = (spawner.clone(), live.clone(), rooms.clone());
                // The budgets count every worker's spend.
                meter.share();
                let (ttl, m) = (redis.lease_ttl_ms, meter.clone());
                let own = Ownership::new(leases, store.clone(), spawner, live, rooms, m, ttl, every, me);
                Some(own.start())
            }
            _ => {
                let current = live.lock().unwrap_or_else(PoisonError::into_inner).current.clone();
                for row in store.rooms().await.context("loading rooms")? {
                    rooms.put(spawner.start(row, &current, None).await?);
                }
                None
            }
        };
        let retention_days = live.lock().unwrap_or_else(PoisonError::into_inner).current.privacy.retention_days;
        let offset = settings.room.pacing.utc_offset_minutes;
        let (market_settings, news) = (settings.market.clone(), settings.news.clone());
        let market = MarketActor::start(market_settings, news, rooms.clone(), store.clone(), clock, offset).await?;
        let privacy = PrivacySettings { retention_days, ..settings.privacy };
        let retention = RetentionActor::new(store.clone(), clock, privacy, rooms.clone()).start();
        Ok(Community {
            gateway,
            market,
            store,
            meter,
            clock,
            retention,
            rooms,
            live,
            spawner,
            marker: settings.marker,
            changes: tokio::sync::Mutex::new(()),
            sealer,
            llm: Mutex::new(llm),
            workers,
        })
    }

    /// Deletes one person's messages everywhere, transcripts included.
    pub async fn forget(&self, who: &PersonId) -> anyhow::Result<schema::Forgotten> {
        let rooms: Vec<_> = self.rooms.all().iter().map(RoomHandle::forget_recipient).collect();
        crate::privacy::forget(&self.store, &rooms, who, self.clock.now().0).await
    }

    /// Stops every room's actor and bots, for a shutdown: a turn in flight
    /// is dropped before anything of it is stored, open streams end, and
    /// nothing is stored as changed (the next start runs the same rooms).
    pub async fn stop_rooms(&self) {
        // A worker gives its leases back: the others take its rooms at once.
        if let Some(workers) = &self.workers {
            workers.leave().await;
        }
        for room in self.rooms.all() {
            // A room that already stopped has nothing left to stop.
            let _ = room.stop().await;
        }
    }

    /// A bot's mood and beliefs (−1 … +1 by ticker) as this process holds
    /// them now; `None` when none of its rooms runs here.
    pub fn mind_of(&self, bot: &str) -> Option<(engine::mood::Mood, std::collections::BTreeMap<String, f64>)> {
        let mind = self.spawner.factory.minds.get(bot)?;
        let now = self.clock.now();
        Some((mind.mood(now), mind.with_beliefs(now, |b| b.all().clone())))
    }

    /// The running room `id`.
    pub fn room(&self, id: &str) -> Option<RoomHandle> {
        self.rooms.get(id)
    }

    /// Every running room, in creation order.
    pub fn rooms(&self) -> Vec<RoomHandle> {
        self.rooms.all()
    }

    /// The running rooms as a shared list that follows rooms created and
    /// archived at run time (channels hold it).
    pub fn registry(&self) -> RoomRegistry {
        self.rooms.clone()
    }

    /// The spending limits in effect (`llm.budget.*`, live).
    pub fn budget(&self) -> BudgetSettings {
        self.live.lock().unwrap_or_else(PoisonError::into_inner).current.llm.budget
    }

    /// Workers mode: this worker's leases and view (none for a single process).
    pub fn workers(&self) -> Option<&Workers> {
        self.workers.as_ref()
    }

    /// The AI marker in front of every bot's name.
    pub fn marker(&self) -> &str {
        &self.marker
    }
}
