//! `GET /api/dashboard` (viewer): how each room is doing right now, read
//! from the store, the LLM meter and the Telegram channel. The console's
//! dashboard renders this and polls it for the live numbers.
//!
//! Per room: delivered messages per minute over the last 10 minutes; the
//! people who wrote in the last hour, answered by a bot or still waiting;
//! how long the first bot reply took (p50, p90); LLM calls and tokens of the
//! bot messages of the last hour and the room's dollars today; the guard's
//! blocks by reason; the Telegram outbox backlog, 429s since start and
//! whether the room's chat is paused. For everything: the providers'
//! breakers, the rolling hour's dollars and tokens, and the delivered
//! messages of the last 4 weeks by weekday and hour (room local time).

use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use engine::transcript::AuthorKind;
use schema::{MessageRow, MessageStatus};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 3_600_000;
/// Minutes in the messages-per-minute series.
const RATE_MINUTES: usize = 10;
/// How far back the weekday × hour activity reaches.
const ACTIVITY_DAYS: i64 = 28;

/// The whole dashboard.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Dashboard {
    pub at_ms: i64,
    pub rooms: Vec<RoomBoard>,
    pub llm: LlmBoard,
    /// Delivered messages of the last 4 weeks: 7 rows (Monday first) of 24
    /// hours, in the rooms' local time.
    pub activity: Vec<Vec<i64>>,
}

/// One room's numbers.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RoomBoard {
    pub slug: String,
    pub name: String,
    /// Delivered messages in each of the last 10 minutes, oldest first (the last one is the current minute).
    pub messages_per_minute: Vec<i64>,
    /// People's messages of the last hour without a bot reply yet.
    pub people_waiting: i64,
    /// People's messages of the last hour a bot replied to.
    pub people_answered: i64,
    pub first_reply_ms_p50: Option<i64>,
    pub first_reply_ms_p90: Option<i64>,
    /// Bot messages of the last hour that came from a model, and their tokens (in + out).
    pub llm_calls_last_hour: i64,
    pub tokens_last_hour: i64,
    pub usd_today: f64,
    pub guard_blocks: BTreeMap<String, i64>,
    /// Telegram outbox rows still planned or sending.
    pub outbox_backlog: i64,
    /// 429s Telegram answered since start.
    pub telegram_429s: u64,
    /// Why the room's Telegram chat is paused, when it is.
    pub telegram_paused: Option<String>,
}

/// The LLM side, for every room together.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LlmBoard {
    pub usd_last_hour: f64,
    pub tokens_last_hour: u64,
    pub cache_hit_rate: f64,
    /// (provider, closed | half_open | open).
    pub breakers: Vec<(String, String)>,
}

pub async fn dashboard(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(read(&state).await?))
}

/// The dashboard as `GET /api/dashboard` answers it.
pub(crate) async fn read(state: &AppState) -> Result<Dashboard, ApiError> {
    let c = &state.community;
    let now = c.clock.now().0;
    let snap = c.meter.snapshot(c.clock.now());
    let guard = super::guard::read(state).await?;
    let throttled = state.telegram.as_ref().map(|t| t.sender().throttled()).unwrap_or_default();
    let chats: HashMap<String, Option<String>> =
        c.store.telegram_chats().await?.into_iter().map(|ch| (ch.room_id, ch.paused_reason)).collect();
    let mut rooms = Vec::with_capacity(c.rooms().len());
    for r in &c.rooms() {
        let recent = c.store.messages_since(&r.id, now - HOUR_MS).await?;
        let backlog = c
            .store
            .outbox(&r.id)
            .await?
            .iter()
            .filter(|o| matches!(o.status, MessageStatus::Planned | MessageStatus::Sending))
            .count() as i64;
        let blocks = serde_json::from_value(guard["rooms"][&r.id]["by_reason"].clone()).unwrap_or_default();
        let mut board = room_board(&r.id, &r.name, &recent, now);
        board.usd_today = snap.rooms.get(&r.id).map(|t| t.today.usd).unwrap_or_default();
        board.guard_blocks = blocks;
        board.outbox_backlog = backlog;
        board.telegram_429s = throttled.get(&r.id).copied().unwrap_or_default();
        board.telegram_paused = chats.get(&r.id).cloned().flatten();
        rooms.push(board);
    }
    let providers = c.gateway.send(actors::gateway::Status).await.unwrap_or_default();
    let breakers = providers
        .iter()
        .map(|p| (p.name.clone(), serde_json::to_value(p.breaker).ok().and_then(|v| v.as_str().map(str::to_owned))))
        .map(|(n, s)| (n, s.unwrap_or_default()))
        .collect();
    let hours = c.store.sent_per_hour(now - ACTIVITY_DAYS * 24 * HOUR_MS).await?;
    Ok(Dashboard {
        at_ms: now,
        rooms,
        llm: LlmBoard {
            usd_last_hour: snap.last_hour.usd,
            tokens_last_hour: snap.last_hour.tokens,
            cache_hit_rate: snap.cache_hit_rate(),
            breakers,
        },
        activity: by_weekday_and_hour(&hours, state.utc_offset_minutes),
    })
}

