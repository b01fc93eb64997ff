//! A restart keeps the last known prices (both books) and the stories
//! already seen: each life of the community is its own actix system on its
//! own thread, on the same SQLite file.

use crate::support::*;
use actors::market::prices::AdapterKind;
use actors::market::{MarketSettings, NewsSettings};
use engine::market::PriceMode;
use fakes::{FakeMarket, Story};
use serde_json::json;

fn life<T: Send + 'static>(f: impl AsyncFnOnce() -> T + Send + 'static) -> T {
    std::thread::spawn(move || {
        actix::System::new().block_on(async move {
            tokio::time::pause();
            f().await
        })
    })
    .join()
    .unwrap()
}

#[test]
fn a_restart_keeps_the_last_known_prices_and_does_not_repeat_the_news() {
    let mut server = FakeMarket::start();
    server.set_json("/bist", &json!({"THYAO": {"last": 300.5}}));
    server.set_rss("/rss", &[Story::new("THY yolcu sayısında rekor kırdı", T0.0 - 60_000)]);
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite(&dir);
    let market = MarketSettings {
        adapters: vec![adapter("bist", AdapterKind::Json, server.url("/bist"), &[("THYAO", "/THYAO/last")])],
        ..quiet_market()
    };
    let news = NewsSettings { feeds: vec![feed("aa", server.url("/rss"), 60_000)], ..NewsSettings::default() };
    let (m, n, u) = (market.clone(), news.clone(), url.clone());
    let before = life(async move || {
        let store = store_with_room(&u, PriceMode::Live, 3).await;
        let c = start(store, &fake_llm(), m, n).await;
        advance(5).await;
        c.shock("GARAN", -8.0, "test").await.unwrap();
        advance(5).await;
        let garan = c.quotes(PriceMode::Simulated).await.unwrap().into_iter().find(|q| q.symbol == "GARAN").unwrap();
        let heard = c.market_status().await.unwrap().headlines.len();
        (garan, heard)
    });
    assert_eq!(before.1, 1, "the story was news the first time");
    // The price server is down when Piyasa starts again.
    server.go_down();
    let after = life(async move || {
        let store = store_with_room(&url, PriceMode::Live, 3).await;
        let c = start(store, &fake_llm(), market, news).await;
        let mut rx = c.rooms()[0].subscribe().await.unwrap();
        advance(2).await;
        let live = c.quotes(PriceMode::Live).await.unwrap();
        let garan = c.quotes(PriceMode::Simulated).await.unwrap().into_iter().find(|q| q.symbol == "GARAN").unwrap();
        let events = drain(&mut rx);
        (live, garan, events, c.market_status().await.unwrap().headlines.len())
    });
    let (live, garan, _events, heard) = after;
    assert_eq!(live.iter().map(|q| (q.symbol.as_str(), q.price)).collect::<Vec<_>>(), [("THYAO", 300.5)]);
    // A step or two of the random walk may have passed since; a fresh simulator would be back at 128.
    assert!(
        (garan.price / before.0.price - 1.0).abs() < 0.01,
        "the simulator goes on from its saved price: {} then {}",
        before.0.price,
        garan.price
    );
    assert!(garan.price < 122.0, "not the fresh start price: {}", garan.price);
    assert!(garan.change_pct < -7.0, "and from its reference: {}", garan.change_pct);
    assert_eq!(heard, 0, "the feed's story is not news again after the restart");
}
