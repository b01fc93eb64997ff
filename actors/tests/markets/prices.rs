//! Price adapters against a fake price server: malformed answers keep the
//! old price, a server down for minutes is polled less and less and then
//! recovers, and a live room quotes only adapter prices.

use crate::support::*;
use actors::events::RoomEvent;
use actors::market::prices::AdapterKind;
use actors::market::{MarketSettings, NewsSettings};
use engine::market::{PriceMode, format_tr};
use fakes::{FakeLlm, FakeMarket, MarketFault, Rate, Reply};
use serde_json::json;

fn live_market(adapters: Vec<actors::market::prices::AdapterSettings>) -> MarketSettings {
    MarketSettings { adapters, max_backoff_ms: 240_000, ..quiet_market() }
}

async fn live_price(c: &actors::Community, symbol: &str) -> Option<f64> {
    c.quotes(PriceMode::Live).await.unwrap().into_iter().find(|q| q.symbol == symbol).map(|q| q.price)
}

#[actix::test]
async fn a_malformed_answer_is_logged_stores_nothing_and_the_old_price_stays() {
    tokio::time::pause();
    let logs = capture_logs();
    let server = FakeMarket::start();
    server.set_json("/q", &json!({"q": {"THYAO": {"last": 300.5}}}));
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_room(&sqlite(&dir), PriceMode::Live, 3).await;
    let a = adapter("borsa", AdapterKind::Json, server.url("/q"), &[("THYAO", "/q/THYAO/last")]);
    let c = start(store.clone(), &fake_llm(), live_market(vec![a]), NewsSettings::default()).await;
    advance(1).await;
    assert_eq!(live_price(&c, "THYAO").await, Some(300.5));
    for (fault, body) in [
        (MarketFault::Truncated, None),
        (MarketFault::Html, None),
        (MarketFault::None, Some(json!({"q": {"THYAO": {"last": "yok"}}}))),
        (MarketFault::None, Some(json!({"q": {"GARAN": {"last": 1}}}))),
    ] {
        server.set_fault("/q", fault);
        if let Some(b) = body {
            server.set_json("/q", &b);
        }
        advance(250).await;
        assert_eq!(live_price(&c, "THYAO").await, Some(300.5), "the old price stays");
        let saved = store.quotes(PriceMode::Live).await.unwrap();
        assert_eq!(saved.iter().map(|q| q.price).collect::<Vec<_>>(), [300.5], "nothing else stored");
    }
    let text = logs.text();
    assert!(text.contains("prices source failed; the old prices stay") && text.contains("source=borsa"), "{text}");
    assert!(text.contains("answer not understood: not JSON"), "{text}");
    assert!(text.contains("THYAO: '\\\"yok\\\"' at /q/THYAO/last is not a number") || text.contains("is not a number"));
    assert!(text.contains("THYAO: nothing at /q/THYAO/last"), "{text}");
    server.set_json("/q", &json!({"q": {"THYAO": {"last": "301,25"}}}));
    advance(250).await;
    assert_eq!(live_price(&c, "THYAO").await, Some(301.25), "a good answer is taken again");
}

#[actix::test]
async fn a_server_down_for_minutes_is_polled_less_and_less_then_recovers() {
    tokio::time::pause();
    let mut server = FakeMarket::start();
    server.set_exchange("/ticker", &[("BTCUSDT", 97_000.0, 1.5)]);
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_room(&sqlite(&dir), PriceMode::Live, 3).await;
    let a = adapter("exchange", AdapterKind::Binance, server.url("/ticker"), &[("BTCUSD", "BTCUSDT")]);
    let c = start(store, &fake_llm(), live_market(vec![a]), NewsSettings::default()).await;
    advance(1).await;
    assert_eq!(live_price(&c, "BTCUSD").await, Some(97_000.0));
    server.go_down();
    // Ten minutes down: polls at +60 s, then 120, 240, 240… apart (interval doubling, capped).
    let mut waits = Vec::new();
    for _ in 0..60 {
        advance(10).await;
        let s = c.market_status().await.unwrap().sources.into_iter().find(|s| s.name == "exchange").unwrap();
        if waits.last().is_none_or(|(f, _)| *f != s.failures) {
            waits.push((s.failures, s.next_poll_ms));
        }
    }
    assert_eq!(waits.iter().map(|w| w.1).collect::<Vec<_>>()[1..], [120_000, 240_000, 240_000], "{waits:?}");
    assert_eq!(live_price(&c, "BTCUSD").await, Some(97_000.0), "the last price stays while the server is down");
    // Back up with a new price: the next poll finds it, and polling returns to the interval.
    server.set_exchange("/ticker", &[("BTCUSDT", 99_500.0, 4.1)]);
    server.come_back();
    advance(250).await;
    assert_eq!(live_price(&c, "BTCUSD").await, Some(99_500.0));
    let s = c.market_status().await.unwrap().sources.into_iter().find(|s| s.name == "exchange").unwrap();
    assert_eq!((s.failures, s.next_poll_ms, s.error), (0, 60_000, None));
}