/// The numbers of one room from its messages of the last hour.
fn room_board(slug: &str, name: &str, recent: &[MessageRow], now: i64) -> RoomBoard {
    let mut per_minute = vec![0; RATE_MINUTES];
    let this_minute = now.div_euclid(MINUTE_MS);
    let mut replies: HashMap<i64, i64> = HashMap::new();
    let (mut calls, mut tokens) = (0, 0);
    for m in recent {
        if m.status == MessageStatus::Sent {
            let age = this_minute - m.created_at.div_euclid(MINUTE_MS);
            if (0..RATE_MINUTES as i64).contains(&age) {
                per_minute[RATE_MINUTES - 1 - age as usize] += 1;
            }
        }
        if m.author_kind == AuthorKind::Bot {
            if m.provider.is_some() {
                calls += 1;
                tokens += i64::from(m.tokens_in.unwrap_or(0)) + i64::from(m.tokens_out.unwrap_or(0));
            }
            if let Some(to) = m.reply_to {
                replies.entry(to).and_modify(|t| *t = (*t).min(m.created_at)).or_insert(m.created_at);
            }
        }
    }
    let people: Vec<&MessageRow> = recent.iter().filter(|m| m.author_kind == AuthorKind::Human).collect();
    let mut waits: Vec<i64> =
        people.iter().filter_map(|m| replies.get(&m.id).map(|t| (t - m.created_at).max(0))).collect();
    waits.sort_unstable();
    RoomBoard {
        slug: slug.to_owned(),
        name: name.to_owned(),
        messages_per_minute: per_minute,
        people_waiting: (people.len() - waits.len()) as i64,
        people_answered: waits.len() as i64,
        first_reply_ms_p50: percentile(&waits, 50),
        first_reply_ms_p90: percentile(&waits, 90),
        llm_calls_last_hour: calls,
        tokens_last_hour: tokens,
        usd_today: 0.0,
        guard_blocks: BTreeMap::new(),
        outbox_backlog: 0,
        telegram_429s: 0,
        telegram_paused: None,
    }
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// Hourly counts (hours since the epoch) folded into weekday × hour of local time.
fn by_weekday_and_hour(hours: &[(i64, i64)], utc_offset_minutes: i32) -> Vec<Vec<i64>> {
    let mut grid = vec![vec![0; 24]; 7];
    for &(hour, n) in hours {
        let local = hour * 60 + i64::from(utc_offset_minutes);
        let local_hour = local.div_euclid(60);
        // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday.
        let weekday = (local_hour.div_euclid(24) + 3).rem_euclid(7) as usize;
        grid[weekday][local_hour.rem_euclid(24) as usize] += n;
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(id: i64, kind: AuthorKind, at: i64, reply_to: Option<i64>) -> MessageRow {
        MessageRow {
            id,
            room_id: "r".into(),
            author_kind: kind,
            author_id: format!("a{id}"),
            author_name: "x".into(),
            reply_to,
            bot_depth: 0,
            text: "t".into(),
            status: MessageStatus::Sent,
            status_reason: None,
            created_at: at,
            sent_at: Some(at),
            provider: (kind == AuthorKind::Bot).then(|| "fake".into()),
            model: None,
            tokens_in: Some(10),
            tokens_out: Some(5),
            latency_ms: Some(100),
        }
    }

    #[test]
    fn people_are_waiting_until_a_bot_replies_and_the_first_reply_is_timed() {
        let now = 10 * HOUR_MS;
        let recent = vec![
            msg(1, AuthorKind::Human, now - 50 * MINUTE_MS, None),
            msg(2, AuthorKind::Bot, now - 50 * MINUTE_MS + 4_000, Some(1)),
            msg(3, AuthorKind::Bot, now - 50 * MINUTE_MS + 9_000, Some(1)),
            msg(4, AuthorKind::Human, now - 2 * MINUTE_MS, None),
            msg(5, AuthorKind::Bot, now - 30_000, None),
        ];
        let b = room_board("r", "R", &recent, now);
        assert_eq!((b.people_answered, b.people_waiting), (1, 1));
        assert_eq!(b.first_reply_ms_p50, Some(4_000), "the first of two replies counts");
        assert_eq!(b.llm_calls_last_hour, 3);
        assert_eq!(b.tokens_last_hour, 45);
        // Minutes (now is on a minute's start): the person 2 minutes ago, the bot 30 s ago in
        // the minute before this one; the 50-minute-old ones are out of the window.
        assert_eq!(b.messages_per_minute, vec![0, 0, 0, 0, 0, 0, 0, 1, 1, 0]);
    }

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&v, 50), Some(5));
        assert_eq!(percentile(&v, 90), Some(9));
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile(&[], 50), None);
    }

    #[test]
    fn hours_fall_on_their_local_weekday_and_hour() {
        // 1970-01-05 was a Monday; 21:00 UTC is 00:00 on Tuesday in Istanbul (UTC+3).
        let monday_21_utc = 4 * 24 + 21;
        let grid = by_weekday_and_hour(&[(monday_21_utc, 3), (monday_21_utc - 1, 2)], 180);
        assert_eq!(grid[1][0], 3, "Tuesday 00:00 local");
        assert_eq!(grid[0][23], 2, "Monday 23:00 local");
        assert_eq!(grid.iter().flatten().sum::<i64>(), 5);
    }
}
