//! Emoji reactions of the bots to group messages.

use crate::helpers::*;
use std::collections::HashMap;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);

#[actix::test]
async fn bots_react_within_their_gap_and_never_to_hype() {
    let mut w = world(3, 20, true).await;
    (w.settings.reaction_chance, w.settings.reaction_gap_s, w.settings.reaction_delay_ms) = (1.0, 600, 50);
    let (community, _ch) = live(&w, 20).await;
    // Paused: the bots write nothing, so only the people's messages are there to react to.
    community.room(ROOM).unwrap().set_paused(true).await.unwrap();
    let hype = w.fake.human_says(w.chat, 5, "Defne", "THYAO uçacak 🚀 hemen alın", None);
    let calm: Vec<i32> = ["bankalar bugün toparladı", "altın yatay gidiyor", "endeks sakin", "dolar kıpırdamadı"]
        .iter()
        .map(|t| w.fake.human_says(w.chat, 6, "Ece", t, None))
        .collect();
    let reactions = || {
        let calls = w.fake.calls_of("setMessageReaction");
        calls.into_iter().filter(|c| c.status == 200).collect::<Vec<_>>()
    };
    // Three bots, one reaction each in the gap: three of the four calm messages.
    assert!(eventually(WAIT, async || reactions().len() >= 3).await, "{:?}", reactions());
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let all = reactions();
    assert_eq!(all.len(), 3, "each bot once within its gap: {all:?}");
    let mut per_bot = HashMap::new();
    let mut per_message = HashMap::new();
    for c in &all {
        *per_bot.entry(c.bot.clone()).or_insert(0) += 1;
        *per_message.entry(c.params["message_id"].as_i64().unwrap() as i32).or_insert(0) += 1;
        let emoji = c.params["reaction"][0]["emoji"].as_str().unwrap();
        assert!(["👍", "👌", "💯"].contains(&emoji), "a plain message gets a plain emoji: {emoji}");
    }
    assert_eq!(per_bot.len(), 3, "{per_bot:?}");
    assert!(per_message.values().all(|n| *n == 1), "one reaction per message: {per_message:?}");
    assert!(per_message.keys().all(|id| calm.contains(id)), "hype ({hype}) gets no reaction: {per_message:?}");
}
