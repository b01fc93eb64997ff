//! The webhook route: `POST /telegram/webhook/{bot}`. The request must carry
//! the bot's secret in `X-Telegram-Bot-Api-Secret-Token` (compared in
//! constant time); otherwise 401 and nothing happens.

use crate::api::secrets_match;
use crate::channel::Channel;
use actix_web::web::{self, Bytes, Data, Path};
use actix_web::{HttpRequest, HttpResponse};
use frankenstein::updates::Update;

/// The header Telegram puts the secret in.
pub const SECRET_HEADER: &str = "X-Telegram-Bot-Api-Secret-Token";

/// Mounts the route.
pub fn configure(ch: Channel) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(Data::new(ch)).route("/telegram/webhook/{bot}", web::post().to(receive));
    }
}

async fn receive(req: HttpRequest, bot: Path<String>, body: Bytes, ch: Data<Channel>) -> HttpResponse {
    let given = req.headers().get(SECRET_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
    // An unknown bot gets the same answer as a wrong secret.
    let expected = ch.secret_of(&bot).unwrap_or_else(|| "\u{0}unknown bot".into());
    if !secrets_match(given, &expected) {
        tracing::warn!(bot = %bot, "webhook call without the right secret refused");
        return HttpResponse::Unauthorized()
            .json(serde_json::json!({"code": "bad_secret", "message": "wrong or missing secret token"}));
    }
    let update: Update = match serde_json::from_slice(&body) {
        Ok(u) => u,
        Err(e) => {
            return HttpResponse::BadRequest()
                .json(serde_json::json!({"code": "bad_update", "message": format!("not a Telegram update: {e}")}));
        }
    };
    if let Err(e) = crate::inbound::handle(&ch, &bot, update).await {
        tracing::error!(bot = %bot, error = %format!("{e:#}"), "webhook update not handled");
        // Telegram retries on errors; a stored failure would repeat, so answer 200.
    }
    HttpResponse::Ok().finish()
}
