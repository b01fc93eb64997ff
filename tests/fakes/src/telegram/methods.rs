//! The Bot API methods the fake answers, as functions on the world.

use super::world::{ApiError, FakeMessage, World, err};
use serde_json::{Value, json};
use std::time::Instant;

/// Longest message text Telegram accepts.
const MAX_TEXT: usize = 4096;

/// Answers one call of `method` for the bot with `token` (not `getUpdates`).
pub(crate) fn call(w: &mut World, token: &str, method: &str, p: &Value) -> Result<Value, ApiError> {
    let Some(bot) = w.bot_by_token(token) else { return Err(err(401, "Unauthorized")) };
    let bot_id = bot.id;
    match method {
        "getMe" => Ok(json!({
            "id": bot.id, "is_bot": true, "first_name": bot.name.clone().unwrap_or_else(|| bot.username.clone()),
            "username": bot.username, "can_join_groups": true, "can_read_all_group_messages": bot.listener,
            "supports_inline_queries": false,
        })),
        "setMyName" => {
            bot.name = p["name"].as_str().map(str::to_owned);
            Ok(json!(true))
        }
        "setMyDescription" => {
            bot.description = p["description"].as_str().map(str::to_owned);
            Ok(json!(true))
        }
        "setMyShortDescription" => {
            bot.short_description = p["short_description"].as_str().map(str::to_owned);
            Ok(json!(true))
        }
        "setWebhook" => {
            let url = p["url"].as_str().unwrap_or_default().to_owned();
            bot.webhook =
                if url.is_empty() { None } else { Some((url, p["secret_token"].as_str().map(str::to_owned))) };
            Ok(json!(true))
        }
        "deleteWebhook" => {
            bot.webhook = None;
            Ok(json!(true))
        }
        "sendChatAction" => {
            member_chat(w, bot_id, p)?;
            Ok(json!(true))
        }
        "setMessageReaction" => set_reaction(w, bot_id, p),
        "sendMessage" => send_message(w, bot_id, p),
        _ => Err(err(404, "Not Found: method not found")),
    }
}

/// The chat of `p.chat_id` if the bot may write there (403 / 400 otherwise).
fn member_chat(w: &mut World, bot_id: i64, p: &Value) -> Result<i64, ApiError> {
    let Some(chat_id) = p["chat_id"].as_i64() else { return Err(err(400, "Bad Request: chat_id is empty")) };
    let Some(chat) = w.chat(chat_id) else { return Err(err(400, "Bad Request: chat not found")) };
    if let Some(to) = chat.migrated_to {
        return Err(ApiError {
            code: 400,
            description: "Bad Request: group chat was upgraded to a supergroup chat".into(),
            parameters: Some(json!({"migrate_to_chat_id": to})),
        });
    }
    if chat.kicked.contains(&bot_id) {
        return Err(err(403, "Forbidden: bot was kicked from the group chat"));
    }
    if !chat.members.contains(&bot_id) {
        return Err(err(403, "Forbidden: bot is not a member of the group chat"));
    }
    Ok(chat_id)
}

fn send_message(w: &mut World, bot_id: i64, p: &Value) -> Result<Value, ApiError> {
    let chat_id = member_chat(w, bot_id, p)?;
    let text = p["text"].as_str().unwrap_or_default().to_owned();
    if text.trim().is_empty() {
        return Err(err(400, "Bad Request: message text is empty"));
    }
    if text.chars().count() > MAX_TEXT {
        return Err(err(400, "Bad Request: message is too long"));
    }
    let thread_id = p["message_thread_id"].as_i64().map(|t| t as i32);
    let reply_to = p["reply_parameters"]["message_id"].as_i64().map(|r| r as i32);
    {
        // unwrap: member_chat found the chat.
        let chat = w.chat(chat_id).unwrap();
        if let Some(t) = thread_id
            && !chat.topics.contains(&t)
        {
            return Err(err(400, "Bad Request: message thread not found"));
        }
        if let Some(r) = reply_to
            && !chat.messages.iter().any(|m| m.message_id == r)
        {
            return Err(err(400, "Bad Request: message to be replied not found"));
        }
    }
    w.admit_send(bot_id, chat_id, Instant::now())?;
    let username = w.bots.iter().find(|b| b.id == bot_id).map(|b| b.username.clone()).unwrap_or_default();
    // unwrap: member_chat found the chat.
    let chat = w.chat(chat_id).unwrap();
    chat.next_message += 1;
    let m = FakeMessage {
        chat_id,
        message_id: chat.next_message,
        thread_id,
        from_id: bot_id,
        from_bot: true,
        from_name: username,
        text,
        reply_to,
    };
    chat.messages.push(m.clone());
    Ok(w.message_json(&m))
}

fn set_reaction(w: &mut World, bot_id: i64, p: &Value) -> Result<Value, ApiError> {
    let chat_id = member_chat(w, bot_id, p)?;
    let Some(message_id) = p["message_id"].as_i64() else { return Err(err(400, "Bad Request: message_id is empty")) };
    let emoji = p["reaction"][0]["emoji"].as_str().unwrap_or_default().to_owned();
    // unwrap: member_chat found the chat.
    let chat = w.chat(chat_id).unwrap();
    if !chat.messages.iter().any(|m| i64::from(m.message_id) == message_id) {
        return Err(err(400, "Bad Request: message to react not found"));
    }
    // One reaction per bot per message: a new one replaces the old.
    chat.reactions.insert((bot_id, message_id as i32), emoji);
    Ok(json!(true))
}
