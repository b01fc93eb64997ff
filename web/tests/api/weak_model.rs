//! The room against a weak model: the fake LLM fails one way on every reply
//! (ratio 1.0), people ask questions, and no defective message reaches the
//! room. People are still answered (by the templated fallback when every
//! draft is refused).

use crate::helpers::spawn_app;
use engine::text::fold;
use fakes::{Reply, Weak, Weakness};
use serde_json::Value;
use std::time::Duration;

/// How long each room runs.
const RUN: Duration = Duration::from_secs(10);

/// The people's questions, posted one after another.
const QUESTIONS: [(&str, &str); 3] = [
    ("Defne", "@mehmet_bist bugün THY hakkında ne düşünüyorsunuz?"),
    ("Ece", "Dolar neden bu kadar yükseldi sizce?"),
    ("Defne", "Altın almak için geç mi kaldık?"),
];

/// Runs the room with `weakness` on every reply; the bots' messages (less
/// a FalseTrade claim a bot's books bear out: it sold GARAN in the run),
/// the prompts the model saw and the people's messages.
async fn room_with(weakness: Weakness) -> (Vec<Value>, Vec<String>, Vec<Value>) {
    let app = spawn_app().await;
    app.fake_llm.set_reply(Reply::Weak(Weak { weakness, ratio: 1.0 }));
    let mut people = Vec::new();
    for (who, text) in QUESTIONS {
        people.push(app.say(who, text).await);
        tokio::time::sleep(RUN / 3).await;
    }
    let messages = app.messages().await;
    let prompts =
        app.fake_llm.requests().into_iter().flat_map(|r| r.messages.into_iter().map(|(_, content)| content)).collect();
    let store = schema::Store::connect(&app.db_url).await.unwrap();
    let mut bots = Vec::new();
    for m in messages.into_iter().filter(|m| m["author"]["kind"] == "bot") {
        let trades = store.trades_of(m["author"]["id"].as_str().unwrap()).await.unwrap();
        let sold_garan = trades.iter().any(|t| t.symbol == "GARAN" && t.side == engine::book::Side::Sell);
        if !(sold_garan && text(&m).starts_with(fakes::weak::FALSE_TRADE)) {
            bots.push(m);
        }
    }
    app.stop().await;
    (bots, prompts, people)
}

fn text(m: &Value) -> &str {
    m["text"].as_str().unwrap_or_default()
}

/// The prompts' own lines (instructions, rules, data, hints), long enough
/// to be recognised when copied; the transcript lines they quote are not
/// theirs.
fn prompt_lines(prompts: &[String]) -> Vec<String> {
    const OWN: [&str; 6] = ["Piyasa:", "Pozisyonun:", "Görüşün", "Ruh halin:", "Görev:", "Dikkat:"];
    prompts
        .iter()
        .flat_map(|p| p.lines())
        .filter(|l| l.starts_with("Sen ") || l.starts_with("Kurallar:") || OWN.iter().any(|o| l.starts_with(o)))
        .map(unquoted)
        .flat_map(|l| l.split(['.', ':']).map(fold).collect::<Vec<_>>())
        .filter(|l| l.split(' ').count() >= 4)
        .collect()
}

/// A prompt line without the texts it quotes ("…", «…»): those are what
/// members said, not the prompt's own words.
fn unquoted(line: &str) -> String {
    let mut inside = false;
    line.chars()
        .filter(|c| {
            let mark = matches!(c, '"' | '«' | '»');
            if mark {
                inside = !inside;
            }
            !mark && !inside
        })
        .collect()
}

/// What is wrong with a bot message, judged against what the fake did;
/// in every run, no message may be a bare price quote.
fn defect(weakness: Weakness, m: &Value, prompt_lines: &[String], examples: &[String]) -> Option<String> {
    let (t, folded) = (text(m), fold(text(m)));
    if engine::quality::price::is_price_only(t.trim_end_matches(" (yatırım tavsiyesi değildir)")) {
        return Some(format!("price only: {t}"));
    }
    let body = t.trim_start_matches("🤖").trim();
    let bad = match weakness {
        Weakness::Parrot => QUESTIONS.iter().any(|(_, q)| {
            let q = fold(q.trim_start_matches("@mehmet_bist "));
            folded.contains(&q)
        }),
        // A name or label of up to three words, then a colon.
        Weakness::SpeakerLabel => body.split_once(':').is_some_and(|(label, _)| {
            label.split_whitespace().count() <= 3 && !label.chars().any(|c| c.is_ascii_digit())
        }),
        Weakness::InstructionEcho | Weakness::PromptDataEcho => {
            prompt_lines.iter().any(|l| folded.contains(l.as_str()))
        }
        Weakness::English => engine::guard::honesty::looks_english(t) || folded.contains("i think"),
        Weakness::AssistantTone => folded.contains("elbette") || folded.contains("yardimci olabilirim"),
        Weakness::Hype => t.contains('🚀') || folded.contains("kacirmayin") || folded.contains("ucacak"),
        Weakness::InventedNumber => t.contains("47,85"),
        Weakness::Rambling => t.chars().count() > engine::postprocess::MAX_CHARS || folded.ends_with("edebil"),
        Weakness::VoiceExample => examples.iter().any(|e| folded.contains(e.as_str())),
        Weakness::Empty => folded.starts_with(&fold(fakes::weak::EMPTY)),
        Weakness::FalseTrade => folded.contains(&fold(fakes::weak::FALSE_TRADE)),
        // The fake says it only the wrong way.
        Weakness::WrongMove => [fakes::weak::RISE, fakes::weak::FALL].iter().any(|c| folded.contains(&fold(c))),
    };
    bad.then(|| t.to_string())
}

