//! News feeds against a fake feed server: conditional GETs, malformed
//! feeds, duplicates across feeds.

use crate::support::*;
use actors::market::NewsSettings;
use engine::market::PriceMode;
use fakes::{FakeMarket, MarketFault, Story};

fn news(feeds: Vec<actors::market::feeds::FeedSettings>) -> NewsSettings {
    NewsSettings { feeds, max_per_poll: 5, ..NewsSettings::default() }
}

#[actix::test]
async fn a_feed_is_fetched_with_its_etag_and_a_304_brings_nothing_new() {
    tokio::time::pause();
    let server = FakeMarket::start();
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_room(&sqlite(&dir), PriceMode::Simulated, 4).await;
    let c = start(store, &fake_llm(), quiet_market(), news(vec![feed("aa", server.url("/rss"), 60_000)])).await;
    let mut rx = c.rooms()[0].subscribe().await.unwrap();
    // Nothing at the URL yet: the first poll fails (404) and backs off to two intervals.
    advance(5).await;
    let stories = [
        Story::new("THY yolcu sayısında rekor kırdı", T0.0 - 600_000),
        Story::new("Garanti BBVA çeyreklik kârını artırdı", T0.0 - 300_000),
    ];
    server.set_rss("/rss", &stories);
    advance(125).await;
    let seen = headlines(&drain(&mut rx));
    assert_eq!(seen, ["THY yolcu sayısında rekor kırdı", "Garanti BBVA çeyreklik kârını artırdı"], "oldest first");
    // The next poll sends the ETag back and gets a 304: nothing new reaches the room.
    advance(60).await;
    let hits = server.hits("/rss");
    let statuses: Vec<u16> = hits.iter().map(|h| h.status).collect();
    assert_eq!(statuses, [404, 200, 304]);
    assert_eq!(hits[1].if_none_match, None, "a 404 leaves no validator");
    assert!(hits[2].if_none_match.as_deref().is_some_and(|e| e.starts_with("\"v")), "{hits:?}");
    assert!(headlines(&drain(&mut rx)).is_empty());
    // A changed feed is fetched whole; only the new story is news.
    let mut more = stories.to_vec();
    more.push(Story::new("Aselsan yurt dışından yeni sipariş aldı", T0.0 + 180_000));
    server.set_rss("/rss", &more);
    advance(60).await;
    assert_eq!(server.hits("/rss").last().map(|h| h.status), Some(200));
    assert_eq!(headlines(&drain(&mut rx)), ["Aselsan yurt dışından yeni sipariş aldı"]);
}

#[actix::test]
async fn the_same_story_in_two_feeds_reaches_the_room_once() {
    tokio::time::pause();
    let server = FakeMarket::start();
    server.set_rss("/aa", &[Story::new("THY yolcu sayısında rekor kırdı - AA", T0.0 - 60_000)]);
    server.set_atom(
        "/bloomberg",
        &[
            Story::new("THY Yolcu Sayısında Rekor Kırdı! | Bloomberg HT", T0.0 - 30_000),
            Story::new("Aselsan yeni savunma sipariş aldı", T0.0 - 20_000),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_room(&sqlite(&dir), PriceMode::Simulated, 4).await;
    let feeds = vec![feed("aa", server.url("/aa"), 60_000), feed("bloomberg", server.url("/bloomberg"), 60_000)];
    let c = start(store, &fake_llm(), quiet_market(), news(feeds)).await;
    let mut rx = c.rooms()[0].subscribe().await.unwrap();
    advance(200).await;
    let mut seen = headlines(&drain(&mut rx));
    // Both feeds may have been read before the subscription: the market keeps the last headlines too.
    if seen.len() < 2 {
        seen = c.market_status().await.unwrap().headlines.into_iter().map(|h| h.text).collect();
    }
    let thy = seen.iter().filter(|t| t.to_lowercase().contains("rekor")).count();
    assert_eq!(thy, 1, "one story, two feeds: {seen:?}");
    assert_eq!(seen.len(), 2, "{seen:?}");
}

#[actix::test]
async fn a_malformed_feed_is_logged_stores_nothing_and_is_read_again_in_full() {
    tokio::time::pause();
    let logs = capture_logs();
    let server = FakeMarket::start();
    server.set_rss("/rss", &[Story::new("Aselsan yeni sipariş aldı", T0.0 - 60_000)]);
    server.set_fault("/rss", MarketFault::Truncated);
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_room(&sqlite(&dir), PriceMode::Simulated, 4).await;
    let c =
        start(store.clone(), &fake_llm(), quiet_market(), news(vec![feed("broken-feed", server.url("/rss"), 60_000)]))
            .await;
    let mut rx = c.rooms()[0].subscribe().await.unwrap();
    advance(30).await;
    let text = logs.text();
    assert!(
        text.contains("news source failed")
            && text.contains("source=broken-feed")
            && text.contains("answer not understood"),
        "{text}"
    );
    assert!(headlines(&drain(&mut rx)).is_empty());
    assert!(store.recent_news_keys(0, 10).await.unwrap().is_empty(), "nothing stored");
    server.set_fault("/rss", MarketFault::Html);
    advance(125).await;
    assert!(headlines(&drain(&mut rx)).is_empty());
    server.set_fault("/rss", MarketFault::None);
    advance(250).await;
    let hits = server.hits("/rss");
    assert!(hits.iter().all(|h| h.if_none_match.is_none()), "a broken body's validator is never sent back: {hits:?}");
    assert_eq!(headlines(&drain(&mut rx)), ["Aselsan yeni sipariş aldı"]);
}
