//! Operators' events: a headline or a shock now, an event another process
//! queued, a bad input refused with nothing changed.

use crate::support::*;
use actors::market::NewsSettings;
use actors::market::operator::{self, MarketInputError};
use engine::market::PriceMode;

async fn sim_price(c: &actors::Community, symbol: &str) -> f64 {
    c.quotes(PriceMode::Simulated).await.unwrap().into_iter().find(|q| q.symbol == symbol).unwrap().price
}

#[actix::test]
async fn an_injected_headline_and_shock_reach_the_room_now_and_move_prices() {
    tokio::time::pause();
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_room(&sqlite(&dir), PriceMode::Simulated, 4).await;
    let c = start(store.clone(), &fake_llm(), quiet_market(), NewsSettings::default()).await;
    let mut rx = c.rooms()[0].subscribe().await.unwrap();
    advance(1).await;
    let before = sim_price(&c, "THYAO").await;
    let applied = c.inject_headline("THY'ye soruşturma açıldı", Some("THYAO"), Some(-1), "test").await.unwrap();
    assert!(applied.moves.iter().any(|m| m.symbol == "THYAO" && m.step_pct < 0.0), "{applied:?}");
    assert!(sim_price(&c, "THYAO").await < before, "bad news moves the simulated price down");
    let shocked = c.shock("GARAN", 10.0, "test").await.unwrap();
    assert!((shocked.moves[0].step_pct - 10.0).abs() < 1e-9);
    advance(1).await;
    assert_eq!(headlines(&drain(&mut rx)), ["THY'ye soruşturma açıldı"]);
    // Both are on record, applied.
    assert!(c.pending_market_events().await.unwrap().is_empty());
    // Refused inputs change nothing.
    let garan = sim_price(&c, "GARAN").await;
    assert_eq!(c.shock("GARAM", 5.0, "test").await.unwrap_err(), MarketInputError::UnknownSymbol("GARAM".into()));
    assert!(matches!(c.shock("GARAN", 90.0, "test").await, Err(MarketInputError::BadJump(_))));
    assert!(matches!(c.inject_headline("?", None, None, "test").await, Err(MarketInputError::BadHeadline)));
    assert_eq!(sim_price(&c, "GARAN").await, garan);
}

#[actix::test]
async fn an_event_queued_by_another_process_is_applied_once_when_due() {
    tokio::time::pause();
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_room(&sqlite(&dir), PriceMode::Simulated, 4).await;
    let c = start(store.clone(), &fake_llm(), quiet_market(), NewsSettings::default()).await;
    let mut rx = c.rooms()[0].subscribe().await.unwrap();
    // What `piyasa market inject --at +2m` does: a row in the store, nothing more.
    let ev = operator::headline_event("Aselsan yurt dışından dev sipariş aldı", None, None, "cli").unwrap();
    let now = c.clock.now();
    operator::queue(&store, &[(now.plus_ms(120_000), ev)], now).await.unwrap();
    advance(60).await;
    assert!(headlines(&drain(&mut rx)).is_empty(), "not due yet");
    advance(70).await;
    assert_eq!(headlines(&drain(&mut rx)), ["Aselsan yurt dışından dev sipariş aldı"]);
    advance(60).await;
    assert!(headlines(&drain(&mut rx)).is_empty(), "applied once");
    assert!(store.pending_market_events().await.unwrap().is_empty());
}

#[actix::test]
async fn bad_news_turns_the_rooms_stance_on_the_ticker_down() {
    tokio::time::pause();
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_room(&sqlite(&dir), PriceMode::Simulated, 6).await;
    let c = start(store, &fake_llm(), quiet_market(), NewsSettings::default()).await;
    advance(5).await;
    let before = c.rooms()[0].stances().await.unwrap();
    c.inject_headline("THY'ye soruşturma açıldı", Some("THYAO"), Some(-1), "test").await.unwrap();
    c.shock("THYAO", -9.0, "test").await.unwrap();
    advance(5).await;
    let after = c.rooms()[0].stances().await.unwrap();
    assert!(after["THYAO"] < before.get("THYAO").copied().unwrap_or(0.0) - 0.2, "{before:?} → {after:?}");
}