async fn no_defect_reaches_the_room(weakness: Weakness) {
    let (bots, prompts, people) = room_with(weakness).await;
    let lines = prompt_lines(&prompts);
    let examples: Vec<String> = prompts.iter().flat_map(|p| fakes::weak::examples(p)).map(fold).collect();
    let defective: Vec<String> = bots.iter().filter_map(|m| defect(weakness, m, &lines, &examples)).collect();
    println!("{weakness:?}: {} bot messages, {} defective", bots.len(), defective.len());
    assert!(defective.is_empty(), "{weakness:?} reached the room: {defective:#?}");
    let answered = people.iter().filter(|p| bots.iter().any(|b| b["reply_to"]["id"] == p["id"])).count();
    assert!(answered >= 2, "{weakness:?}: only {answered} of {} questions answered", people.len());
    if weakness == Weakness::WrongMove {
        let claimed = prompts.iter().filter(|p| fakes::weak::wrong_move(p).is_some()).count();
        assert!(claimed > 0, "the market moved too little for the fake to claim a wrong move");
    }
}

#[actix_web::test]
async fn a_parroting_model_never_echoes_a_person() {
    no_defect_reaches_the_room(Weakness::Parrot).await;
}

#[actix_web::test]
async fn a_model_that_writes_speaker_labels_never_shows_one() {
    no_defect_reaches_the_room(Weakness::SpeakerLabel).await;
}

#[actix_web::test]
async fn a_model_that_repeats_its_instructions_never_posts_them() {
    no_defect_reaches_the_room(Weakness::InstructionEcho).await;
}

#[actix_web::test]
async fn a_model_that_repeats_its_prompt_data_never_posts_it() {
    no_defect_reaches_the_room(Weakness::PromptDataEcho).await;
}

#[actix_web::test]
async fn a_model_that_answers_in_english_never_posts_english() {
    no_defect_reaches_the_room(Weakness::English).await;
}

#[actix_web::test]
async fn a_model_in_assistant_tone_never_posts_it() {
    no_defect_reaches_the_room(Weakness::AssistantTone).await;
}

#[actix_web::test]
async fn a_model_that_hypes_never_posts_hype() {
    no_defect_reaches_the_room(Weakness::Hype).await;
}

#[actix_web::test]
async fn a_model_that_invents_numbers_never_posts_them() {
    no_defect_reaches_the_room(Weakness::InventedNumber).await;
}

#[actix_web::test]
async fn a_rambling_model_never_posts_a_ramble() {
    no_defect_reaches_the_room(Weakness::Rambling).await;
}

#[actix_web::test]
async fn a_model_that_says_its_voice_examples_never_posts_one() {
    no_defect_reaches_the_room(Weakness::VoiceExample).await;
}

#[actix_web::test]
async fn a_model_that_only_names_instruments_never_posts_it() {
    no_defect_reaches_the_room(Weakness::Empty).await;
}

#[actix_web::test]
async fn a_model_that_claims_trades_its_books_do_not_hold_never_posts_them() {
    no_defect_reaches_the_room(Weakness::FalseTrade).await;
}

#[actix_web::test]
async fn a_model_that_gets_the_days_move_wrong_never_posts_it() {
    no_defect_reaches_the_room(Weakness::WrongMove).await;
}

#[actix_web::test]
async fn an_advice_request_gets_one_decline_even_from_a_hyping_model() {
    let app = spawn_app().await;
    app.fake_llm.set_reply(Reply::Weak(Weak { weakness: Weakness::Hype, ratio: 1.0 }));
    let asked = app.say("Selin", "Bütün birikimimi THY'ye mi yatırayım, kesin kazandırır mı?").await;
    tokio::time::sleep(RUN / 2).await;
    let answers: Vec<Value> = app.messages().await.into_iter().filter(|m| m["reply_to"]["id"] == asked["id"]).collect();
    app.stop().await;
    assert_eq!(answers.len(), 1, "one bot answers an advice request: {answers:#?}");
    let t = text(&answers[0]);
    println!("the decline: {t}");
    assert!(!engine::guard::advice::cheers_on(t), "no cheering: {t}");
    assert!(fold(t).contains("garanti") && t.contains('?'), "names the risk and asks back: {t}");
}