#[actix::test]
async fn a_live_room_quotes_only_adapter_prices() {
    tokio::time::pause();
    let server = FakeMarket::start();
    server.set_exchange("/ticker", &[("BTCUSDT", 97_123.0, -2.4)]);
    server.set_tcmb("/today.xml", &[Rate { code: "USD".into(), unit: 1, buying: 42.10, selling: 42.30 }]);
    server.set_json("/bist", &json!({"THYAO": {"last": 333.75, "chg": 1.2}, "GARAN": {"last": 141.2, "chg": -0.4}}));
    let mut bist =
        adapter("bist", AdapterKind::Json, server.url("/bist"), &[("THYAO", "/THYAO/last"), ("GARAN", "/GARAN/last")]);
    bist.changes =
        [("THYAO".to_string(), "/THYAO/chg".to_string()), ("GARAN".to_string(), "/GARAN/chg".to_string())].into();
    let adapters = vec![
        adapter("exchange", AdapterKind::Binance, server.url("/ticker"), &[("BTCUSD", "BTCUSDT")]),
        adapter("tcmb", AdapterKind::Tcmb, server.url("/today.xml"), &[("USDTRY", "USD")]),
        bist,
    ];
    // A model that invents a price: every draft is refused and the bots fall back on the feed's numbers.
    let llm = FakeLlm::start();
    llm.set_reply(Reply::Fixed("Bence bu hafta 999,99 görür, hazır olun.".into()));
    let mut provider = actors::llm::ProviderConfig::new("model", actors::llm::ProviderKind::Openai);
    provider.options.base_url = Some(llm.base_url());
    provider.options.model = Some("fake".into());
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_room(&sqlite(&dir), PriceMode::Live, 4).await;
    let c = start(store, &[provider], live_market(adapters), NewsSettings::default()).await;
    let room = c.rooms()[0].clone();
    assert_eq!(room.prices, PriceMode::Live);
    assert!(!room.shown_topic().contains("Simüle"), "a live room's topic carries no simulation label");
    let mut rx = room.subscribe().await.unwrap();
    advance(30 * 60).await;
    let events = drain(&mut rx);
    let quotes = c.quotes(PriceMode::Live).await.unwrap();
    let mut symbols: Vec<&str> = quotes.iter().map(|q| q.symbol.as_str()).collect();
    symbols.sort();
    assert_eq!(symbols, ["BTCUSD", "GARAN", "THYAO", "USDTRY"]);
    let allowed: Vec<String> = quotes
        .iter()
        .flat_map(|q| [q.price_text(), format_tr(q.change_pct.abs(), 2), format_tr(q.change_pct, 2)])
        .collect();
    let mut messages = 0;
    for e in &events {
        match e {
            RoomEvent::Market(m) => {
                assert_eq!(m.prices, PriceMode::Live);
                assert!(
                    m.quotes.iter().all(|q| symbols.contains(&q.symbol.as_str())),
                    "a quote no adapter gave: {m:?}"
                );
            }
            RoomEvent::Message(m) if m.author.kind == engine::transcript::AuthorKind::Bot => {
                messages += 1;
                for n in numbers(&m.text) {
                    assert!(allowed.contains(&n), "{n} in '{}' is not an adapter price ({allowed:?})", m.text);
                }
            }
            _ => {}
        }
    }
    assert!(messages >= 10, "only {messages} bot messages");
    let quoted = events.iter().filter(|e| matches!(e, RoomEvent::Message(m) if !numbers(&m.text).is_empty())).count();
    assert!(quoted >= 3, "the bots quote the live prices ({quoted} messages with a number)");
    for r in llm.requests() {
        let market_line = r.last_user_message().lines().find(|l| l.starts_with("Piyasa:")).map(str::to_string);
        if let Some(line) = market_line {
            assert!(
                allowed.iter().any(|a| line.contains(a.as_str())),
                "the prompt's price is not an adapter's: {line}"
            );
        }
    }
}

/// Numbers as a message writes them ("97.123", "%2,40" → "2,40").
fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars().chain([' ']) {
        if c.is_ascii_digit() || ((c == '.' || c == ',') && !cur.is_empty()) {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(cur.trim_end_matches(['.', ',']).to_string());
            cur.clear();
        }
    }
    out
}
