//! Topic answers first: where the room puts them first (the default with the
//! embedded model), a person's question on a common topic gets the engine's
//! written answer before any model speaks; elsewhere the model answers.

use crate::helpers::{ROOM, spawn_app, spawn_app_with_settings};
use std::time::Duration;

const QUESTION: &str = "Faiz kararı yarın, sizce piyasa nasıl tepki verir?";
/// How the engine's answers on rates begin (`engine::fallback::topic`).
const RATES: [&str; 2] = ["Faiz kararında piyasa", "Faiz kararı beklentiye yakın"];

/// The first bot answer to [`QUESTION`] in a running room: its text and
/// where it came from as stored (`rule`, or the provider the model was).
async fn first_answer(app: &crate::helpers::TestApp) -> (String, String) {
    let mut stream = app.open_stream().await;
    let asked = app.say("Yasemin", QUESTION).await;
    let id = asked["id"].as_i64().unwrap();
    let (_, reply) = stream
        .wait_for(Duration::from_secs(20), |n, d| {
            n == "message" && d["author"]["kind"] == "bot" && d["reply_to"]["id"] == id
        })
        .await;
    let row = app.store.message(reply["id"].as_i64().unwrap()).await.unwrap().unwrap();
    (row.text, row.provider.unwrap_or_default())
}

#[actix_web::test]
async fn a_question_on_a_common_topic_gets_the_engines_answer_first_where_the_room_says_so() {
    let app = spawn_app_with_settings(|s| s.room.topic_answers_first = Some(true)).await;
    let (text, source) = first_answer(&app).await;
    assert_eq!(source, "rule", "{text}");
    assert!(RATES.iter().any(|r| text.starts_with(r)), "the engine's answer on rates: {text}");
    assert!(text.contains('?'), "with a question back: {text}");
    app.stop().await;
}

#[actix_web::test]
async fn elsewhere_the_model_answers_a_question_on_a_common_topic() {
    // The tests' provider is the fake OpenAI-compatible server: not the embedded model.
    let app = spawn_app().await;
    let (text, source) = first_answer(&app).await;
    assert_ne!(source, "rule", "{text}");
    let asked = app.fake_llm.requests().iter().any(|r| r.prompt_text().contains("Faiz kararı yarın"));
    assert!(asked, "the model was asked to answer in {ROOM}");
    app.stop().await;
}
