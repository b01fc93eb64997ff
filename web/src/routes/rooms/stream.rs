//! `/api/rooms/{room}/stream`: the room's events as Server-Sent Events.
//! Each open stream holds a place (`people::StreamSlot`) until it ends.

use super::room;
use crate::error::ApiError;
use crate::people::{People, StreamSlot};
use crate::startup::AppState;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use actors::events::RoomEvent;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::{Receiver, error::RecvError};

/// A comment line keeps proxies from closing an idle stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

struct Live {
    rx: Receiver<RoomEvent>,
    people: Arc<People>,
    _slot: StreamSlot,
}

pub async fn stream(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let room = room(&state, &path)?;
    let slot = state.people.open_stream(state.people.client(&req))?;
    let rx = room.subscribe().await?;
    let live = Live { rx, people: Arc::clone(&state.people), _slot: slot };
    let body = futures::stream::unfold(live, next_frame);
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(body))
}

async fn next_frame(mut live: Live) -> Option<(Result<Bytes, actix_web::Error>, Live)> {
    loop {
        tokio::select! {
            ev = live.rx.recv() => match ev {
                Ok(e) => {
                    let frame = format!("event: {}\ndata: {}\n\n", e.name(), json(&live.people, e));
                    return Some((Ok(Bytes::from(frame)), live));
                }
                // A slow client skips what it missed; the page refetches history on reconnect.
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            },
            _ = tokio::time::sleep(KEEP_ALIVE) => return Some((Ok(Bytes::from_static(b": keep-alive\n\n")), live)),
        }
    }
}

/// The event's payload, with people's ids as pseudonyms.
fn json(people: &People, e: RoomEvent) -> String {
    match e {
        RoomEvent::Message(m) => RoomEvent::Message(Box::new(people.public_view(*m))).json(),
        other => other.json(),
    }
}
