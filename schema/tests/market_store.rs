//! Market tables (quotes, operator events, seen news, a room's price mode),
//! each test against a fresh SQLite file and a fresh PostgreSQL database
//! (PostgreSQL at `PIYASA_TEST_PG`, default 127.0.0.1:5432, trust auth).

use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use engine::market::{PriceMode, SavedQuote};
use schema::{NewMarketEvent, RoomRow, Store};

async fn fresh_pg() -> String {
    let admin =
        std::env::var("PIYASA_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let name = format!("piyasa_mk_{}_{}", std::process::id(), nanos % 1_000_000_007);
    let mut c = AsyncPgConnection::establish(&admin).await.expect("PostgreSQL must run for the store tests");
    c.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
    format!("{}/{name}", admin.rsplit_once('/').unwrap().0)
}

async fn stores() -> Vec<(Store, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let sqlite = Store::connect(&url).await.unwrap();
    let pg = Store::connect(&fresh_pg().await).await.unwrap();
    vec![(sqlite, Some(dir)), (pg, None)]
}

fn quote(symbol: &str, price: f64, at_ms: i64) -> SavedQuote {
    SavedQuote {
        symbol: symbol.into(),
        price,
        reference: 100.0,
        change_pct: Some(1.5),
        source: "binance".into(),
        at_ms,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_book_keeps_its_last_price_per_symbol() {
    for (store, _dir) in stores().await {
        store.save_quotes(PriceMode::Live, &[quote("BTCUSD", 97_000.5, 1), quote("THYAO", 310.2, 1)]).await.unwrap();
        store.save_quotes(PriceMode::Live, &[quote("BTCUSD", 98_000.25, 2)]).await.unwrap();
        let sim = SavedQuote { source: "simulator".into(), change_pct: None, ..quote("THYAO", 300.0, 3) };
        store.save_quotes(PriceMode::Simulated, std::slice::from_ref(&sim)).await.unwrap();
        let live = store.quotes(PriceMode::Live).await.unwrap();
        assert_eq!(live, vec![quote("BTCUSD", 98_000.25, 2), quote("THYAO", 310.2, 1)], "{}", store.backend());
        assert_eq!(store.quotes(PriceMode::Simulated).await.unwrap(), vec![sim]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_event_is_due_once_and_applied_once() {
    for (store, _dir) in stores().await {
        let ev = |due_at, origin: &str| NewMarketEvent {
            due_at,
            headline: Some(r#"{"symbol":"THYAO","direction":-1,"text":"x"}"#.into()),
            shocks: r#"[["THYAO",-8.0]]"#.into(),
            origin: origin.into(),
            created_at: 0,
            applied_at: None,
        };
        let ids =
            store.add_market_events(&[ev(100, "cli"), ev(50, "scenario:x"), ev(500, "scenario:x")]).await.unwrap();
        assert_eq!(ids.len(), 3);
        let due = store.due_market_events(200, 10).await.unwrap();
        assert_eq!(due.iter().map(|e| e.due_at).collect::<Vec<_>>(), [50, 100], "{}", store.backend());
        assert!(store.mark_market_event_applied(due[0].id, 201).await.unwrap());
        assert!(!store.mark_market_event_applied(due[0].id, 202).await.unwrap(), "applied only once");
        assert_eq!(store.due_market_events(200, 10).await.unwrap().len(), 1);
        assert_eq!(store.cancel_market_events("scenario:x").await.unwrap(), 1, "the applied one stays");
        assert_eq!(store.pending_market_events().await.unwrap().iter().map(|e| e.due_at).collect::<Vec<_>>(), [100]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seen_news_is_remembered_and_forgotten_by_age() {
    for (store, _dir) in stores().await {
        store.remember_news(&["a".into(), "b".into()], 10).await.unwrap();
        store.remember_news(&["b".into(), "c".into()], 20).await.unwrap();
        assert_eq!(store.recent_news_keys(0, 1).await.unwrap(), ["c"], "newest first");
        let mut all = store.recent_news_keys(0, 10).await.unwrap();
        all.sort();
        assert_eq!(all, ["a", "b", "c"]);
        assert_eq!(store.forget_news_before(15).await.unwrap(), 2, "b keeps the time it was first seen");
        assert_eq!(store.recent_news_keys(0, 10).await.unwrap(), ["c"]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_keeps_its_price_mode() {
    for (store, _dir) in stores().await {
        let mut room = RoomRow {
            id: "oda".into(),
            name: "Oda".into(),
            topic: String::new(),
            created_at: 1,
            prices: PriceMode::Live,
        };
        store.upsert_room(&room).await.unwrap();
        assert_eq!(store.room("oda").await.unwrap().unwrap().prices, PriceMode::Live);
        room.prices = PriceMode::Simulated;
        store.upsert_room(&room).await.unwrap();
        assert_eq!(store.room("oda").await.unwrap().unwrap().prices, PriceMode::Simulated);
    }
}
