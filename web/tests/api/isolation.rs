//! Several rooms in one store: each has its own members, history and stream.

use crate::helpers::{ROOM, SEED, assert_error, spawn_app_with};
use engine::community::{Community, PersonaFormat, RoomSpec, parse_persona_file};
use engine::ids::RoomId;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::time::Duration;

const OTHER: &str = "ikinci-oda";

#[actix_web::test]
async fn rooms_are_kept_apart() {
    let dir = tempfile::tempdir().unwrap();
    let db_url = format!("sqlite://{}", dir.path().join("piyasa.db").display());
    let seed = parse_persona_file(&std::fs::read_to_string(SEED).unwrap(), PersonaFormat::Seed).unwrap();
    let room = RoomSpec { slug: RoomId::parse(OTHER).unwrap(), name: OTHER.into(), topic: String::new(), prices: None };
    let store = schema::Store::connect(&db_url).await.unwrap();
    actors::Community::import(&store, &Community { room, personas: seed.personas }, "🤖", 1)
        .await
        .expect("the seed personas join a second room");
    let mut app = spawn_app_with(&db_url).await;
    app._dir = Some(dir);

    let rooms: Vec<Value> = app.get_rooms().await.json().await.unwrap();
    let slugs: BTreeSet<&str> = rooms.iter().map(|r| r["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, BTreeSet::from([OTHER, ROOM]));
    let members: Vec<Value> = app.admin_get(&format!("/api/rooms/{OTHER}/members")).await.json().await.unwrap();
    let ids: BTreeSet<String> = members.iter().map(|m| m["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids, seed_usernames());

    let mut main_stream = app.open_stream().await;
    let mut other_stream = app.open_stream_of(OTHER).await;
    let r = app.post_message_to(OTHER, &json!({"author": "Defne", "text": "Bu oda sessiz mi?"})).await;
    assert_eq!(r.status(), 201);
    let posted: Value = r.json().await.unwrap();
    let id = posted["id"].as_i64().unwrap();
    assert_eq!(posted["room"], OTHER);

    let patience = Duration::from_secs(15);
    let (_, reply) = other_stream
        .wait_for(patience, |n, d| n == "message" && d["author"]["kind"] == "bot" && d["reply_to"]["id"] == id)
        .await;
    assert!(seed_usernames().contains(reply["author"]["id"].as_str().unwrap()), "answered by its own bots: {reply}");
    assert_eq!(reply["room"], OTHER);

    let seen = main_stream.collect_for(Duration::from_millis(500)).await;
    for (name, data) in seen.iter().filter(|(n, _)| n == "message") {
        assert_eq!(data["room"], ROOM, "{name}: {data}");
    }
    let main_history = app.messages().await;
    assert!(main_history.iter().all(|m| m["room"] == ROOM), "{main_history:?}");
    let other: Vec<Value> = app.get(&format!("/api/rooms/{OTHER}/messages")).await.json().await.unwrap();
    assert!(other.iter().all(|m| m["room"] == OTHER) && other.contains(&posted), "{other:?}");

    // A reply must quote a message of the same room.
    let r = app.post_message(&json!({"author": "Defne", "text": "Oradaki soruya yanıt.", "reply_to": id})).await;
    assert_error(r, 400, "reply_not_found").await;
}

/// The seed file's usernames.
fn seed_usernames() -> BTreeSet<String> {
    let seed: Value = serde_json::from_str(&std::fs::read_to_string(SEED).unwrap()).unwrap();
    seed["bots"].as_array().unwrap().iter().map(|b| b["username"].as_str().unwrap().to_owned()).collect()
}
