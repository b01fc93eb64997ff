//! The operators' write API, used as an operator would: a room created,
//! staffed and run from the API (its bots talk, pause silences them, resume
//! brings them back), personas imported with a preview, settings changed
//! live, market events injected; every bad body refused with the field
//! named and nothing changed; every change in the audit log.

use crate::auth_helpers::Cred;
use crate::helpers::{ROOM, SEED, TestApp, assert_error, spawn_app};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

const NEW: &str = "yeni-oda";

async fn send(app: &TestApp, cred: &Cred, m: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let body = body.map(|b| b.to_string());
    let r = app.call(m, path, cred, body.as_deref()).await;
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// A person's message in `room`; the stored message.
async fn person_says(app: &TestApp, room: &str, author: &str, text: &str) -> Value {
    let r = app.post_message_to(room, &json!({"author": author, "text": text})).await;
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

async fn audit_actions(app: &TestApp) -> Vec<Value> {
    let (st, rows) = send(app, &Cred::Key(app.admin_key.clone()), Method::GET, "/api/audit?limit=500", None).await;
    assert_eq!(st, 200);
    rows.as_array().unwrap().clone()
}

#[actix_web::test]
async fn an_operator_runs_a_new_room_from_the_api() {
    let app = spawn_app().await;
    let op = Cred::Key(app.make_key("otomasyon", "operator").await);

    let (st, room) = send(
        &app,
        &op,
        Method::POST,
        "/api/rooms",
        Some(json!({"slug": NEW, "name": "Yeni Oda", "topic": "Bankalar"})),
    )
    .await;
    assert_eq!(st, 201, "{room}");
    assert_eq!((room["paused"].as_bool(), room["members"].as_array().map(Vec::len)), (Some(false), Some(0)));
    let rooms: Vec<Value> = app.get_rooms().await.json().await.unwrap();
    assert!(rooms.iter().any(|r| r["slug"] == NEW && r["name"] == "Yeni Oda"), "{rooms:?}");

    let persona = json!({"username": "banka_meraklisi", "name": "Banka Meraklısı", "role": "bankacılık hisselerini izleyen yatırımcı",
                         "talkativeness": 0.9, "watchlist": ["GARAN", "AKBNK"]});
    let (st, rec) = send(&app, &op, Method::POST, "/api/personas", Some(persona)).await;
    assert_eq!(st, 201, "{rec}");
    assert!(rec["display_name"].as_str().unwrap().starts_with("🤖"), "the AI marker is in the name: {rec}");
    let (st, room) =
        send(&app, &op, Method::POST, &format!("/api/rooms/{NEW}/members"), Some(json!({"bot": "banka_meraklisi"})))
            .await;
    assert_eq!(st, 200, "{room}");
    assert_eq!(room["members"][0]["id"], "banka_meraklisi");

    // The new bot answers a person in the new room.
    let mut stream = app.open_stream_of(NEW).await;
    let asked = person_says(&app, NEW, "Defne", "@banka_meraklisi GARAN için ne düşünüyorsun?").await;
    let (_, reply) = stream
        .wait_for(Duration::from_secs(20), |n, d| {
            n == "message" && d["author"]["id"] == "banka_meraklisi" && d["reply_to"]["id"] == asked["id"]
        })
        .await;
    assert_eq!(reply["room"], NEW);

    // Paused: nobody in the room speaks for the bots; resumed: they answer again.
    let (st, room) = send(&app, &op, Method::POST, &format!("/api/rooms/{NEW}/pause"), None).await;
    assert_eq!((st, room["paused"].as_bool()), (200, Some(true)));
    let waiting = person_says(&app, NEW, "Defne", "@banka_meraklisi orada mısın?").await;
    let quiet = stream.collect_for(Duration::from_secs(3)).await;
    assert!(
        !quiet.iter().any(|(n, d)| n == "message" && d["author"]["kind"] == "bot"),
        "a paused room spoke: {quiet:?}"
    );
    let (st, _) = send(&app, &op, Method::POST, &format!("/api/rooms/{NEW}/resume"), None).await;
    assert_eq!(st, 200);
    // Resumed, the bot answers the person who asked while it was paused.
    stream
        .wait_for(Duration::from_secs(30), |n, d| {
            n == "message" && d["author"]["kind"] == "bot" && d["reply_to"]["id"] == waiting["id"]
        })
        .await;

    // Renamed, a setting of its own, the bot silenced everywhere and back, the bot out, archived, restored.
    let (st, room) =
        send(&app, &op, Method::PATCH, &format!("/api/rooms/{NEW}"), Some(json!({"topic": "Bankalar ve faiz"}))).await;
    assert_eq!((st, room["topic"].as_str(), room["name"].as_str()), (200, Some("Bankalar ve faiz"), Some("Yeni Oda")));
    let path = format!("/api/rooms/{NEW}/settings/pacing.mean_gap_ms");
    let (st, room) = send(&app, &op, Method::PUT, &path, Some(json!({"value": 45_000}))).await;
    assert_eq!((st, &room["settings"]["pacing"]["mean_gap_ms"]), (200, &json!(45_000)), "{room}");
    assert_eq!(room["overrides"]["pacing.mean_gap_ms"], 45_000, "{room}");
    let (st, room) = send(&app, &op, Method::DELETE, &path, None).await;
    assert_eq!((st, room["overrides"].as_object().map(|o| o.len())), (200, Some(0)), "{room}");
    let (st, rec) = send(&app, &op, Method::POST, "/api/personas/banka_meraklisi/silence", None).await;
    assert_eq!((st, rec["silenced"].as_bool()), (200, Some(true)));
    // Why a bot is quiet is on its room's member list.
    let (_, members) = send(&app, &op, Method::GET, &format!("/api/rooms/{NEW}/members"), None).await;
    assert_eq!(members[0]["quiet_because"], "silenced", "{members}");
    let (st, rec) = send(&app, &op, Method::POST, "/api/personas/banka_meraklisi/resume", None).await;
    assert_eq!((st, rec["silenced"].as_bool()), (200, Some(false)));
    let (st, rec) =
        send(&app, &op, Method::PATCH, "/api/personas/banka_meraklisi", Some(json!({"talkativeness": 0.3}))).await;
    assert_eq!((st, rec["persona"]["talkativeness"].as_f64()), (200, Some(0.3)), "{rec}");
    let (st, room) = send(&app, &op, Method::DELETE, &format!("/api/rooms/{NEW}/members/banka_meraklisi"), None).await;
    assert_eq!((st, room["members"].as_array().map(Vec::len)), (200, Some(0)), "{room}");
    let (st, room) = send(&app, &op, Method::POST, &format!("/api/rooms/{NEW}/archive"), None).await;
    assert_eq!((st, room["archived"].as_bool()), (200, Some(true)));
    assert_error(
        app.post_message_to(NEW, &json!({"author": "Defne", "text": "kimse yok mu"})).await,
        404,
        "room_not_found",
    )
    .await;
    let (st, room) = send(&app, &op, Method::POST, &format!("/api/rooms/{NEW}/restore"), None).await;
    assert_eq!((st, room["archived"].as_bool()), (200, Some(false)));

    // Every change is in the audit log, with who did it.
    let rows = audit_actions(&app).await;
    for action in [
        "room.create",
        "persona.create",
        "room.member.add",
        "room.pause",
        "room.resume",
        "room.rename",
        "room.setting.set",
        "room.setting.reset",
        "persona.silence",
        "persona.resume",
        "persona.edit",
        "room.member.remove",
        "room.archive",
        "room.restore",
    ] {
        let row = rows.iter().find(|r| r["action"] == action).unwrap_or_else(|| panic!("no {action} row"));
        assert!(row["actor"].as_str().unwrap().ends_with(":otomasyon"), "{row}");
        assert_eq!(row["actor_kind"], "key", "{row}");
    }
    let edit = rows.iter().find(|r| r["action"] == "persona.edit").unwrap();
    assert_eq!(
        (&edit["before"]["talkativeness"], &edit["after"]["talkativeness"]),
        (&json!(0.9), &json!(0.3)),
        "{edit}"
    );
    let pause = rows.iter().find(|r| r["action"] == "room.pause").unwrap();
    assert_eq!((&pause["before"]["paused"], &pause["after"]["paused"]), (&json!(false), &json!(true)));
    app.stop().await;
}

#[actix_web::test]
async fn bad_bodies_name_the_field_and_change_nothing() {
    let app = spawn_app().await;
    let op = Cred::Key(app.make_key("op", "operator").await);
    let rooms_before: Vec<Value> = app.get_rooms().await.json().await.unwrap();
    let (_, room_before) = send(&app, &op, Method::GET, &format!("/api/rooms/{ROOM}"), None).await;
    let (_, personas_before) = send(&app, &op, Method::GET, "/api/personas", None).await;
    let audit_before = audit_actions(&app).await.len();

    let setting = |key: &str| format!("/api/rooms/{ROOM}/settings/{key}");
    let cases: Vec<(Method, String, Value, &str)> = vec![
        (Method::POST, "/api/rooms".into(), json!({"slug": "Büyük Oda", "name": "x"}), "slug"),
        (Method::POST, "/api/rooms".into(), json!({"slug": "bos-isim", "name": "  "}), "name"),
        (
            Method::POST,
            "/api/rooms".into(),
            json!({"slug": "uzun-konu", "name": "Oda", "topic": "k".repeat(300)}),
            "topic",
        ),
        (Method::PATCH, format!("/api/rooms/{ROOM}"), json!({}), "name"),
        (Method::PATCH, format!("/api/rooms/{ROOM}"), json!({"name": "iki\nsatır"}), "name"),
        (Method::PUT, setting("pacing.mean_gap_ms"), json!({"value": -5}), "pacing.mean_gap_ms"),
        (Method::PUT, setting("pacing.mean_gap_ms"), json!({"value": "çok"}), "pacing.mean_gap_ms"),
        (Method::PUT, setting("floor.chatter_share"), json!({"value": 1.5}), "floor.chatter_share"),
        (Method::PUT, setting("compliance.stance_cap"), json!({"value": 0.5}), "compliance.stance_cap"),
        (
            Method::POST,
            "/api/personas".into(),
            json!({"username": "yeni_bot", "name": "Yeni", "role": "r", "yas": 30}),
            "yas",
        ),
        (
            Method::POST,
            "/api/personas".into(),
            json!({"username": "yeni_bot", "name": "Yeni", "role": "r", "talkativeness": "çok"}),
            "talkativeness",
        ),
        (
            Method::POST,
            "/api/personas".into(),
            json!({"username": "Yeni Bot", "name": "Yeni", "role": "r"}),
            "username",
        ),
        (Method::PATCH, "/api/personas/yeni_bot".into(), json!({}), "persona"),
        (Method::POST, "/api/import/preview".into(), json!({"text": "{\"bots\": 3}", "room": ROOM}), "file"),
        (Method::POST, "/api/import/preview".into(), json!({"text": "- username: a", "format": "xml"}), "format"),
        (Method::POST, "/api/import".into(), json!({"text": "- username: a"}), "fingerprint"),
        (Method::POST, "/api/market/shocks".into(), json!({"symbol": "THYOA", "jump": 5}), "symbol"),
        (Method::POST, "/api/market/shocks".into(), json!({"symbol": "THYAO", "jump": 90}), "jump"),
        (Method::POST, "/api/market/headlines".into(), json!({"text": "x"}), "text"),
        (Method::POST, "/api/scenarios".into(), json!({"text": "events: []"}), "text"),
        (Method::POST, format!("/api/rooms/{ROOM}/members"), json!({"bot": "Kimse Yok"}), "bot"),
    ];
    for (m, path, body, field) in cases {
        let (st, err) = send(&app, &op, m.clone(), &path, Some(body.clone())).await;
        assert_eq!(st, 400, "{m} {path} {body}: {err}");
        assert_eq!(err["code"], "invalid_field", "{m} {path} {body}: {err}");
        assert_eq!(err["field"], field, "{m} {path} {body}: {err}");
        assert!(err["message"].as_str().unwrap().starts_with(&format!("{field}: ")), "{err}");
    }
    // Wrong JSON shapes and unknown ids.
    let (st, err) = send(&app, &op, Method::POST, "/api/rooms", Some(json!({"slug": 5}))).await;
    assert_eq!((st, err["code"].as_str()), (400, Some("invalid_json")), "{err}");
    let (st, err) = send(&app, &op, Method::POST, "/api/rooms/yok-oda/pause", None).await;
    assert_eq!((st, err["code"].as_str()), (404, Some("room_not_found")), "{err}");
    let (st, err) = send(&app, &op, Method::POST, "/api/personas/yok_bot/silence", None).await;
    assert_eq!((st, err["code"].as_str()), (404, Some("bot_not_found")), "{err}");
    let (st, err) = send(&app, &op, Method::POST, "/api/rooms", Some(json!({"slug": ROOM, "name": "İkinci"}))).await;
    assert_eq!((st, err["code"].as_str()), (409, Some("conflict")), "{err}");

    let rooms_after: Vec<Value> = app.get_rooms().await.json().await.unwrap();
    assert_eq!(rooms_after, rooms_before);
    let (_, room_after) = send(&app, &op, Method::GET, &format!("/api/rooms/{ROOM}"), None).await;
    assert_eq!(room_after["overrides"], room_before["overrides"]);
    assert_eq!(room_after["settings"], room_before["settings"]);
    let (_, personas_after) = send(&app, &op, Method::GET, "/api/personas", None).await;
    assert_eq!(personas_after.as_array().unwrap().len(), personas_before.as_array().unwrap().len());
    assert_eq!(audit_actions(&app).await.len(), audit_before, "a refused change left an audit row");
    app.stop().await;
}

#[actix_web::test]
async fn a_persona_file_is_previewed_then_imported_exactly_as_previewed() {
    let app = spawn_app().await;
    let op = Cred::Key(app.make_key("op", "operator").await);
    let (st, _) = send(&app, &op, Method::POST, "/api/rooms", Some(json!({"slug": NEW, "name": "Yeni Oda"}))).await;
    assert_eq!(st, 201);
    let seed = std::fs::read_to_string(SEED).unwrap();
    let file = json!({"text": seed, "room": NEW});
    let (st, plan) = send(&app, &op, Method::POST, "/api/import/preview", Some(file.clone())).await;
    assert_eq!(st, 200, "{plan}");
    let joining = plan["added"].as_array().unwrap().len() + plan["joining"].as_array().unwrap().len();
    assert!(joining >= 6, "the seed's six bots join: {plan}");
    let (_, room) = send(&app, &op, Method::GET, &format!("/api/rooms/{NEW}"), None).await;
    assert_eq!(room["members"].as_array().unwrap().len(), 0, "a preview writes nothing");

    let mut apply = file.clone();
    apply["fingerprint"] = plan["fingerprint"].clone();
    let (st, done) = send(&app, &op, Method::POST, "/api/import", Some(apply.clone())).await;
    assert_eq!(st, 200, "{done}");
    let (_, room) = send(&app, &op, Method::GET, &format!("/api/rooms/{NEW}"), None).await;
    assert_eq!(room["members"].as_array().unwrap().len(), joining, "{room}");
    // The same preview again: the store has changed since, so nothing is written.
    let (st, err) = send(&app, &op, Method::POST, "/api/import", Some(apply)).await;
    assert_eq!((st, err["code"].as_str()), (409, Some("conflict")), "{err}");
    let row = audit_actions(&app).await.into_iter().find(|r| r["action"] == "persona.import").expect("an import row");
    assert_eq!(row["target"], NEW);
    app.stop().await;
}

#[actix_web::test]
async fn run_time_settings_are_for_admins_in_effect_at_once_and_reset() {
    let app = spawn_app().await;
    let op = Cred::Key(app.make_key("op", "operator").await);
    let admin = Cred::Key(app.admin_key.clone());
    let path = "/api/settings/compliance.stance_cap";
    assert_eq!(send(&app, &op, Method::PUT, path, Some(json!({"value": 0.4}))).await.0, 403);
    let (_, before) = send(&app, &op, Method::GET, "/api/settings", None).await;
    let (st, view) = send(&app, &admin, Method::PUT, path, Some(json!({"value": 0.4}))).await;
    assert_eq!(st, 200, "{view}");
    assert_eq!(
        (view["current"]["compliance"]["stance_cap"].as_f64(), view["overrides"]["compliance.stance_cap"].as_f64()),
        (Some(0.4), Some(0.4))
    );
    let (st, err) = send(&app, &admin, Method::PUT, "/api/settings/server.port", Some(json!({"value": 80}))).await;
    assert_eq!((st, err["field"].as_str()), (400, Some("server.port")), "{err}");
    let (st, view) = send(&app, &admin, Method::DELETE, path, None).await;
    assert_eq!(st, 200);
    assert_eq!(view["current"]["compliance"], before["current"]["compliance"]);
    let rows = audit_actions(&app).await;
    let set = rows.iter().find(|r| r["action"] == "setting.set").unwrap();
    assert_eq!((&set["target"], &set["after"]), (&json!("compliance.stance_cap"), &json!(0.4)), "{set}");
    assert!(rows.iter().any(|r| r["action"] == "setting.reset"));
    app.stop().await;
}

#[actix_web::test]
async fn an_operator_moves_the_market_and_schedules_a_scenario() {
    let app = spawn_app().await;
    let op = Cred::Key(app.make_key("op", "operator").await);
    let (st, applied) = send(
        &app,
        &op,
        Method::POST,
        "/api/market/headlines",
        Some(json!({"text": "GARAN rekor kâr açıkladı", "symbol": "garan", "direction": 1})),
    )
    .await;
    assert_eq!(st, 200, "{applied}");
    assert_eq!(applied["headline"]["symbol"], "GARAN");
    let (_, status) = send(&app, &op, Method::GET, "/api/market/status", None).await;
    assert!(status["headlines"].to_string().contains("GARAN rekor kâr açıkladı"), "{status}");
    let (st, applied) =
        send(&app, &op, Method::POST, "/api/market/shocks", Some(json!({"symbol": "THYAO", "jump": -8}))).await;
    assert_eq!(st, 200, "{applied}");
    assert!(applied["moves"].to_string().contains("THYAO"), "{applied}");

    let scenario = "name: faiz-gunu\nevents:\n  - at: \"+10m\"\n    headline: \"TCMB faizi sabit bıraktı\"\n  - at: \"+20m\"\n    jump: -5%\n    symbol: AKBNK\n";
    let (st, s) = send(&app, &op, Method::POST, "/api/scenarios", Some(json!({"text": scenario}))).await;
    assert_eq!((st, s["events"].as_array().map(Vec::len)), (201, Some(2)), "{s}");
    let (_, pending) = send(&app, &op, Method::GET, "/api/market/events", None).await;
    assert_eq!(pending.as_array().unwrap().len(), 2, "{pending}");
    let (st, done) = send(&app, &op, Method::DELETE, "/api/scenarios/faiz-gunu", None).await;
    assert_eq!((st, done["dropped"].as_u64()), (200, Some(2)));
    let (_, pending) = send(&app, &op, Method::GET, "/api/market/events", None).await;
    assert_eq!(pending, json!([]));
    let actions: Vec<String> =
        audit_actions(&app).await.iter().map(|r| r["action"].as_str().unwrap().to_string()).collect();
    for a in ["market.headline", "market.shock", "scenario.schedule", "scenario.cancel"] {
        assert!(actions.iter().any(|x| x == a), "no {a} in {actions:?}");
    }
    app.stop().await;
}

#[actix_web::test]
async fn telegram_changes_say_so_when_telegram_is_off() {
    let app = spawn_app().await;
    let admin = Cred::Key(app.admin_key.clone());
    let (st, t) = send(&app, &admin, Method::GET, "/api/telegram", None).await;
    assert_eq!((st, t["enabled"].as_bool()), (200, Some(false)));
    let body = json!({"bot": "ahmet_trader", "token": "123456:ABCdefGhIJKlmNoPQRsTUVwxyZ0123456789"});
    let (st, err) = send(&app, &admin, Method::POST, "/api/telegram/bots", Some(body)).await;
    assert_eq!((st, err["code"].as_str()), (409, Some("telegram_off")), "{err}");
    assert!(err["message"].as_str().unwrap().contains("telegram.enabled"), "{err}");
    assert!(!err.to_string().contains("ABCdef"), "the token is not echoed");
    app.stop().await;
}
