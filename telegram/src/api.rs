//! One bot's Bot API client (frankenstein over the workspace's reqwest,
//! rustls only). The token lives only inside the request URL: this type's
//! `Debug` hides it and every error is built from the answer, never from
//! the URL (frankenstein strips URLs from reqwest errors).

use engine::telegram::failure::{Failure, classify};
use frankenstein::AsyncTelegramApi;
use frankenstein::client_reqwest::Bot;
use frankenstein::methods::{
    GetUpdatesParams, SendChatActionParams, SendMessageParams, SetMessageReactionParams, SetMyDescriptionParams,
    SetMyNameParams, SetMyShortDescriptionParams, SetWebhookParams,
};
use frankenstein::types::{ChatAction, ReactionType, ReactionTypeEmoji, ReplyParameters, User};
use frankenstein::updates::Update;
use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

/// A bot's API handle.
#[derive(Clone)]
pub struct BotApi {
    bot: Bot,
    poll: Bot,
}

impl std::fmt::Debug for BotApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BotApi(***)")
    }
}

/// A message to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing<'a> {
    pub chat_id: i64,
    pub thread_id: Option<i32>,
    pub text: &'a str,
    pub reply_to: Option<i32>,
}

/// A failed call: what the sender should do, and whether the request
/// certainly did not take effect (`refused`) or may have (no answer).
#[derive(Debug, Clone, PartialEq)]
pub struct CallError {
    pub failure: Failure,
    pub refused: bool,
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.failure)
    }
}

fn map_err(e: frankenstein::Error) -> CallError {
    match e {
        frankenstein::Error::Api(r) => {
            let p = r.parameters;
            let failure = classify(
                r.error_code,
                &r.description,
                p.and_then(|p| p.retry_after).map(u64::from),
                p.and_then(|p| p.migrate_to_chat_id),
            );
            CallError { failure, refused: true }
        }
        frankenstein::Error::HttpReqwest(e) => {
            // A refused connection never reached Telegram; anything else may have.
            let refused = e.is_connect();
            let kind = if e.is_timeout() {
                "timed out"
            } else if refused {
                "connection refused"
            } else {
                "network error"
            };
            CallError { failure: Failure::Transient { reason: format!("network: {kind}") }, refused }
        }
        other => CallError {
            failure: Failure::Transient { reason: format!("bad answer: {}", short(&other)) },
            refused: false,
        },
    }
}

/// The error's first line, cut short (a JSON decode error quotes the body).
fn short(e: &frankenstein::Error) -> String {
    e.to_string().chars().take(120).collect()
}

impl BotApi {
    /// A client for `token` at `base_url` (`https://api.telegram.org`).
    pub fn new(base_url: &str, token: &SecretString, timeout: Duration, poll_timeout_s: u32) -> anyhow::Result<Self> {
        let url = format!("{}/bot{}", base_url.trim_end_matches('/'), token.expose_secret());
        let client = |t: Duration| {
            frankenstein::reqwest::Client::builder().connect_timeout(Duration::from_secs(10)).timeout(t).build()
        };
        let bot = Bot::builder().api_url(url.clone()).client(client(timeout)?).build();
        let long = timeout + Duration::from_secs(u64::from(poll_timeout_s));
        let poll = Bot::builder().api_url(url).client(client(long)?).build();
        Ok(BotApi { bot, poll })
    }

    pub async fn get_me(&self) -> Result<User, CallError> {
        Ok(self.bot.get_me().await.map_err(map_err)?.result)
    }

    /// Sends a text; Telegram's id for it.
    pub async fn send(&self, m: &Outgoing<'_>) -> Result<i32, CallError> {
        let reply =
            m.reply_to.map(|id| ReplyParameters::builder().message_id(id).allow_sending_without_reply(true).build());
        let params = SendMessageParams::builder()
            .chat_id(m.chat_id)
            .maybe_message_thread_id(m.thread_id)
            .text(m.text.to_string())
            .maybe_reply_parameters(reply)
            .build();
        Ok(self.bot.send_message(&params).await.map_err(map_err)?.result.message_id)
    }

    pub async fn typing(&self, chat_id: i64, thread_id: Option<i32>) -> Result<(), CallError> {
        let params = SendChatActionParams::builder()
            .chat_id(chat_id)
            .maybe_message_thread_id(thread_id)
            .action(ChatAction::Typing)
            .build();
        self.bot.send_chat_action(&params).await.map_err(map_err)?;
        Ok(())
    }

    /// One reaction per bot per message (a new one replaces the old).
    pub async fn react(&self, chat_id: i64, message_id: i32, emoji: &str) -> Result<(), CallError> {
        let reaction = ReactionType::Emoji(ReactionTypeEmoji::builder().emoji(emoji.to_string()).build());
        let params = SetMessageReactionParams::builder()
            .chat_id(chat_id)
            .message_id(message_id)
            .reaction(vec![reaction])
            .build();
        self.bot.set_message_reaction(&params).await.map_err(map_err)?;
        Ok(())
    }

    /// Name, description and short description, as the disclosure texts say.
    pub async fn set_profile(&self, name: &str, description: &str, short: &str) -> Result<(), CallError> {
        let name: String = name.chars().take(64).collect();
        self.bot.set_my_name(&SetMyNameParams::builder().name(name).build()).await.map_err(map_err)?;
        let d = SetMyDescriptionParams::builder().description(description.to_string()).build();
        self.bot.set_my_description(&d).await.map_err(map_err)?;
        let s = SetMyShortDescriptionParams::builder().short_description(short.to_string()).build();
        self.bot.set_my_short_description(&s).await.map_err(map_err)?;
        Ok(())
    }

    /// Long polling.
    pub async fn updates(&self, offset: Option<i64>, timeout_s: u32) -> Result<Vec<Update>, CallError> {
        let params = GetUpdatesParams::builder().maybe_offset(offset).timeout(timeout_s).build();
        Ok(self.poll.get_updates(&params).await.map_err(map_err)?.result)
    }

    pub async fn set_webhook(&self, url: &str, secret: &str) -> Result<(), CallError> {
        let params = SetWebhookParams::builder().url(url.to_string()).secret_token(secret.to_string()).build();
        self.bot.set_webhook(&params).await.map_err(map_err)?;
        Ok(())
    }

    pub async fn delete_webhook(&self) -> Result<(), CallError> {
        let params = frankenstein::methods::DeleteWebhookParams::builder().build();
        self.bot.delete_webhook(&params).await.map_err(map_err)?;
        Ok(())
    }
}

/// The webhook secret of a bot: derived from its token (whoever holds the
/// token can set the webhook anyway), so nothing more needs storing.
pub fn webhook_secret(token: &SecretString) -> String {
    let d = sha256(format!("piyasa-webhook:{}", token.expose_secret()).as_bytes());
    d.iter().take(24).map(|b| format!("{b:02x}")).collect()
}

/// Constant-time equality of two secrets (compares digests, so neither the
/// content nor the length leaks through timing).
pub fn secrets_match(a: &str, b: &str) -> bool {
    let (x, y) = (sha256(a.as_bytes()), sha256(b.as_bytes()));
    x.iter().zip(y.iter()).fold(0u8, |acc, (p, q)| acc | (p ^ q)) == 0
}

/// SHA-256 through aws-lc-rs (the crypto provider rustls already links).
fn sha256(data: &[u8]) -> Vec<u8> {
    aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, data).as_ref().to_vec()
}
