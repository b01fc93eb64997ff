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

/// Run 8 (2026-12-07): the second bot's model drafts were refused, and its
/// fallback, the same topic's written answer, repeated the first one word
/// for word. A person who has an answer gets no second copy of it.
#[actix_web::test]
async fn a_second_answer_never_repeats_the_first_when_the_model_fails() {
    let app = spawn_app_with_settings(|s| s.room.topic_answers_first = Some(true)).await;
    // Every draft parrots the person: refused as an echo, so the fallback speaks.
    app.fake_llm.set_reply(fakes::Reply::Weak(fakes::Weak { weakness: fakes::Weakness::Parrot, ratio: 1.0 }));
    let mut stream = app.open_stream().await;
    let asked = app.say("Derya", "Enflasyon verisi beklentinin üstünde gelirse dolar ne olur?").await;
    let id = asked["id"].as_i64().unwrap();
    let events = stream.collect_for(Duration::from_secs(12)).await;
    let answers: Vec<&str> = events
        .iter()
        .filter(|(n, d)| n == "message" && d["author"]["kind"] == "bot" && d["reply_to"]["id"] == id)
        .map(|(_, d)| d["text"].as_str().unwrap())
        .collect();
    assert!(!answers.is_empty(), "answered");
    let recent: Vec<String> = answers.iter().map(|a| a.to_string()).collect();
    for (i, a) in answers.iter().enumerate().skip(1) {
        assert!(!engine::fallback::repeats(a, &recent[..i]), "answer {i} repeats an earlier one: {answers:#?}");
    }
    app.stop().await;
}
