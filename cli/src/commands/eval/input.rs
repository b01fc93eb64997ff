//! What `piyasa eval` reads: a transcript (JSON lines of
//! [`engine::stats::Record`], as `piyasa simulate` writes them), or a room's
//! delivered messages in the store over a time window. Every failure here is
//! an [`Exit::input`] (status 2) that names the file and line, or the option.

use crate::Exit;
use engine::ids::Millis;
use engine::stats::Record;
use schema::Store;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use web::settings::Settings;

/// Records to measure, where they came from, and the wall time their `t_ms` counts from.
pub struct Input {
    pub source: String,
    pub records: Vec<Record>,
    pub start: Millis,
    /// The bots' books, where the input has them (a room in the store).
    pub ledger: Option<engine::eval::books::Ledger>,
}

/// Reads `path`: a transcript file, or a folder with `transcript.jsonl`
/// (and `summary.json`, whose `start_ms` dates the messages).
pub fn read_transcript(path: &Path) -> anyhow::Result<Input> {
    let file: PathBuf = if path.is_dir() { path.join("transcript.jsonl") } else { path.to_path_buf() };
    let text =
        std::fs::read_to_string(&file).map_err(|e| Exit::input(format!("cannot read {}: {e}", file.display())))?;
    let mut records = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r: Record = serde_json::from_str(line)
            .map_err(|e| Exit::input(format!("{}:{}: not a transcript line: {e}", file.display(), i + 1)))?;
        records.push(r);
    }
    let summary = file.parent().map(|d| d.join("summary.json"));
    let start = summary
        .and_then(|s| std::fs::read_to_string(s).ok())
        .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
        .and_then(|v| v["start_ms"].as_i64())
        .map_or(Millis(0), Millis);
    Ok(Input { source: file.display().to_string(), records, start, ledger: None })
}

/// Reads room `room`'s delivered messages between `since` and `until` (now).
pub async fn read_room(settings: &Settings, room: &str, since: &str, until: Option<&str>) -> anyhow::Result<Input> {
    let now = actors::clock::Clock::system().now();
    let since = parse_time(since, now).map_err(|e| Exit::input(format!("--since: {e}")))?;
    let until = match until {
        Some(u) => parse_time(u, now).map_err(|e| Exit::input(format!("--until: {e}")))?,
        None => now,
    };
    if until.0 <= since.0 {
        return Err(Exit::input("--until must come after --since"));
    }
    let url = &settings.database.url;
    let store = Store::connect(url)
        .await
        .map_err(|e| Exit::input(format!("database.url {}: {e:#}", schema::store::redact(url))))?;
    let found = store.room(room).await.map_err(|e| Exit::input(format!("reading room {room}: {e:#}")))?;
    if found.is_none() {
        return Err(Exit::input(format!("--room: no room '{room}' in the store")));
    }
    let rows = store
        .room_messages_between(room, since.0, until.0)
        .await
        .map_err(|e| Exit::input(format!("reading room {room}'s messages: {e:#}")))?;
    let seq: HashMap<i64, u64> = rows.iter().enumerate().map(|(i, m)| (m.id, i as u64 + 1)).collect();
    let records = rows
        .iter()
        .enumerate()
        .map(|(i, m)| Record {
            room: m.room_id.clone(),
            seq: i as u64 + 1,
            // When the room saw it: a bot's message is created when its
            // turn starts and shown after its reading and typing delay.
            t_ms: m.sent_at.unwrap_or(m.created_at) - since.0,
            author: m.author_id.clone(),
            kind: m.author_kind.as_str().to_owned(),
            reply_to_seq: m.reply_to.and_then(|id| seq.get(&id).copied()),
            text: m.text.clone(),
        })
        .collect();
    let source = format!("room {room}, {} to {}", actors::events::rfc3339(since.0), actors::events::rfc3339(until.0));
    let ledger = ledger(&store, until).await.map_err(|e| Exit::input(format!("reading the bots' books: {e:#}")))?;
    Ok(Input { source, records, start: since, ledger: Some(ledger) })
}

