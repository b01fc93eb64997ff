//! Room tests on virtual time (`tokio::time::pause`) with the deterministic
//! `fake` provider and a real SQLite store.

use super::*;
use crate::community::{Community, CommunitySettings};
use crate::llm::{ProviderConfig, ProviderKind};
use std::time::Duration;

/// Tuesday 2026-11-24 11:00 Istanbul.
pub(crate) const TUESDAY_11: Millis = Millis(1_795_507_200_000);

pub(crate) fn personas(n: usize) -> Vec<Persona> {
    let c = engine::community::Community::from_yaml(include_str!("../../../data/community.yaml")).unwrap();
    c.personas
        .into_iter()
        .take(n)
        .map(|mut p| {
            p.active_hours = vec!["00:00-24:00".into()];
            p.per_hour = 30;
            p.min_gap_secs = 20;
            p
        })
        .collect()
}

pub(crate) async fn start(
    n: usize,
    providers: Vec<ProviderConfig>,
    settings: CommunitySettings,
) -> (Community, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("room.db").display())).await.unwrap();
    let mut c = engine::community::Community::from_yaml(include_str!("../../../data/community.yaml")).unwrap();
    c.personas = personas(n);
    Community::import(&store, &c, "🤖", 0).await.unwrap();
    let community =
        Community::start(store, &providers, settings, crate::clock::Clock::starting_at(TUESDAY_11)).await.unwrap();
    (community, dir)
}

pub(crate) fn fake() -> Vec<ProviderConfig> {
    vec![ProviderConfig::new("fake", ProviderKind::Fake)]
}

pub(crate) async fn drain(rx: &mut broadcast::Receiver<RoomEvent>) -> Vec<MessageView> {
    let mut out = Vec::new();
    loop {
        match rx.try_recv() {
            Ok(RoomEvent::Message(m)) => out.push(*m),
            Ok(_) | Err(broadcast::error::TryRecvError::Lagged(_)) => {}
            Err(_) => return out,
        }
    }
}

#[actix::test]
async fn a_room_of_bots_talks_at_a_human_pace_and_stores_every_message() {
    tokio::time::pause();
    let (c, _dir) = start(6, fake(), CommunitySettings::default()).await;
    let room = c.rooms()[0].clone();
    let mut rx = room.subscribe().await.unwrap();
    tokio::time::sleep(Duration::from_secs(20 * 60)).await;
    let msgs = drain(&mut rx).await;
    // Mean gap 14 s plus read and typing time: a message every ~15–40 s.
    assert!((20..=90).contains(&msgs.len()), "{} messages in 20 minutes", msgs.len());
    for pair in msgs.windows(2) {
        assert_ne!(pair[0].author.id, pair[1].author.id, "back-to-back speaker");
        assert!(pair[1].sent_at_ms - pair[0].sent_at_ms >= 1_000, "messages too close");
    }
    let stored = c.store.count_messages(&room.id, MessageStatus::Sent).await.unwrap();
    assert!(stored as usize >= msgs.len());
    let speakers: std::collections::HashSet<_> = msgs.iter().map(|m| m.author.id.clone()).collect();
    assert!(speakers.len() >= 4, "only {speakers:?} spoke");
    assert!(msgs.iter().all(|m| m.author.display_name.starts_with("🤖 ")));
}

#[actix::test]
async fn a_mentioned_bot_answers_a_person_first() {
    tokio::time::pause();
    let (c, _dir) = start(5, fake(), CommunitySettings::default()).await;
    let room = c.rooms()[0].clone();
    tokio::time::sleep(Duration::from_secs(30)).await;
    let mut rx = room.subscribe().await.unwrap();
    let target = personas(5)[3].username.to_string();
    let name = HumanName::parse("Defne", "🤖").unwrap();
    let text = HumanText::parse(&format!("@{target} dolar için ne düşünüyorsun?")).unwrap();
    let posted = room.post(name, text, None).await.unwrap();
    tokio::time::sleep(Duration::from_secs(40)).await;
    let msgs = drain(&mut rx).await;
    let reply = msgs
        .iter()
        .find(|m| m.reply_to.as_ref().is_some_and(|r| r.id == posted.id))
        .expect("nobody answered the person");
    assert_eq!(reply.author.id, target);
    assert!(reply.sent_at_ms - posted.sent_at_ms < 30_000);
}

#[actix::test]
async fn asked_whether_it_is_a_bot_a_bot_says_it_is_an_ai() {
    tokio::time::pause();
    let (c, _dir) = start(4, fake(), CommunitySettings::default()).await;
    let room = c.rooms()[0].clone();
    for q in ["Sen bot musun?", "Are you a real person?"] {
        let mut rx = room.subscribe().await.unwrap();
        let posted =
            room.post(HumanName::parse("Ece", "🤖").unwrap(), HumanText::parse(q).unwrap(), None).await.unwrap();
        tokio::time::sleep(Duration::from_secs(40)).await;
        let msgs = drain(&mut rx).await;
        let replies: Vec<_> = msgs.iter().filter(|m| m.reply_to.as_ref().is_some_and(|r| r.id == posted.id)).collect();
        assert!(
            !replies.is_empty(),
            "no reply to {q}: {:?}",
            msgs.iter().map(|m| (&m.author.id, &m.text, m.reply_to.as_ref().map(|r| r.id))).collect::<Vec<_>>()
        );
        for r in replies {
            let t = r.text.to_lowercase();
            assert!(t.contains("yapay zekâ") || t.contains("ai persona"), "{q} -> {}", r.text);
        }
    }
}

