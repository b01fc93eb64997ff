//! A community on virtual time with a real SQLite store, the bundled
//! personas in one room on simulated or live prices, and a quiet simulator
//! (no bundled headlines) so the tests bring the news.

use actors::clock::Clock;
use actors::llm::{ProviderConfig, ProviderKind};
use actors::market::feeds::FeedSettings;
use actors::market::prices::{AdapterKind, AdapterSettings};
use actors::market::{MarketSettings, NewsSettings};
use actors::{Community, CommunitySettings};
use engine::ids::Millis;
use engine::market::PriceMode;
use fakes::LogCapture;
use schema::Store;

/// Tuesday 2026-11-24 11:00 Istanbul.
pub const T0: Millis = Millis(1_795_507_200_000);

pub fn fake_llm() -> Vec<ProviderConfig> {
    vec![ProviderConfig::new("fake", ProviderKind::Fake)]
}

/// A simulator that moves little and tells no bundled news.
pub fn quiet_market() -> MarketSettings {
    MarketSettings { bundled_headlines: false, speedup: 1.0, ..MarketSettings::default() }
}

pub fn feed(name: &str, url: String, interval_ms: u64) -> FeedSettings {
    FeedSettings { name: name.into(), url, interval_ms: Some(interval_ms) }
}

pub fn adapter(name: &str, kind: AdapterKind, url: String, symbols: &[(&str, &str)]) -> AdapterSettings {
    AdapterSettings {
        name: name.into(),
        kind,
        url,
        interval_ms: 60_000,
        symbols: symbols.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
        changes: Default::default(),
    }
}

/// The store at `url` holds the bundled room (on `prices`) and its first `bots` personas.
pub async fn store_with_room(url: &str, prices: PriceMode, bots: usize) -> Store {
    let store = Store::connect(url).await.unwrap();
    let mut c = engine::community::Community::from_yaml(include_str!("../../../data/community.yaml")).unwrap();
    c.room.prices = Some(prices);
    c.personas.truncate(bots);
    for p in &mut c.personas {
        p.active_hours = vec!["00:00-24:00".into()];
        p.per_hour = 30;
        p.min_gap_secs = 20;
    }
    Community::import(&store, &c, "🤖", 0).await.unwrap();
    store
}

/// Starts the community at `T0` on the store.
pub async fn start(
    store: Store,
    providers: &[ProviderConfig],
    market: MarketSettings,
    news: NewsSettings,
) -> Community {
    let settings = CommunitySettings { market, news, ..CommunitySettings::default() };
    Community::start(store, providers, settings, Clock::starting_at(T0)).await.unwrap()
}

pub fn sqlite(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}", dir.path().join("market.db").display())
}

/// The logs of this test binary, every test's (a per-thread subscriber
/// misses events when tests run in parallel): tests look for their own
/// source names.
pub fn capture_logs() -> LogCapture {
    static CAPTURE: std::sync::OnceLock<LogCapture> = std::sync::OnceLock::new();
    CAPTURE
        .get_or_init(|| {
            let out = LogCapture::default();
            let writer = out.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::INFO)
                .with_writer(move || writer.clone())
                .with_ansi(false)
                .finish();
            tracing::subscriber::set_global_default(subscriber).unwrap();
            out
        })
        .clone()
}

/// Lets `secs` of virtual time pass.
pub async fn advance(secs: u64) {
    tokio::time::sleep(std::time::Duration::from_secs(secs)).await;
}

/// The events on a room's stream so far.
pub fn drain(rx: &mut tokio::sync::broadcast::Receiver<actors::events::RoomEvent>) -> Vec<actors::events::RoomEvent> {
    let mut out = Vec::new();
    loop {
        match rx.try_recv() {
            Ok(e) => out.push(e),
            Err(tokio::sync::broadcast::error::TryRecvError::Lagged(_)) => {}
            Err(_) => return out,
        }
    }
}

pub fn headlines(events: &[actors::events::RoomEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            actors::events::RoomEvent::Headline(h) => Some(h.text.clone()),
            _ => None,
        })
        .collect()
}
