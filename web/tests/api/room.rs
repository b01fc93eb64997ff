//! The live room: its page, its stream, people's messages and the bots' replies.

use crate::helpers::{MARKER, ROOM, assert_error, spawn_app};
use fakes::Fault;
use serde_json::Value;
use std::collections::HashSet;
use std::time::Duration;

/// Long enough for a loaded 2-core machine; tests return as soon as they can.
const PATIENCE: Duration = Duration::from_secs(15);

fn is_bot_message(name: &str, data: &Value) -> bool {
    name == "message" && data["author"]["kind"] == "bot"
}

fn replies_to(name: &str, data: &Value, id: i64) -> bool {
    is_bot_message(name, data) && data["reply_to"]["id"].as_i64() == Some(id)
}

fn assert_is_bot(m: &Value, members: &HashSet<String>) {
    assert_eq!(m["author"]["kind"], "bot", "{m}");
    let name = m["author"]["display_name"].as_str().unwrap();
    assert!(name.starts_with(MARKER), "a bot's display name carries the AI marker: {m}");
    assert!(members.contains(m["author"]["id"].as_str().unwrap()), "the author is a member: {m}");
    assert_eq!(m["room"], ROOM, "{m}");
    assert!(!m["text"].as_str().unwrap().trim().is_empty(), "{m}");
}

async fn member_ids(app: &crate::helpers::TestApp) -> HashSet<String> {
    let members: Vec<Value> = app.get_members().await.json().await.unwrap();
    members.iter().map(|m| m["id"].as_str().unwrap().to_owned()).collect()
}

