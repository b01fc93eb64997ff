//! Health, the market and the bots: what operators and the page read.

use crate::helpers::{MARKER, ROOM, spawn_app};
use serde_json::Value;
use std::collections::HashSet;

#[actix_web::test]
async fn health_reports_the_database_and_providers_ok() {
    let app = spawn_app().await;
    let r = app.get_health().await;
    assert_eq!(r.status(), 200);
    let h: Value = r.json().await.unwrap();
    assert_eq!(h["status"], "ok", "{h}");
    assert_eq!(h["llm"]["ok"], true, "{h}");
    assert_eq!(h["database"]["backend"], "sqlite", "{h}");
    assert_eq!(h["database"]["ok"], true, "{h}");
    let providers = h["providers"].as_array().expect("providers");
    assert_eq!(providers.len(), 1, "{h}");
    assert_eq!(providers[0]["name"], "openai", "{h}");
    assert_eq!(providers[0]["model"], fakes::FAKE_MODEL, "{h}");
    assert_eq!(providers[0]["breaker"], "closed", "{h}");
    assert_eq!(h["rooms"], serde_json::json!([{"id": ROOM, "running": true}]), "{h}");
}

#[actix_web::test]
async fn a_full_llm_outage_makes_health_degraded_but_the_room_stays_ready() {
    let app = spawn_app().await;
    assert_eq!(app.get("/readyz").await.status(), 200);
    app.fake_llm.set_fault(fakes::Fault::Status { code: 500, retry_after_secs: None });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let h: Value = loop {
        let r = app.get_health().await;
        let h: Value = r.json().await.unwrap();
        if h["providers"][0]["breaker"] == "open" {
            break h;
        }
        assert!(std::time::Instant::now() < deadline, "the breaker never opened: {h}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    assert_eq!((h["status"].as_str(), h["llm"]["ok"].as_bool()), (Some("degraded"), Some(false)), "{h}");
    assert_eq!(app.get_health().await.status(), 503);
    // People can still post and read (rule answers need no model): not a reason to take the room out.
    assert_eq!(app.get("/readyz").await.status(), 200);
    assert_eq!(app.get("/livez").await.status(), 200);
}

#[actix_web::test]
async fn the_market_serves_current_quotes() {
    let app = spawn_app().await;
    let r = app.get_market().await;
    assert_eq!(r.status(), 200);
    let m: Value = r.json().await.unwrap();
    let quotes = m["quotes"].as_array().expect("quotes");
    let symbols: HashSet<&str> = quotes.iter().map(|q| q["symbol"].as_str().unwrap()).collect();
    for s in ["XU100", "USDTRY", "THYAO", "BTCUSD"] {
        assert!(symbols.contains(s), "{s} in {symbols:?}");
    }
    assert!(quotes.iter().all(|q| q["price"].as_f64().unwrap() > 0.0), "{m}");
    assert!(m["at_ms"].as_i64().unwrap() > 0);
    assert_eq!(m["prices"], "simulated", "{m}");
    let live: Value = app.get("/api/market?room=piyasa-sohbet").await.json().await.unwrap();
    assert_eq!(live["prices"], "simulated", "the room's own book");
    assert_eq!(app.get("/api/market?room=yok").await.status(), 404);
}

#[actix_web::test]
async fn every_bot_is_marked_as_ai() {
    let app = spawn_app().await;
    let bots: Vec<Value> = app.get_bots().await.json().await.unwrap();
    assert_eq!(bots.len(), 15, "the bundled community has 15 personas");
    for b in &bots {
        assert_eq!(b["is_ai"], true, "{b}");
        let name = b["display_name"].as_str().unwrap();
        assert!(name.starts_with(MARKER), "{b}");
        assert!(!b["role"].as_str().unwrap().is_empty(), "{b}");
        assert_eq!(b["active"], true, "{b}");
    }
    let ids: HashSet<&str> = bots.iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert!(ids.contains("mehmet_bist") && ids.contains("ihracatci_sermin"), "{ids:?}");
}

#[actix_web::test]
async fn the_rooms_members_are_the_bots_and_alive() {
    let app = spawn_app().await;
    let r = app.get_members().await;
    assert_eq!(r.status(), 200);
    let members: Vec<Value> = r.json().await.unwrap();
    assert_eq!(members.len(), 15, "{members:?}");
    for m in &members {
        assert!(m["display_name"].as_str().unwrap().starts_with(MARKER), "{m}");
        assert_eq!(m["alive"], true, "{m}");
        assert_eq!(m["restarts"], 0, "{m}");
    }
    let bots: Vec<Value> = app.get_bots().await.json().await.unwrap();
    let bot_ids: HashSet<&str> = bots.iter().map(|b| b["id"].as_str().unwrap()).collect();
    let member_ids: HashSet<&str> = members.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(member_ids, bot_ids);
}

#[actix_web::test]
async fn a_bot_that_left_the_room_is_listed_with_the_reason() {
    let app = spawn_app().await;
    let store = schema::Store::connect(&app.db_url).await.unwrap();
    store.set_member_active(ROOM, "mehmet_bist", false, Some("kicked from the Telegram group (403)")).await.unwrap();
    let members: Vec<Value> = app.get_members().await.json().await.unwrap();
    assert_eq!(members.len(), 15, "{members:?}");
    let gone = members.iter().find(|m| m["id"] == "mehmet_bist").expect("still listed");
    assert_eq!(gone["active"], false, "{gone}");
    assert_eq!(gone["alive"], false, "{gone}");
    assert_eq!(gone["reason"], "kicked from the Telegram group (403)", "{gone}");
    assert!(gone["display_name"].as_str().unwrap().starts_with(MARKER), "{gone}");
    assert_eq!(members.iter().filter(|m| m["active"] == true).count(), 14);
}

#[actix_web::test]
async fn a_bots_books_show_its_positions_marked_to_market_and_its_trades() {
    let app = spawn_app().await;
    let book: Value = app.admin_get("/api/bots/mehmet_bist/book").await.json().await.unwrap();
    // The persona file's holdings, and as much cash again as they cost.
    let opening = 5000.0 * 98.5 + 800.0 * 151.0 + 600.0 * 265.0;
    assert_eq!(book["cash"], opening, "{book}");
    assert_eq!(book["trade_count"], 0);
    let garan = book["positions"].as_array().unwrap().iter().find(|p| p["symbol"] == "GARAN").unwrap().clone();
    assert_eq!((garan["qty"].as_f64(), garan["avg_cost"].as_f64()), (Some(5000.0), Some(98.5)));
    // Its mind, as this process holds it once its room has started the
    // bot: a firm bull on GARAN (no news yet).
    let mut mind = book["mind"].clone();
    for _ in 0..100 {
        if !mind.is_null() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        mind = app.admin_get("/api/bots/mehmet_bist/book").await.json::<Value>().await.unwrap()["mind"].clone();
    }
    assert!(mind["beliefs"]["GARAN"].as_f64().unwrap() > 0.5, "{mind}");
    assert!(mind["feels"].is_string(), "{mind}");
    let price = garan["price"].as_f64().unwrap();
    let pnl = garan["pnl_pct"].as_f64().unwrap();
    assert!((pnl - (price / 98.5 - 1.0) * 100.0).abs() < 1e-9, "{garan}");
    // A trade the bot made (as its actor stores it) shows in cash, position and list.
    let store = schema::Store::connect(&app.db_url).await.unwrap();
    let sale = engine::book::Trade {
        symbol: "GARAN".into(),
        side: engine::book::Side::Sell,
        qty: 2000.0,
        price: 120.0,
        at: engine::ids::Millis(1),
        reason: engine::book::Reason::TakeProfit,
    };
    store.record_trade("mehmet_bist", &sale).await.unwrap();
    let book: Value = app.admin_get("/api/bots/mehmet_bist/book").await.json().await.unwrap();
    assert_eq!(book["cash"], opening + 240_000.0);
    assert_eq!(book["realised"], 2000.0 * (120.0 - 98.5));
    assert_eq!(book["trade_count"], 1);
    assert_eq!(book["trades"][0]["side"], "sell");
    assert_eq!(book["trades"][0]["reason"], "take_profit");
    let garan = book["positions"].as_array().unwrap().iter().find(|p| p["symbol"] == "GARAN").unwrap().clone();
    assert_eq!(garan["qty"], 3000.0);
    let r = app.admin_get("/api/bots/nobody_here/book").await;
    assert_eq!(r.status(), 404);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "bot_not_found", "{body}");
}
