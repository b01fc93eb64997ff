//! Starting communities for the control tests.

use actors::clock::Clock;
use actors::events::{MessageView, RoomEvent};
use actors::llm::{ProviderConfig, ProviderKind};
use actors::{Community, CommunitySettings};
use engine::ids::Millis;
use engine::persona::Persona;
use engine::transcript::AuthorKind;
use schema::Store;
use std::future::Future;
use std::path::Path;
use tokio::sync::broadcast;

/// Tuesday 2026-11-24 11:00 Istanbul: a busy market hour.
pub const TUESDAY_11: Millis = Millis(1_795_507_200_000);
/// The bundled community's room.
pub const ROOM: &str = "piyasa-sohbet";
pub const MARKER: &str = "🤖";

/// The first `n` bundled personas, awake at all hours and free to talk.
pub fn personas(n: usize) -> Vec<Persona> {
    let c = engine::community::Community::from_yaml(include_str!("../../../data/community.yaml")).unwrap();
    c.personas
        .into_iter()
        .take(n)
        .map(|mut p| {
            p.active_hours = vec!["00:00-24:00".into()];
            p.per_hour = 30;
            p.min_gap_secs = 20;
            p
        })
        .collect()
}

/// The store at `dir/room.db`, seeded with the bundled room and `n` personas.
pub async fn seeded(dir: &Path, n: usize) -> Store {
    let store = Store::connect(&format!("sqlite://{}", dir.join("room.db").display())).await.unwrap();
    let mut c = engine::community::Community::from_yaml(include_str!("../../../data/community.yaml")).unwrap();
    c.personas = personas(n);
    Community::import(&store, &c, MARKER, 0).await.unwrap();
    store
}

pub fn fake() -> Vec<ProviderConfig> {
    vec![ProviderConfig::new("fake", ProviderKind::Fake)]
}

/// A community on `store` on virtual time starting at `at`.
pub async fn start_at(store: Store, settings: CommunitySettings, at: Millis) -> Community {
    Community::start(store, &fake(), settings, Clock::starting_at(at)).await.unwrap()
}

/// A fresh community of `n` bots in the bundled room, on virtual time.
pub async fn start(n: usize) -> (Community, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(dir.path(), n).await;
    (start_at(store, CommunitySettings::default(), TUESDAY_11).await, dir)
}

/// Runs `f` in a fresh actix system on its own thread, on virtual time:
/// when it returns, the system and every actor in it are gone (a process
/// that stopped). Its result comes back.
pub fn in_system<F, Fut, T>(f: F) -> T
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = T> + 'static,
    T: Send + 'static,
{
    std::thread::spawn(move || {
        actix::System::new().block_on(async move {
            tokio::time::pause();
            f().await
        })
    })
    .join()
    .expect("the system ran")
}

/// Every event received so far.
pub fn events(rx: &mut broadcast::Receiver<RoomEvent>) -> Vec<RoomEvent> {
    let mut out = Vec::new();
    loop {
        match rx.try_recv() {
            Ok(e) => out.push(e),
            Err(broadcast::error::TryRecvError::Lagged(_)) => {}
            Err(_) => return out,
        }
    }
}

/// Waits (virtual time) for the first event `pick` accepts.
pub async fn first<T>(rx: &mut broadcast::Receiver<RoomEvent>, pick: impl Fn(&RoomEvent) -> Option<T>) -> T {
    loop {
        match rx.recv().await {
            Ok(e) => {
                if let Some(t) = pick(&e) {
                    return t;
                }
            }
            Err(broadcast::error::RecvError::Lagged(_)) => {}
            Err(broadcast::error::RecvError::Closed) => panic!("the room stopped"),
        }
    }
}

/// Sleeps `minutes` of virtual time a minute at a time, collecting the
/// room's events (the stream buffer is not outrun).
pub async fn run_for(rx: &mut broadcast::Receiver<RoomEvent>, minutes: u64) -> Vec<RoomEvent> {
    let mut out = Vec::new();
    for _ in 0..minutes {
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        out.extend(events(rx));
    }
    out
}

/// The bot messages among `events`.
pub fn bots_in(events: &[RoomEvent]) -> Vec<&MessageView> {
    events
        .iter()
        .filter_map(|e| match e {
            RoomEvent::Message(m) if m.author.kind == AuthorKind::Bot => Some(&**m),
            _ => None,
        })
        .collect()
}
