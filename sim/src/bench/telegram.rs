//! `--channel telegram`: every bench room is a group on a fake Bot API
//! server ([`fakes::FakeTelegram`], Telegram's documented limits enforced
//! with 429 + `retry_after`), every bot a Telegram account in it, and the
//! real Telegram channel (outbox, sender, limits) delivers what the rooms
//! say. The report counts what reached the groups, the 429s, and the outbox
//! rows still waiting.

use actors::clock::Clock;
use anyhow::Context as _;
use engine::community::Community as CommunityFile;
use engine::telegram::outbox::OutboxStatus;
use fakes::FakeTelegram;
use schema::{Store, TelegramChatRow};
use secrecy::SecretString;
use serde::Serialize;
use telegram::TelegramSettings;

/// The fake groups and the running channel.
pub struct TelegramSide {
    fake: FakeTelegram,
    chats: Vec<i64>,
    _channel: telegram::Channel,
}

/// What the Telegram side of a bench saw.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TelegramStats {
    /// Bot messages that reached the fake groups.
    pub sent: u64,
    /// 429 answers from the fake Bot API: must be 0.
    pub too_many_requests: u64,
    /// `sendMessage` calls answered 200, against outbox rows marked sent:
    /// a difference is a duplicate or a lost acknowledgement.
    pub send_calls_ok: u64,
    pub outbox_sent: u64,
    /// Outbox rows still planned or sending when the bench ended (the rooms
    /// may say more than Telegram lets through; the rest waits its turn).
    pub outbox_waiting: u64,
    /// Outbox rows failed, dropped or unknown.
    pub outbox_failed: u64,
}

fn token(i: usize) -> String {
    format!("{}:BenchTokenAAbbCCddEEffGGhhIIjj_{i:05}", 800_000 + i)
}

impl TelegramSide {
    /// One fake group per room with its bots as members; accounts added
    /// through `getMe` like `piyasa bots add`; then the channel starts.
    pub async fn start(
        store: &Store,
        files: &[CommunityFile],
        rooms: &actors::RoomRegistry,
        marker: &str,
    ) -> anyhow::Result<Self> {
        let fake = FakeTelegram::start();
        let settings = TelegramSettings {
            enabled: true,
            api_base_url: fake.base_url(),
            token_key: Some(telegram::crypto::TokenCipher::new_key()?),
            startup_stagger_ms: 0,
            ..TelegramSettings::default()
        };
        let (mut chats, mut n) = (Vec::new(), 0);
        for c in files {
            let chat = fake.add_group(&c.room.name);
            for p in &c.personas {
                let tg = format!("bench{}_bot", n + 1);
                fake.add_bot(&token(n), &tg, false);
                fake.add_members(chat, &[tg.as_str()]);
                let t = SecretString::from(token(n));
                telegram::admin::add_bot(store, &settings, p.username.as_str(), &t, false, 1)
                    .await
                    .with_context(|| format!("adding the Telegram account of {}", p.username))?;
                n += 1;
            }
            let row = TelegramChatRow {
                room_id: c.room.slug.to_string(),
                chat_id: chat,
                thread_id: None,
                paused_reason: None,
                updated_at: 1,
            };
            store.upsert_telegram_chat(&row).await?;
            chats.push(chat);
        }
        let policy = engine::disclosure::DEFAULT_PRIVACY_POLICY;
        let channel = telegram::Channel::start(
            store.clone(),
            rooms,
            &settings,
            marker,
            policy,
            Clock::system(),
            Default::default(),
            None,
        )
        .await
        .context("starting the Telegram channel")?;
        Ok(TelegramSide { fake, chats, _channel: channel })
    }

    pub async fn stats(&self, store: &Store) -> anyhow::Result<TelegramStats> {
        let mut s = TelegramStats {
            sent: self.chats.iter().map(|c| self.fake.messages(*c).iter().filter(|m| m.from_bot).count() as u64).sum(),
            too_many_requests: self.fake.too_many_requests() as u64,
            send_calls_ok: self.fake.calls_of("sendMessage").iter().filter(|c| c.status == 200).count() as u64,
            ..TelegramStats::default()
        };
        for status in [
            OutboxStatus::Planned,
            OutboxStatus::Sending,
            OutboxStatus::Sent,
            OutboxStatus::Failed,
            OutboxStatus::Dropped,
            OutboxStatus::Unknown,
        ] {
            let n = store.outbox_with_status(status).await?.len() as u64;
            match status {
                OutboxStatus::Planned | OutboxStatus::Sending => s.outbox_waiting += n,
                OutboxStatus::Sent => s.outbox_sent += n,
                _ => s.outbox_failed += n,
            }
        }
        Ok(s)
    }
}
