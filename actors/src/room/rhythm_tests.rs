//! The room's rhythm on virtual time: news livens a room up and it calms
//! down again; a bot addressed by name answers sooner.

use super::tests::{TUESDAY_11, drain, fake, personas};
use super::*;
use crate::community::{Community, CommunitySettings};
use crate::market::MarketSettings;
use std::time::Duration;

pub(super) async fn quiet_market_room(n: usize) -> (Community, tempfile::TempDir) {
    let (store, dir) = quiet_market_store(n).await;
    (start_quiet(store).await, dir)
}

/// The store of [`quiet_market_room`], before its community starts.
pub(super) async fn quiet_market_store(n: usize) -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("r.db").display())).await.unwrap();
    let mut c = engine::community::Community::from_yaml(include_str!("../../../data/community.yaml")).unwrap();
    c.personas = personas(n);
    Community::import(&store, &c, "🤖", 0).await.unwrap();
    (store, dir)
}

/// Starts the community of [`quiet_market_store`] at Tuesday 11:00.
pub(super) async fn start_quiet(store: Store) -> Community {
    // No bundled headlines and a calm market: the test brings the news.
    let market = MarketSettings { headline_every_ms: u64::MAX / 2, speedup: 1.0, ..MarketSettings::default() };
    // A quiet room (one message every two minutes or so): news shows.
    let pacing = engine::pacing::PacingSettings { daily_curve: false, mean_gap_ms: 120_000, ..Default::default() };
    let room = RoomSettings { pacing, ..RoomSettings::default() };
    let settings = CommunitySettings { market, room, ..CommunitySettings::default() };
    Community::start(store, &fake(), settings, crate::clock::Clock::starting_at(TUESDAY_11)).await.unwrap()
}

/// Lets `minutes` of virtual time pass, collecting messages every minute.
pub(super) async fn advance(rx: &mut broadcast::Receiver<RoomEvent>, minutes: u64) -> Vec<MessageView> {
    let mut out = Vec::new();
    for _ in 0..minutes {
        tokio::time::sleep(Duration::from_secs(60)).await;
        out.extend(drain(rx).await);
    }
    out
}

fn count_between(msgs: &[MessageView], from: i64, to: i64) -> usize {
    msgs.iter().filter(|m| m.author.kind == AuthorKind::Bot && m.sent_at_ms >= from && m.sent_at_ms < to).count()
}

#[actix::test]
async fn a_headline_raises_the_message_rate_which_then_decays() {
    tokio::time::pause();
    let (c, _dir) = quiet_market_room(8).await;
    let room = c.rooms()[0].clone();
    let mut rx = room.subscribe().await.unwrap();
    let quotes = engine::market::MarketSim::new(1).snapshot();
    let clock = crate::clock::Clock::starting_at(TUESDAY_11);
    let (mut before, mut after, mut later) = (0, 0, 0);
    let mut msgs = Vec::new();
    for step in 0..60 {
        msgs.extend(advance(&mut rx, 5).await);
        let t0 = clock.now().0;
        let headline = engine::market::Headline {
            symbol: "THYAO".into(),
            direction: 1,
            text: "THY rekor yolcu sayısı açıkladı".into(),
            ..Default::default()
        };
        room.addr()
            .send(MarketUpdate {
                step,
                quotes: quotes.clone().into(),
                moves: vec![],
                headline: Some(headline),
                prices: Default::default(),
            })
            .await
            .unwrap();
        msgs.extend(advance(&mut rx, 25).await);
        before += count_between(&msgs, t0 - 2 * Millis::MINUTE, t0);
        after += count_between(&msgs, t0, t0 + 2 * Millis::MINUTE);
        later += count_between(&msgs, t0 + 20 * Millis::MINUTE, t0 + 22 * Millis::MINUTE);
    }
    eprintln!("bot messages in 2 minutes: before {before}, after {after}, 20 minutes later {later}");
    assert!(after as f64 > 1.3 * before as f64, "before {before}, after {after}");
    assert!((later as f64) < 0.8 * after as f64, "after {after}, later {later}");
}

#[actix::test]
async fn a_bot_answers_sooner_when_it_is_mentioned_than_when_a_question_is_open() {
    tokio::time::pause();
    // One bot: the same typist answers both kinds of question.
    let (c, _dir) = quiet_market_room(1).await;
    let room = c.rooms()[0].clone();
    let bot = personas(1)[0].username.to_string();
    let mut rx = room.subscribe().await.unwrap();
    let (mut mentioned, mut open) = (Vec::new(), Vec::new());
    for i in 0..24 {
        advance(&mut rx, 4).await;
        let text = if i % 2 == 0 { format!("@{bot} THYAO ne olur sence?") } else { "THYAO ne olur sizce?".into() };
        let posted =
            room.post(HumanName::parse("Ece", "🤖").unwrap(), HumanText::parse(&text).unwrap(), None).await.unwrap();
        // Three minutes: the bot may have just spoken and waits its minimum gap.
        let got = advance(&mut rx, 3).await;
        let reply = got.iter().find(|m| m.reply_to.as_ref().is_some_and(|r| r.id == posted.id));
        let latency = reply.unwrap_or_else(|| panic!("question {i} was not answered")).sent_at_ms - posted.sent_at_ms;
        if i % 2 == 0 { mentioned.push(latency) } else { open.push(latency) }
    }
    mentioned.sort_unstable();
    open.sort_unstable();
    let (m, o) = (mentioned[mentioned.len() / 2], open[open.len() / 2]);
    eprintln!("median first reply: mentioned {m} ms, open question {o} ms");
    assert!(m < o, "mentioned {mentioned:?}, open {open:?}");
}

#[actix::test]
async fn people_posting_every_second_do_not_silence_the_bots() {
    tokio::time::pause();
    let (c, _dir) = quiet_market_room(4).await;
    let room = c.rooms()[0].clone();
    let mut rx = room.subscribe().await.unwrap();
    advance(&mut rx, 2).await;
    let mut msgs = Vec::new();
    let names = ["Ece", "Mert", "Selin"];
    // Ten minutes of people talking, one message a second.
    for i in 0..600 {
        let name = HumanName::parse(names[i % names.len()], "🤖").unwrap();
        let text = HumanText::parse(&format!("bugün piyasa sakin mi, {i}. kez soruyorum")).unwrap();
        room.post(name, text, None).await.unwrap();
        tokio::time::sleep(Duration::from_secs(1)).await;
        msgs.extend(drain(&mut rx).await);
    }
    let bots: Vec<&MessageView> = msgs.iter().filter(|m| m.author.kind == AuthorKind::Bot).collect();
    let answers =
        bots.iter().filter(|m| m.reply_to.as_ref().is_some_and(|r| names.contains(&r.author.as_str()))).count();
    eprintln!("bot messages in 10 busy minutes: {} ({answers} answers to people)", bots.len());
    assert!(bots.len() >= 5, "the bots fell silent: {} messages", bots.len());
    assert!(answers >= 3, "people went unanswered: {answers}");
    // An answer to a person shows whom it answers, even when 40 newer lines
    // pushed that message out of the room's window before the reply came.
    let unquoted: Vec<&str> = bots
        .iter()
        .filter(|m| m.text.contains("yatırım tavsiyesi değildir") && m.reply_to.is_none())
        .map(|m| m.text.as_str())
        .collect();
    assert!(unquoted.is_empty(), "answers to people without the message they answer: {unquoted:?}");
}
