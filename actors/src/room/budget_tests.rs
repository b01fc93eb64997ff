//! Tiers and budgets on virtual time: chatter goes to the cheap chain and
//! replies to people to the important one; a room past its daily budget keeps
//! talking with rule-based reactions and asks no model.

use super::tests::{drain, start};
use super::*;
use crate::community::CommunitySettings;
use crate::gateway::{GatewayOptions, TierChains};
use crate::llm::{ProviderConfig, ProviderKind};
use crate::market::MarketSettings;
use engine::budget::{BudgetSettings, Tier};
use std::time::Duration;

fn cheap_and_best() -> (Vec<ProviderConfig>, GatewayOptions) {
    let providers =
        vec![ProviderConfig::new("cheap", ProviderKind::Fake), ProviderConfig::new("best", ProviderKind::Fake)];
    let tiers = TierChains { banter: vec!["cheap".into()], important: vec!["best".into()] };
    (providers, GatewayOptions { tiers, ..GatewayOptions::default() })
}

#[actix::test]
async fn chatter_uses_the_cheap_chain_and_a_persons_question_the_important_one() {
    tokio::time::pause();
    let (providers, gateway) = cheap_and_best();
    // No headlines: they too would get the important tier.
    let market = MarketSettings { headline_every_ms: 24 * 3_600_000, ..MarketSettings::default() };
    let (c, _dir) = start(5, providers, CommunitySettings { gateway, market, ..CommunitySettings::default() }).await;
    let room = c.rooms()[0].clone();
    let mut rx = room.subscribe().await.unwrap();
    tokio::time::sleep(Duration::from_secs(5 * 60)).await;
    let asked = room
        .post(
            HumanName::parse("Defne", "🤖").unwrap(),
            HumanText::parse("Altın için ne düşünüyorsunuz?").unwrap(),
            None,
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(2 * 60)).await;
    let msgs = drain(&mut rx).await;
    let reply = msgs.iter().find(|m| m.reply_to.as_ref().is_some_and(|r| r.id == asked.id)).expect("an answer");
    let rows = c.store.recent_messages(&room.id, 200).await.unwrap();
    let row = rows.iter().find(|r| r.id == reply.id).unwrap();
    assert_eq!(row.provider.as_deref(), Some("best"), "the answer to a person came from the important chain");
    let chatter: Vec<_> = rows.iter().filter(|r| r.author_kind == AuthorKind::Bot && r.reply_to.is_none()).collect();
    assert!(!chatter.is_empty());
    assert!(
        chatter.iter().all(|r| r.provider.as_deref() == Some("cheap") || r.provider.as_deref() == Some("fallback")),
        "{:?}",
        chatter.iter().map(|r| &r.provider).collect::<Vec<_>>()
    );
    let snap = c.meter.snapshot(c.clock.now());
    let tiers = &snap.rooms[&room.id].tiers;
    assert!(tiers[&Tier::Banter] > 0 && tiers[&Tier::Important] > 0, "{tiers:?}");
}

#[actix::test]
async fn past_its_daily_budget_a_room_keeps_talking_with_reactions_and_no_model() {
    tokio::time::pause();
    let budget = BudgetSettings { room_daily_tokens: 2_000, ..BudgetSettings::default() };
    let (c, _dir) = start(6, super::tests::fake(), CommunitySettings { budget, ..CommunitySettings::default() }).await;
    let room = c.rooms()[0].clone();
    let mut rx = room.subscribe().await.unwrap();
    let mut msgs = Vec::new();
    for _ in 0..9 {
        // Market updates fill the stream too: take the messages every 10 minutes.
        tokio::time::sleep(Duration::from_secs(10 * 60)).await;
        msgs.extend(drain(&mut rx).await);
    }
    let snap = c.meter.snapshot(c.clock.now());
    let spent = snap.rooms[&room.id].today.tokens;
    // Calls stop once the budget is spent: at most one turn's drafts (3) over it.
    assert!((2_000..3_000).contains(&spent), "spent {spent} tokens against a 2,000 budget");
    let rows = c.store.recent_messages(&room.id, 500).await.unwrap();
    let reactions = rows.iter().filter(|r| r.provider.as_deref() == Some("reaction")).count();
    assert!(reactions > 0, "the room went quiet instead of degrading");
    let first_reaction = rows.iter().position(|r| r.provider.as_deref() == Some("reaction")).unwrap();
    assert!(
        rows[first_reaction..]
            .iter()
            .all(|r| r.author_kind != AuthorKind::Bot || r.provider.as_deref() == Some("reaction")),
        "after the budget ran out a model answered again"
    );
    assert_eq!(msgs.len(), rows.len(), "every message was stored and shown");
}
