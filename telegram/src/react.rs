//! Emoji reactions: a message in a mapped room may get one from one of the
//! room's bots with an account (the rules are `engine::telegram::reactions`:
//! whether, which bot, which emoji, the per-bot gap), a person's moment
//! later (`telegram.reaction_delay_ms`), on the message's Telegram id: a
//! person's message from the group, or a bot's once it is sent. Messages
//! only in the web room have no Telegram id and get none.

use crate::channel::Channel;
use engine::telegram::reactions;
use std::time::Duration;

/// How long a bot message may take to reach the group before its reaction
/// is given up.
const SENT_WITHIN: Duration = Duration::from_secs(60);

/// Whether the message's dice allow a reaction at all: most messages stop
/// here, before any task, copy or lookup.
pub(crate) fn may_react(ch: &Channel, message: i64) -> bool {
    reactions::dice(message).0 < ch.settings().reaction_chance
}

/// Decides now (the gap counts from the decision) and reacts later.
pub(crate) async fn consider(ch: Channel, room: String, message: i64, author: String, text: String) {
    let (roll, pick) = reactions::dice(message);
    let store = ch.store();
    let Ok(Some(chat)) = store.telegram_chat(&room).await else { return };
    if chat.paused_reason.is_some() {
        return;
    }
    let Ok(members) = store.members(&room).await else { return };
    let bots: Vec<String> =
        members.into_iter().filter(|m| m.active && ch.sender().has_bot(&m.bot_id)).map(|m| m.bot_id).collect();
    let now = ch.clock().now();
    let Some((bot, emoji)) = ch.reactor().decide(now, &author, &text, &bots, roll, pick) else { return };
    let delay = pick % (ch.settings().reaction_delay_ms.max(0) as u64 + 1);
    tokio::time::sleep(Duration::from_millis(delay)).await;
    let started = tokio::time::Instant::now();
    let tg_id = loop {
        match store.tg_for_message(chat.chat_id, message).await {
            Ok(Some(id)) => break id,
            Ok(None) if started.elapsed() < SENT_WITHIN => tokio::time::sleep(Duration::from_millis(500)).await,
            _ => return,
        }
    };
    let Some(api) = ch.sender().api(&bot) else { return };
    match api.react(chat.chat_id, tg_id, emoji).await {
        Ok(()) => tracing::debug!(bot = %bot, room = %room, emoji, "reacted"),
        Err(e) => tracing::info!(bot = %bot, room = %room, error = %e, "reaction not sent"),
    }
}