/// Every bot's opening books and trades, and the prices the store has
/// seen: each trade's, and the last quotes (taken as of `until`).
async fn ledger(store: &Store, until: Millis) -> anyhow::Result<engine::eval::books::Ledger> {
    let mut l = engine::eval::books::Ledger::default();
    for row in store.bots().await? {
        let persona = row.persona()?;
        let trades = store.trades_of(&row.id).await?;
        l.prices.extend(trades.iter().map(|t| (t.symbol.clone(), t.at, t.price)));
        l.opening.insert(row.id.clone(), engine::book::Book::open(&persona));
        l.trades.insert(row.id, trades);
    }
    for mode in [engine::market::PriceMode::Simulated, engine::market::PriceMode::Live] {
        l.prices.extend(store.quotes(mode).await?.into_iter().map(|q| (q.symbol, until, q.price)));
    }
    Ok(l)
}

/// A time: RFC 3339 ("2026-11-23T09:00:00Z", "2026-11-23T09:00:00.5+03:00")
/// or a span before `now` ("90s", "30m", "2h", "1d", "1h30m").
pub fn parse_time(text: &str, now: Millis) -> Result<Millis, String> {
    let t = text.trim();
    if let Some(span) = parse_span(t) {
        return Ok(Millis(now.0 - span));
    }
    parse_rfc3339(t).ok_or_else(|| format!("'{t}' is neither RFC 3339 (2026-11-23T09:00:00Z) nor a span (30m, 2h, 1d)"))
}

/// "1h30m" in milliseconds.
fn parse_span(t: &str) -> Option<i64> {
    let (mut total, mut digits, mut any) = (0i64, String::new(), false);
    for c in t.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1_000,
            'm' => 60_000,
            'h' => 3_600_000,
            'd' => 86_400_000,
            _ => return None,
        };
        total = total.checked_add(digits.parse::<i64>().ok()?.checked_mul(unit)?)?;
        digits.clear();
        any = true;
    }
    (any && digits.is_empty()).then_some(total)
}

fn parse_rfc3339(t: &str) -> Option<Millis> {
    let num = |s: &str| s.parse::<i64>().ok();
    let (date, time) = t.split_once(['T', 't', ' '])?;
    let mut d = date.splitn(3, '-');
    let (y, mo, day) = (num(d.next()?)?, num(d.next()?)?, num(d.next()?)?);
    let (clock, offset_min) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else {
        let i = time.rfind(['+', '-'])?;
        let (h, m) = time[i + 1..].split_once(':')?;
        let sign = if time[i..].starts_with('-') { -1 } else { 1 };
        (&time[..i], sign * (num(h)? * 60 + num(m)?))
    };
    let (hms, frac) = clock.split_once('.').unwrap_or((clock, ""));
    let mut c = hms.splitn(3, ':');
    let (h, mi, s) = (num(c.next()?)?, num(c.next()?)?, num(c.next()?)?);
    let ok = (1..=12).contains(&mo) && (1..=31).contains(&day) && h < 24 && mi < 60 && s < 61;
    if !ok || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let ms = frac.chars().chain("000".chars()).take(3).collect::<String>().parse::<i64>().ok()?;
    let secs = days_from_civil(y, mo, day) * 86_400 + h * 3600 + mi * 60 + s - offset_min * 60;
    Some(Millis(secs * 1000 + ms))
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339_or_a_span_before_now() {
        let now = Millis(1_795_849_200_000);
        assert_eq!(parse_time("2026-11-28T07:00:00Z", now), Ok(Millis(1_795_849_200_000)));
        assert_eq!(parse_time("2026-11-28T10:00:00.250+03:00", now), Ok(Millis(1_795_849_200_250)));
        assert_eq!(parse_time("1970-01-01T00:00:00Z", now), Ok(Millis(0)));
        assert_eq!(parse_time("30m", now), Ok(Millis(now.0 - 1_800_000)));
        assert_eq!(parse_time("1h30m", now), Ok(Millis(now.0 - 5_400_000)));
        for bad in ["yesterday", "2026-13-01T00:00:00Z", "30", "2026-11-28", "5x"] {
            assert!(parse_time(bad, now).is_err(), "{bad}");
        }
    }
}
