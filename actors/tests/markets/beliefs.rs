//! A strong contrary headline on the running market: the bots that hold
//! the ticker turn against it more than those that do not, and the swing
//! fades on virtual time, each at its persona's own pace.

use crate::support::*;
use actors::market::NewsSettings;
use engine::market::PriceMode;

#[actix::test]
async fn a_contrary_headline_turns_the_holders_and_the_swing_fades_at_each_ones_pace() {
    tokio::time::pause();
    let dir = tempfile::tempdir().unwrap();
    // mehmet_bist (a long holder of THYAO), can_scalp (a day trader holding
    // it), and four who do not hold it.
    let store = store_with_room(&sqlite(&dir), PriceMode::Simulated, 6).await;
    let market = actors::market::MarketSettings { step_ms: 60_000, ..quiet_market() };
    let c = start(store.clone(), &fake_llm(), market, NewsSettings::default()).await;
    // The room is paused: no chatter, the market still reaches the bots.
    c.rooms()[0].set_paused(true).await.unwrap();
    advance(5).await;
    let bots: Vec<String> = store.bots().await.unwrap().into_iter().map(|b| b.id).collect();
    let holds = |bot: &str| {
        let c = engine::community::Community::from_yaml(include_str!("../../../data/community.yaml")).unwrap();
        c.personas.iter().any(|p| p.username.as_str() == bot && p.holding_of("THYAO").is_some())
    };
    let thy = |bot: &str| c.mind_of(bot).map(|(_, b)| b.get("THYAO").copied().unwrap_or(0.0)).unwrap();
    let before: Vec<(String, f64)> = bots.iter().map(|b| (b.clone(), thy(b))).collect();
    c.inject_headline("THY'ye ağır soruşturma: uçuşlar durdurulabilir", Some("THYAO"), Some(-1), "test").await.unwrap();
    advance(1).await;
    let swing = |b: &str| before.iter().find(|(x, _)| x == b).unwrap().1 - thy(b);
    let (holders, others): (Vec<&String>, Vec<&String>) = bots.iter().partition(|b| holds(b));
    assert!(holders.len() >= 2 && !others.is_empty(), "{holders:?} {others:?}");
    for h in &holders {
        assert!(swing(h) >= 0.2, "{h} holds THYAO and turned by {}", swing(h));
        for o in &others {
            assert!(swing(h) > swing(o), "{h} {} vs {o} {}", swing(h), swing(o));
        }
    }
    let first = (swing("can_scalp"), swing("mehmet_bist"));
    assert!(first.0 > first.1, "the day trader takes the news harder: {first:?}");
    // Twelve hours on: the day trader is back, the long holder still shaken.
    advance(12 * 3600).await;
    let left = (swing("can_scalp") / first.0, swing("mehmet_bist") / first.1);
    assert!(left.0 < 0.1, "the day trader's swing fades in hours: {left:?}");
    assert!(left.1 > 0.5 && left.1 < 1.0, "the long holder's lasts, and fades: {left:?}");
}

#[actix::test]
async fn beliefs_moved_by_the_news_survive_a_restart() {
    tokio::time::pause();
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_room(&sqlite(&dir), PriceMode::Simulated, 6).await;
    let market = actors::market::MarketSettings { step_ms: 60_000, ..quiet_market() };
    let c = start(store.clone(), &fake_llm(), market.clone(), NewsSettings::default()).await;
    c.rooms()[0].set_paused(true).await.unwrap();
    advance(5).await;
    c.inject_headline("THY'ye ağır soruşturma: uçuşlar durdurulabilir", Some("THYAO"), Some(-1), "test").await.unwrap();
    // The minds are saved with a market step a minute or more after the last save.
    advance(2 * 60).await;
    c.inject_headline("THY soruşturması genişliyor", Some("THYAO"), Some(-1), "test").await.unwrap();
    advance(1).await;
    let thy = |c: &actors::Community| c.mind_of("mehmet_bist").map(|(_, b)| b.get("THYAO").copied().unwrap_or(0.0));
    let before = thy(&c).unwrap();
    assert!(before < -0.2, "the long holder turned on THYAO: {before}");
    c.stop_rooms().await;
    drop(c);
    // A new process on the same store: the view is back, not the file's stance (none on THYAO).
    let c = start(store.clone(), &fake_llm(), market, NewsSettings::default()).await;
    c.rooms()[0].set_paused(true).await.unwrap();
    advance(1).await;
    let after = thy(&c).unwrap();
    assert!((after - before).abs() < 0.1, "saved {before}, read back {after}");
}
