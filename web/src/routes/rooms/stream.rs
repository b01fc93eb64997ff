//! `/api/rooms/{room}/stream`: the room's events as Server-Sent Events.

use super::room;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::web::Bytes;
use actix_web::{HttpResponse, web};
use actors::events::RoomEvent;
use std::time::Duration;
use tokio::sync::broadcast::{Receiver, error::RecvError};

/// A comment line keeps proxies from closing an idle stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub async fn stream(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let rx = room(&state, &path)?.subscribe().await?;
    let body = futures::stream::unfold(rx, next_frame);
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(body))
}

async fn next_frame(mut rx: Receiver<RoomEvent>) -> Option<(Result<Bytes, actix_web::Error>, Receiver<RoomEvent>)> {
    loop {
        tokio::select! {
            ev = rx.recv() => match ev {
                Ok(e) => return Some((Ok(Bytes::from(format!("event: {}\ndata: {}\n\n", e.name(), e.json()))), rx)),
                // A slow client skips what it missed; the page refetches history on reconnect.
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            },
            _ = tokio::time::sleep(KEEP_ALIVE) => return Some((Ok(Bytes::from_static(b": keep-alive\n\n")), rx)),
        }
    }
}
