//! Bots' books on the running market: a crash through a holder's stop
//! fills it at once, the trade is stored, and the books it leaves add up.

use crate::support::*;
use actors::market::NewsSettings;
use engine::book::{Book, Reason, Side, reconciles};
use engine::market::PriceMode;

#[actix::test]
async fn a_crash_through_a_stop_sells_the_holding_and_the_trade_is_stored() {
    tokio::time::pause();
    let dir = tempfile::tempdir().unwrap();
    // mehmet_bist (long holder, THYAO far above his cost) and can_scalp
    // (day trader, THYAO near his cost, a tight stop).
    let store = store_with_room(&sqlite(&dir), PriceMode::Simulated, 2).await;
    let c = start(store.clone(), &fake_llm(), quiet_market(), NewsSettings::default()).await;
    advance(60).await;
    assert!(store.trades_of("can_scalp").await.unwrap().is_empty());
    c.shock("THYAO", -9.0, "test").await.unwrap();
    let thy = |qs: Vec<engine::market::Quote>| qs.into_iter().find(|q| q.symbol == "THYAO").unwrap().price;
    let price = thy(c.quotes(PriceMode::Simulated).await.unwrap());
    // The trade is stored by a spawned write on a blocking thread (real
    // time): wait for it rather than for a fixed stretch of virtual time.
    let mut scalper = Vec::new();
    for _ in 0..100 {
        advance(1).await;
        scalper = store.trades_of("can_scalp").await.unwrap();
        if !scalper.is_empty() {
            break;
        }
        tokio::task::yield_now().await;
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let sold: Vec<_> = scalper.iter().filter(|t| t.symbol == "THYAO").collect();
    assert_eq!(sold.len(), 1, "{scalper:?}");
    assert_eq!((sold[0].side, sold[0].qty, sold[0].reason), (Side::Sell, 300.0, Reason::StopLoss));
    // At the market's price after the crash, not at the stop's level or
    // the cost. The fill is usually at the crash's own step; once, in a
    // loaded CI run (2026-12-07), it was at another price (cause not found:
    // timing under load, perhaps a later step), and the quiet market moves
    // well under a percent in a few steps.
    let off = (sold[0].price / price - 1.0).abs();
    assert!(off < 0.01, "filled at {} against the market's {price} after the crash: {scalper:?}", sold[0].price);
    assert!(
        !store.trades_of("mehmet_bist").await.unwrap().iter().any(|t| t.symbol == "THYAO"),
        "a long holder still in profit keeps his THYAO"
    );
    // The books as stored add up, and hold no THYAO any more.
    let persona = store.bot("can_scalp").await.unwrap().unwrap().persona().unwrap();
    let book = Book::replay(&persona, scalper.clone()).unwrap();
    reconciles(&persona, &scalper, &book).unwrap();
    assert!(book.position("THYAO").is_none());
}
