//! Bot accounts and chats while the channel runs: each change is checked
//! and stored first (`admin`), then the channel follows at once — a new
//! account's profile is set and its poller starts (or its webhook is set),
//! a mapped room's bridge starts; a removed account's poller stops and its
//! queued messages are dropped, an unmapped room's bridge stops.

use crate::admin::{self, BotSummary};
use crate::channel::{Channel, bot_of};
use crate::settings::Mode;
use actors::ControlError;
use secrecy::SecretString;
use std::sync::PoisonError;

impl Channel {
    /// Adds (or replaces) a bot account while running: the token is checked
    /// (shape, then `getMe`) and stored encrypted, then the bot starts at
    /// once — its profile says it is an AI persona, its poller runs (or its
    /// webhook is set), and its messages go out from the next one. Refuses
    /// what `admin::add_bot` refuses (the field named: `bot`, `token`,
    /// `telegram.token_key`; a missing persona); the token is never echoed.
    pub async fn add_bot(
        &self,
        bot_id: &str,
        token: &SecretString,
        listener: bool,
    ) -> Result<BotSummary, ControlError> {
        let summary =
            admin::add_bot(self.store(), self.settings(), bot_id, token, listener, self.clock().now().0).await?;
        let row = self.store().telegram_bot(bot_id).await?.ok_or_else(|| ControlError::bot(bot_id))?;
        let (info, api) = bot_of(self.store(), self.settings(), self.marker(), &row, token)
            .await
            .map_err(|e| ControlError::Internal(format!("{e:#}")))?;
        self.stop_poller(bot_id);
        self.sender().add_api(bot_id, api);
        self.put_bot(info.clone());
        match self.on_workers() {
            // The worker whose share it is brings it up (its lease).
            true => {
                crate::receivers::stop_receiving(self, bot_id, "the account was added again");
                self.inner().wake.notify_one();
            }
            false => self.bring_up(info).await,
        }
        tracing::info!(bot = %bot_id, "Telegram account added while running");
        Ok(summary)
    }

    /// Removes a bot account while running: stored, then its poller stops
    /// (its webhook is deleted) and its queued messages are dropped.
    /// Refuses an unknown account.
    pub async fn remove_bot(&self, bot_id: &str) -> Result<(), ControlError> {
        admin::remove_bot(self.store(), bot_id).await?;
        self.stop_poller(bot_id);
        if let Some(api) = self.sender().remove_api(bot_id)
            && self.settings().mode == Mode::Webhook
            && let Err(e) = api.delete_webhook().await
        {
            tracing::warn!(bot = %bot_id, error = %e, "deleteWebhook failed for a removed account");
        }
        self.take_bot(bot_id);
        tracing::info!(bot = %bot_id, "Telegram account removed while running");
        Ok(())
    }

    /// Maps a room to a chat (and forum topic) while running: stored, then
    /// the room's bridge starts — its bots' messages go to the chat and
    /// people's messages there come in. Mapping it again moves it to the new
    /// chat from its next message. Refuses what `admin::add_room` refuses
    /// (`chat_id`, `topic`, an unknown room).
    pub async fn map_room(&self, room: &str, chat_id: i64, topic: Option<i32>) -> Result<(), ControlError> {
        admin::add_room(self.store(), room, chat_id, topic, self.clock().now().0).await?;
        if let Some(handle) = self.rooms().get(room) {
            self.start_bridge(handle);
        }
        tracing::info!(room = %room, chat = chat_id, "room mapped to a Telegram chat while running");
        Ok(())
    }

    /// Unmaps a room while running: stored, then its bridge stops and
    /// messages still queued for the chat are dropped. Refuses a room that
    /// is not mapped.
    pub async fn unmap_room(&self, room: &str) -> Result<(), ControlError> {
        admin::remove_room(self.store(), room).await?;
        if let Some(h) = self.inner().bridges.lock().unwrap_or_else(PoisonError::into_inner).remove(room) {
            h.abort();
        }
        tracing::info!(room = %room, "room unmapped from its Telegram chat while running");
        Ok(())
    }

    /// An edited persona's Telegram side: its display name is read again
    /// from the store and its profile (name with the AI marker, the
    /// descriptions) set anew. Refuses a bot without an account.
    pub async fn refresh_bot(&self, bot_id: &str) -> Result<(), ControlError> {
        let mut info = self
            .bot(bot_id)
            .ok_or_else(|| ControlError::NotFound { what: "Telegram account for bot", id: bot_id.to_string() })?;
        if let Some(row) = self.store().bot(bot_id).await? {
            info.display_name = row.display_name;
        }
        self.put_bot(info.clone());
        if let Some(api) = self.sender().api(bot_id) {
            let description = engine::disclosure::profile_description(&info.display_name);
            let short = engine::disclosure::profile_short_description();
            api.set_profile(&info.display_name, &description, &short)
                .await
                .map_err(|e| ControlError::Internal(format!("Telegram did not take the profile: {e}")))?;
        }
        Ok(())
    }

    /// The accounts (never a token).
    pub async fn accounts(&self) -> Result<Vec<BotSummary>, ControlError> {
        admin::list_bots(self.store()).await.map_err(|e| ControlError::Internal(format!("{e:#}")))
    }

    /// Stops every poller and bridge, for a shutdown (a worker gives its
    /// accounts' leases back). Updates not yet confirmed come again to the
    /// next process (seen ids are stored, so none is taken twice); queued
    /// sends stay in the stored outbox.
    pub async fn stop(&self) {
        self.inner().stopping.store(true, std::sync::atomic::Ordering::SeqCst);
        self.inner().wake.notify_one();
        crate::receivers::release_all(self).await;
        let pollers: Vec<_> = self.inner().pollers.lock().unwrap_or_else(PoisonError::into_inner).drain().collect();
        let bridges: Vec<_> = self.inner().bridges.lock().unwrap_or_else(PoisonError::into_inner).drain().collect();
        for (_, h) in pollers.into_iter().chain(bridges) {
            h.abort();
        }
        tracing::info!("Telegram pollers and bridges stopped");
    }

    pub(crate) fn stop_poller(&self, bot_id: &str) {
        if let Some(h) = self.inner().pollers.lock().unwrap_or_else(PoisonError::into_inner).remove(bot_id) {
            h.abort();
        }
    }
}