#[actix::test]
async fn a_panicking_bot_is_restarted_from_the_store_and_speaks_again() {
    tokio::time::pause();
    let (c, _dir) = start(3, fake(), CommunitySettings::default()).await;
    let room = c.rooms()[0].clone();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let victim = personas(3)[0].username.to_string();
    room.addr().send(CrashBot(victim.clone())).await.unwrap();
    let mut rx = room.subscribe().await.unwrap();
    tokio::time::sleep(Duration::from_secs(15 * 60)).await;
    let members = room.members().await.unwrap();
    let m = members.iter().find(|m| m.id == victim).unwrap();
    assert!(m.alive && m.restarts >= 1, "{m:?}");
    let msgs = drain(&mut rx).await;
    assert!(msgs.iter().any(|x| x.author.id == victim), "restarted bot never spoke again");
}

#[actix::test]
async fn a_persona_in_two_rooms_is_one_actor_and_comes_back_once_for_both() {
    tokio::time::pause();
    let (c, _dir) = start(3, fake(), CommunitySettings::default()).await;
    let new = crate::control::NewRoom {
        slug: "ikinci-oda".into(),
        name: "İkinci".into(),
        topic: String::new(),
        prices: Default::default(),
    };
    c.create_room(new).await.unwrap();
    let victim = personas(3)[0].username.to_string();
    c.join_room("ikinci-oda", &victim).await.unwrap();
    let (first, second) = (c.rooms()[0].clone(), c.room("ikinci-oda").unwrap());
    tokio::time::sleep(Duration::from_secs(5)).await;
    // The crash comes through the first room; the second room's bot is the same actor.
    first.addr().send(CrashBot(victim.clone())).await.unwrap();
    let mut rx = second.subscribe().await.unwrap();
    tokio::time::sleep(Duration::from_secs(15 * 60)).await;
    for room in [&first, &second] {
        let members = room.members().await.unwrap();
        let m = members.iter().find(|m| m.id == victim).unwrap();
        assert!(m.alive && m.restarts >= 1, "{}: {m:?}", room.id);
    }
    let msgs = drain(&mut rx).await;
    assert!(msgs.iter().any(|x| x.author.id == victim), "the restarted persona never spoke in the second room");
    assert!(c.spawner.factory.actors.get(&victim).is_some_and(|w| w.upgrade().is_some()), "one actor runs it");
}

#[actix::test]
async fn a_reply_to_a_message_of_another_room_is_refused_and_nothing_is_stored() {
    let (c, _dir) = start(2, fake(), CommunitySettings::default()).await;
    let room = c.rooms()[0].clone();
    let before = c.store.count_messages(&room.id, MessageStatus::Sent).await.unwrap();
    let err = room
        .post(HumanName::parse("Ece", "🤖").unwrap(), HumanText::parse("merhaba").unwrap(), Some(987_654))
        .await
        .unwrap_err();
    assert_eq!(err, RoomError::ReplyNotFound(987_654));
    assert_eq!(c.store.count_messages(&room.id, MessageStatus::Sent).await.unwrap(), before);
}

#[actix::test]
async fn a_simulated_day_follows_the_daily_curve_and_is_bursty() {
    tokio::time::pause();
    let midnight = Millis(TUESDAY_11.0 - 11 * Millis::HOUR);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&format!("sqlite://{}", dir.path().join("day.db").display())).await.unwrap();
    let mut c = engine::community::Community::from_yaml(include_str!("../../../data/community.yaml")).unwrap();
    c.personas = personas(8);
    Community::import(&store, &c, "🤖", 0).await.unwrap();
    let community =
        Community::start(store, &fake(), CommunitySettings::default(), crate::clock::Clock::starting_at(midnight))
            .await
            .unwrap();
    let mut rx = community.rooms()[0].subscribe().await.unwrap();
    let mut msgs = Vec::new();
    for _ in 0..24 * 6 {
        tokio::time::sleep(Duration::from_secs(600)).await;
        msgs.extend(drain(&mut rx).await);
    }
    let mut hourly = [0f64; 24];
    for m in &msgs {
        let (minute, _) = Millis(m.sent_at_ms).local_minute_of_day(engine::ids::ISTANBUL_UTC_OFFSET_MIN);
        hourly[(minute / 60) as usize] += 1.0;
    }
    let curve: Vec<f64> = (0..24).map(|h| engine::pacing::daily_activity(h * 60 + 30, 1)).collect();
    let r = pearson(&hourly, &curve);
    let gaps: Vec<f64> = msgs.windows(2).map(|w| (w[1].sent_at_ms - w[0].sent_at_ms) as f64).collect();
    let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
    let cv = (gaps.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / gaps.len() as f64).sqrt() / mean;
    eprintln!("{} messages, hourly {hourly:?}, r = {r:.2}, gap CV = {cv:.2}", msgs.len());
    assert!(r > 0.6, "hourly counts do not follow the curve (r = {r:.2})");
    assert!(hourly[10] + hourly[11] > 2.0 * (hourly[2] + hourly[3]), "{hourly:?}");
    assert!(cv > 1.0, "gaps are not bursty (CV = {cv:.2})");
}

fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va.sqrt() * vb.sqrt())
}
