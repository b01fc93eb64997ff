//! The channels beyond the web room: Telegram, started with the application when `telegram.enabled`.

use crate::settings::Settings;
use actors::clock::Clock;
use anyhow::Context as _;
use schema::Store;
use telegram::admin;

/// Starts the Telegram channel when `telegram.enabled`.
pub async fn start_channel(
    settings: &Settings,
    community: &actors::Community,
    clock: Clock,
) -> anyhow::Result<Option<telegram::Channel>> {
    if !settings.telegram.enabled {
        return Ok(None);
    }
    apply_community_section(settings, &community.store, clock).await?;
    refuse_simulated_rooms(settings, community).await?;
    let ch = telegram::Channel::start(
        community.store.clone(),
        &community.registry(),
        &settings.telegram,
        &settings.ai_marker,
        &settings.privacy.policy,
        clock,
        community.meter.metrics().clone(),
        community.workers().cloned(),
    )
    .await
    .context("telegram")?;
    Ok(Some(ch))
}

/// Honest prices: a Telegram-linked room on simulated prices does not start
/// unless `market.allow_simulated_telegram` says so (its bots then say in
/// their descriptions that the prices are simulated).
async fn refuse_simulated_rooms(settings: &Settings, community: &actors::Community) -> anyhow::Result<()> {
    for chat in community.store.telegram_chats().await.context("loading the Telegram chats")? {
        let Some(room) = community.room(&chat.room_id) else { continue };
        if room.prices != engine::market::PriceMode::Simulated {
            continue;
        }
        if settings.market.allow_simulated_telegram {
            tracing::warn!(room = %room.id, chat = chat.chat_id, "a Telegram group hears simulated prices; its bots' descriptions say so");
            continue;
        }
        anyhow::bail!(
            "room '{}' is linked to Telegram chat {} but runs on simulated prices, and Piyasa does not show \
             simulated prices to a real group unasked: give the room live prices (`prices: live` in its community \
             file, with price adapters in [[market.adapters]]) or set market.allow_simulated_telegram = true (its \
             bots' Telegram descriptions then say the prices are simulated)",
            room.id,
            chat.chat_id
        );
    }
    Ok(())
}

/// The community file's `telegram:` section maps its room to a chat, unless
/// the room is mapped already (`piyasa rooms add`, a migration or a pause
/// recorded since then win over the file).
async fn apply_community_section(settings: &Settings, store: &Store, clock: Clock) -> anyhow::Result<()> {
    let yaml = settings.community_yaml()?;
    let Some(section) = engine::telegram::community::telegram_section(&yaml).context("community.file")? else {
        return Ok(());
    };
    let room = engine::community::Community::from_yaml(&yaml).context("community.file")?.room.slug;
    if store.telegram_chat(room.as_str()).await?.is_none() {
        admin::add_room(store, room.as_str(), section.chat_id, section.topic, clock.now().0).await?;
        tracing::info!(room = %room, chat = section.chat_id, "room mapped to its Telegram chat from the community file");
    }
    Ok(())
}
