//! What a room streams to its subscribers, in the JSON shape the web room reads.

use engine::market::{Headline, Quote};
use engine::transcript::AuthorKind;
use schema::MessageRow;
use serde::Serialize;

/// The author of a message as shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuthorView {
    pub id: String,
    pub display_name: String,
    /// "bot" or "human".
    pub kind: AuthorKind,
}

/// A quoted parent message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplyView {
    pub id: i64,
    pub author: String,
    pub text: String,
}

/// A delivered message as shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MessageView {
    pub id: i64,
    pub room: String,
    pub author: AuthorView,
    pub text: String,
    pub reply_to: Option<ReplyView>,
    pub sent_at: String,
    pub sent_at_ms: i64,
    /// How a bot message's delivery went against its plan (benchmarks);
    /// not part of the wire shape.
    #[serde(skip)]
    pub timing: Option<DeliveryTiming>,
    /// The trace the message was delivered in (the Telegram bridge goes on in it).
    #[serde(skip)]
    pub trace: crate::trace::TraceContext,
}

/// When a bot message was triggered and planned, and its place in the
/// room's deliveries: `piyasa bench` measures schedule lag and latency from
/// it and finds lost messages as gaps in `seq`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryTiming {
    /// The room's count of deliveries it committed to, this one included
    /// (a gap on the stream is a message accepted but never shown).
    pub seq: u64,
    /// When the tick gave the floor (epoch ms on the room's clock).
    pub triggered_at_ms: i64,
    /// When the room planned to send it (after read and typing delay).
    pub planned_at_ms: i64,
}

/// Characters of a parent message quoted under a reply.
const QUOTE_CHARS: usize = 80;

impl ReplyView {
    pub fn from_row(p: &MessageRow) -> Self {
        ReplyView { id: p.id, author: p.author_name.clone(), text: p.text.chars().take(QUOTE_CHARS).collect() }
    }

    /// The same quote from a transcript line.
    pub fn from_line(l: &engine::transcript::Line) -> Self {
        ReplyView { id: l.id, author: l.author_name.clone(), text: l.text.chars().take(QUOTE_CHARS).collect() }
    }
}

impl MessageView {
    pub fn from_row(row: &MessageRow, parent: Option<ReplyView>) -> Self {
        let at = row.sent_at.unwrap_or(row.created_at);
        MessageView {
            id: row.id,
            room: row.room_id.clone(),
            author: AuthorView {
                id: row.author_id.clone(),
                display_name: row.author_name.clone(),
                kind: row.author_kind,
            },
            text: row.text.clone(),
            reply_to: parent,
            sent_at: rfc3339(at),
            sent_at_ms: at,
            timing: None,
            trace: Default::default(),
        }
    }
}

/// A bot shown as typing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypingView {
    pub bot: AuthorView,
    pub until_ms: i64,
}

/// A market snapshot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketView {
    pub quotes: std::sync::Arc<[Quote]>,
    pub at_ms: i64,
    /// `simulated` or `live`: the page labels simulated prices.
    pub prices: engine::market::PriceMode,
}

/// A headline as shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadlineView {
    pub symbol: String,
    pub text: String,
    pub at_ms: i64,
    /// +1 good news, −1 bad, 0 neither.
    pub direction: i8,
    /// `bundled`, `feed:NAME`, `operator`, `scenario:NAME`.
    pub source: String,
}

impl HeadlineView {
    pub fn new(h: &Headline, at_ms: i64) -> Self {
        HeadlineView {
            symbol: h.symbol.clone(),
            text: h.text.clone(),
            at_ms,
            direction: h.direction,
            source: h.source.clone(),
        }
    }
}

/// One event on a room's stream. The views are boxed: a room's broadcast
/// channel allocates all of its slots up front, so the enum's size is paid
/// [`STREAM_BUFFER`](crate::room) times per room (32 bytes instead of 240).
#[derive(Debug, Clone, PartialEq)]
pub enum RoomEvent {
    Message(Box<MessageView>),
    Typing(Box<TypingView>),
    Market(MarketView),
    Headline(Box<HeadlineView>),
}

impl RoomEvent {
    /// The SSE event name.
    pub fn name(&self) -> &'static str {
        match self {
            RoomEvent::Message(_) => "message",
            RoomEvent::Typing(_) => "typing",
            RoomEvent::Market(_) => "market",
            RoomEvent::Headline(_) => "headline",
        }
    }

    /// The JSON payload.
    pub fn json(&self) -> String {
        let v = match self {
            RoomEvent::Message(m) => serde_json::to_string(m),
            RoomEvent::Typing(t) => serde_json::to_string(t),
            RoomEvent::Market(m) => serde_json::to_string(m),
            RoomEvent::Headline(h) => serde_json::to_string(h),
        };
        // unwrap: plain data always serialises.
        v.unwrap()
    }
}

/// Milliseconds since the epoch as an RFC 3339 UTC timestamp.
pub fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(super::rfc3339(1_795_849_200_000), "2026-11-28T07:00:00Z");
        assert_eq!(super::rfc3339(0), "1970-01-01T00:00:00Z");
    }
}
