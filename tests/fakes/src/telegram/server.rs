//! The fake Bot API over HTTP: `/bot<token>/<method>`, long polling with one
//! consumer per token, injected faults, and webhook delivery with the
//! secret header.

use super::world::{ApiError, Call, TgFault, err};
use super::{Shared, methods};
use actix_web::web::{self, Bytes, Data, Path};
use actix_web::{HttpResponse, http::StatusCode};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// How often a waiting long poll and the webhook pump look for news.
const POLL_STEP: Duration = Duration::from_millis(5);
/// Longest long-poll wait the fake honours.
const MAX_POLL: Duration = Duration::from_secs(50);

pub(crate) fn configure(shared: Data<Shared>) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(shared).route("/{bot}/{method}", web::route().to(handle));
    }
}

fn reply(result: Result<Value, ApiError>) -> HttpResponse {
    match result {
        Ok(v) => HttpResponse::Ok().json(json!({"ok": true, "result": v})),
        Err(e) => {
            let mut body = json!({"ok": false, "error_code": e.code, "description": e.description});
            if let Some(p) = e.parameters {
                body["parameters"] = p;
            }
            let status = StatusCode::from_u16(e.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            HttpResponse::build(status).json(body)
        }
    }
}

async fn handle(path: Path<(String, String)>, body: Bytes, shared: Data<Shared>) -> HttpResponse {
    let (bot, method) = path.into_inner();
    let Some(token) = bot.strip_prefix("bot").map(str::to_owned) else {
        return reply(Err(err(404, "Not Found")));
    };
    let params: Value = if body.is_empty() {
        json!({})
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(_) => return reply(Err(err(400, "Bad Request: can't parse JSON"))),
        }
    };
    let (index, fault) = {
        let mut w = shared.lock();
        let name = w.bot_by_token(&token).map_or_else(|| "?".to_owned(), |b| b.username.clone());
        w.calls.push(Call { bot: name, method: method.clone(), params: params.clone(), status: 0, at: Instant::now() });
        let index = w.calls.len() - 1;
        let pos = w.faults.iter().position(|(m, _)| m == &method || m == "*");
        (index, pos.and_then(|i| w.faults.remove(i)).map(|(_, f)| f))
    };
    let result = match fault {
        Some(TgFault::Status(code)) => Err(err(code, "Internal Server Error: injected")),
        Some(TgFault::TooManyRequests { retry_after }) => Err(ApiError {
            code: 429,
            description: format!("Too Many Requests: retry after {retry_after}"),
            parameters: Some(json!({"retry_after": retry_after})),
        }),
        Some(TgFault::Hang(d)) => {
            tokio::time::sleep(d).await;
            Err(err(504, "Gateway Timeout: injected hang"))
        }
        None if method == "getUpdates" => get_updates(shared.clone(), &token, &params).await,
        None => methods::call(&mut shared.lock(), &token, &method, &params),
    };
    let code = result.as_ref().map_or_else(|e| e.code, |_| 200);
    shared.lock().calls[index].status = code;
    reply(result)
}

/// Long polling: one consumer per token (a second gets 409), none while a
/// webhook is set; `offset` confirms earlier updates.
async fn get_updates(shared: Data<Shared>, token: &str, p: &Value) -> Result<Value, ApiError> {
    {
        let mut w = shared.lock();
        let Some(bot) = w.bot_by_token(token) else { return Err(err(401, "Unauthorized")) };
        if bot.webhook.is_some() {
            return Err(err(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            ));
        }
        if bot.polling || bot.occupied {
            return Err(err(
                409,
                "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
            ));
        }
        bot.polling = true;
        if let Some(offset) = p["offset"].as_i64() {
            bot.updates.retain(|u| u["update_id"].as_i64().is_some_and(|id| id >= offset));
        }
    }
    // A consumer that hangs up mid-poll frees the token.
    let _guard = PollGuard { shared: shared.clone(), token: token.to_owned() };
    let wait = Duration::from_secs(p["timeout"].as_u64().unwrap_or(0)).min(MAX_POLL);
    let limit = p["limit"].as_u64().unwrap_or(100).clamp(1, 100) as usize;
    let deadline = Instant::now() + wait;
    loop {
        {
            let mut w = shared.lock();
            // unwrap: the bot was found above and bots are never removed.
            let bot = w.bot_by_token(token).unwrap();
            if !bot.updates.is_empty() || Instant::now() >= deadline {
                return Ok(Value::Array(bot.updates.iter().take(limit).cloned().collect()));
            }
        }
        tokio::time::sleep(POLL_STEP).await;
    }
}

/// Delivers queued updates to bots with a webhook, one at a time per bot,
/// with `X-Telegram-Bot-Api-Secret-Token`; a refused delivery is retried.
pub(crate) async fn webhook_pump(shared: Data<Shared>) {
    let client = reqwest::Client::new();
    loop {
        let next: Option<(String, String, Option<String>, Value)> = {
            let w = shared.lock();
            w.bots.iter().find_map(|b| {
                let (url, secret) = b.webhook.clone()?;
                Some((b.username.clone(), url, secret, b.updates.front()?.clone()))
            })
        };
        let Some((bot, url, secret, update)) = next else {
            tokio::time::sleep(POLL_STEP).await;
            continue;
        };
        let mut req = client.post(&url).json(&update).timeout(Duration::from_secs(5));
        if let Some(s) = &secret {
            req = req.header("X-Telegram-Bot-Api-Secret-Token", s);
        }
        let status = req.send().await.map_or(0, |r| r.status().as_u16());
        let delivered = (200..300).contains(&status);
        {
            let mut w = shared.lock();
            w.webhook_results.push((bot.clone(), status));
            if delivered && let Some(b) = w.bots.iter_mut().find(|b| b.username == bot) {
                let id = update["update_id"].as_i64();
                b.updates.retain(|u| u["update_id"].as_i64() != id);
            }
        }
        if !delivered {
            // Telegram backs off too; the record shows every try.
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// Marks the token free again when the long poll ends, however it ends.
struct PollGuard {
    shared: Data<Shared>,
    token: String,
}

impl Drop for PollGuard {
    fn drop(&mut self) {
        if let Some(b) = self.shared.lock().bot_by_token(&self.token) {
            b.polling = false;
        }
    }
}