#[actix_web::test]
async fn the_room_page_and_its_script_are_served() {
    let app = spawn_app().await;

    let page = app.get("/").await;
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    let html = page.text().await.unwrap();
    assert!(html.contains("<title>Piyasa Sohbet</title>"), "room page title");
    assert!(html.contains(r#"id="room-name""#) && html.contains(r#"src="/assets/room.js""#), "room markup");

    let js = app.get("/assets/room.js").await;
    assert_eq!(js.status(), 200);
    assert!(js.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
    let js = js.text().await.unwrap();
    assert!(js.contains("new EventSource(") && js.contains("/api/rooms"), "the script reads the API");

    let css = app.client.get(format!("http://127.0.0.1:{}/assets/room.css", app.port)).send().await.unwrap();
    assert_eq!(css.status(), 200);
    assert!(css.headers()["content-type"].to_str().unwrap().starts_with("text/css"));

    let body = assert_error(app.get("/assets/nope.js").await, 404, "not_found").await;
    assert!(body["message"].as_str().unwrap().contains("nope.js"), "{body}");
}

#[actix_web::test]
async fn the_bundled_room_is_listed() {
    let app = spawn_app().await;
    let rooms: Vec<Value> = app.get_rooms().await.json().await.unwrap();
    assert_eq!(rooms.len(), 1, "{rooms:?}");
    assert_eq!(rooms[0]["slug"], ROOM);
    assert_eq!(rooms[0]["name"], "Piyasa Sohbet");
    assert!(!rooms[0]["topic"].as_str().unwrap().is_empty());
    // Honest prices: the bundled room is simulated and its topic says so.
    assert_eq!(rooms[0]["prices"], "simulated");
    assert!(
        rooms[0]["topic"].as_str().unwrap().contains("Simüle fiyatlar: gerçek piyasa verisi değildir"),
        "{rooms:?}"
    );
    let page = app.get("/").await.text().await.unwrap();
    assert!(page.contains("id=\"prices-badge\"") && page.contains("SİMÜLE FİYATLAR"), "the page can say so too");
}

#[actix_web::test]
async fn a_subscriber_sees_bot_messages_and_market_events_arrive() {
    let app = spawn_app().await;
    let members = member_ids(&app).await;
    let mut stream = app.open_stream().await;

    let (_, market) = stream.wait_for(PATIENCE, |name, _| name == "market").await;
    let quotes = market["quotes"].as_array().expect("quotes");
    assert!(!quotes.is_empty(), "{market}");
    assert!(market["at_ms"].as_i64().unwrap() > 0, "{market}");

    let (_, first) = stream.wait_for(PATIENCE, is_bot_message).await;
    assert_is_bot(&first, &members);
    let (_, second) = stream.wait_for(PATIENCE, is_bot_message).await;
    assert_is_bot(&second, &members);
    assert!(second["id"].as_i64() > first["id"].as_i64(), "ids grow: {first} then {second}");

    // Shown only after it was stored.
    let ids: HashSet<i64> = app.messages().await.iter().map(|m| m["id"].as_i64().unwrap()).collect();
    assert!(ids.contains(&first["id"].as_i64().unwrap()) && ids.contains(&second["id"].as_i64().unwrap()));
    // The bots' text came from the (fake) model.
    assert!(app.fake_llm.request_count() > 0, "the LLM was asked");
}

#[actix_web::test]
async fn the_stream_carries_market_updates_headlines_and_typing_as_sse_frames() {
    let app = spawn_app().await;
    let events = app.stream_events(Duration::from_millis(1500)).await;
    let names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.iter().all(|n| ["message", "typing", "market", "headline"].contains(n)), "{names:?}");
    assert!(names.iter().filter(|n| **n == "market").count() >= 3, "a quote update every 100 ms: {names:?}");
    let (_, headline) = events.iter().find(|(n, _)| n == "headline").expect("a headline every 500 ms");
    assert!(!headline["text"].as_str().unwrap().is_empty() && headline["symbol"].is_string(), "{headline}");
    for (_, typing) in events.iter().filter(|(n, _)| n == "typing") {
        assert!(typing["bot"]["display_name"].as_str().unwrap().starts_with(MARKER), "{typing}");
        assert_eq!(typing["bot"]["kind"], "bot", "{typing}");
    }
}

#[actix_web::test]
async fn a_persons_message_is_stored_echoed_and_answered_by_a_bot() {
    let app = spawn_app().await;
    let members = member_ids(&app).await;
    let mut stream = app.open_stream().await;

    let posted = app.say("Defne", "  Bugün THYAO için ne düşünüyorsunuz?  ").await;
    let id = posted["id"].as_i64().expect("an id");
    assert_eq!(posted["author"]["kind"], "human", "{posted}");
    assert_eq!(posted["author"]["display_name"], "Defne", "{posted}");
    assert_eq!(posted["text"], "Bugün THYAO için ne düşünüyorsunuz?", "text is trimmed: {posted}");
    assert_eq!(posted["room"], ROOM);
    assert!(posted["reply_to"].is_null());
    assert!(posted["sent_at"].as_str().unwrap().ends_with('Z'), "{posted}");

    let (_, echo) = stream.wait_for(PATIENCE, |name, d| name == "message" && d["id"].as_i64() == Some(id)).await;
    assert_eq!(echo, posted, "the stream shows what the POST returned");

    let (_, reply) = stream.wait_for(PATIENCE, |name, d| replies_to(name, d, id)).await;
    assert_is_bot(&reply, &members);
    assert_eq!(reply["reply_to"]["author"], "Defne", "{reply}");
    assert_eq!(reply["reply_to"]["text"], posted["text"], "{reply}");

    let history = app.messages().await;
    let stored = history.iter().find(|m| m["id"] == posted["id"]).expect("the message is stored");
    assert_eq!(stored, &posted);
    let stored_reply = history.iter().find(|m| m["id"] == reply["id"]).expect("the reply is stored");
    assert_eq!(stored_reply["reply_to"]["id"], id);
}

#[actix_web::test]
async fn a_person_replying_to_a_bot_is_linked_to_that_message() {
    let app = spawn_app().await;
    let mut stream = app.open_stream().await;
    let (_, bot) = stream.wait_for(PATIENCE, is_bot_message).await;
    let bot_id = bot["id"].as_i64().unwrap();

    let body = serde_json::json!({"author": "Defne", "text": "Katılıyorum.", "reply_to": bot_id});
    let r = app.post_message(&body).await;
    assert_eq!(r.status(), 201);
    let posted: Value = r.json().await.unwrap();
    assert_eq!(posted["reply_to"]["id"], bot_id, "{posted}");
    assert_eq!(posted["reply_to"]["author"], bot["author"]["display_name"], "{posted}");
}

#[actix_web::test]
async fn a_person_asking_whether_it_is_a_bot_is_told_it_is_an_ai() {
    let app = spawn_app().await;
    // Every model call fails: the honest answer is decided by rules, not by the model.
    app.fake_llm.set_fault(Fault::Status { code: 500, retry_after_secs: None });
    let mut stream = app.open_stream().await;

    let id = app.say("Defne", "Sen bot musun?").await["id"].as_i64().unwrap();

    let (_, reply) = stream.wait_for(PATIENCE, |name, d| replies_to(name, d, id)).await;
    let text = reply["text"].as_str().unwrap();
    assert!(text.contains("yapay zekâ"), "the bot says it is an AI: {text}");
    assert!(reply["author"]["display_name"].as_str().unwrap().starts_with(MARKER), "{reply}");
}

#[actix_web::test]
async fn a_persons_message_gets_at_most_two_bot_replies() {
    let app = spawn_app().await;
    let mut stream = app.open_stream().await;
    let id = app.say("Defne", "Herkese selam, dolar için ne diyorsunuz?").await["id"].as_i64().unwrap();
    stream.wait_for(PATIENCE, |name, d| replies_to(name, d, id)).await;
    let later = stream.collect_for(Duration::from_secs(2)).await;
    let replies = 1 + later.iter().filter(|(name, d)| replies_to(name, d, id)).count();
    assert!(replies <= 2, "no dogpile: {replies} bots answered one person");
    let bot_lines = later.iter().filter(|(name, d)| is_bot_message(name, d)).count();
    assert!(bot_lines >= 1, "the room goes on talking: {later:?}");
}
