//! `/metrics` in the OpenMetrics text format (the Prometheus project's
//! `prometheus-client`): the live families (`actors::metrics`: HTTP,
//! latency histograms, guard blocks, people's messages, Telegram sends),
//! then what is read at scrape time: the meter's LLM and room totals,
//! breakers, budget pressure, rooms paused or stopped, and the Telegram
//! side (outbox backlog, pollers, paused chats). deploy/observability's
//! dashboard and alert rules use these names (a test holds them to it).

use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use actors::gateway::Status;
use actors::metrics::Labels;
use engine::breaker::BreakerState;
use engine::telegram::outbox::OutboxStatus;
use prometheus_client::encoding::text::{encode_eof, encode_registry};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use std::sync::atomic::AtomicU64;

type Counters = Family<Labels, Counter<f64, AtomicU64>>;
type Gauges = Family<Labels, Gauge<f64, AtomicU64>>;
type Levels = Family<Labels, Gauge>;

/// Families filled once per scrape and registered under `name`.
struct Scrape(Registry);

impl Scrape {
    /// A counter family (the encoder adds `_total`).
    fn counters(&mut self, name: &str, help: &str, rows: impl IntoIterator<Item = (Labels, f64)>) {
        let f = Counters::default();
        for (labels, v) in rows {
            f.get_or_create(&labels).inc_by(v);
        }
        self.0.register(name, help, f);
    }

    fn gauges(&mut self, name: &str, help: &str, rows: impl IntoIterator<Item = (Labels, f64)>) {
        let f = Gauges::default();
        for (labels, v) in rows {
            f.get_or_create(&labels).set(v);
        }
        self.0.register(name, help, f);
    }

    /// A gauge family of whole numbers (states, flags, counts).
    fn levels(&mut self, name: &str, help: &str, rows: impl IntoIterator<Item = (Labels, i64)>) {
        let f = Levels::default();
        for (labels, v) in rows {
            f.get_or_create(&labels).set(v);
        }
        self.0.register(name, help, f);
    }
}

fn label(name: &'static str, value: &str) -> Labels {
    vec![(name, value.to_string())]
}

pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let c = &state.community;
    let snap = c.meter.snapshot(c.clock.now());
    let statuses = c.gateway.send(Status).await.unwrap_or_default();
    let mut s = Scrape(Registry::default());
    let per_provider = |f: &dyn Fn(&actors::meter::ProviderTotals) -> f64| -> Vec<(Labels, f64)> {
        snap.providers.iter().map(|(p, t)| (label("provider", p), f(t))).collect()
    };
    s.counters("piyasa_llm_calls", "Answered LLM calls (cache hits included)", per_provider(&|t| t.calls as f64));
    s.counters("piyasa_llm_failures", "Provider calls that failed after retries", per_provider(&|t| t.failures as f64));
    s.counters(
        "piyasa_llm_cache_hits",
        "Calls answered from the response cache",
        per_provider(&|t| t.cache_hits as f64),
    );
    s.counters("piyasa_llm_tokens_in", "Prompt tokens", per_provider(&|t| t.tokens_in as f64));
    s.counters("piyasa_llm_tokens_out", "Completion tokens", per_provider(&|t| t.tokens_out as f64));
    s.counters("piyasa_llm_usd", "Dollars spent", per_provider(&|t| t.usd));
    let breaker = statuses.iter().map(|p| {
        let v = match p.breaker {
            BreakerState::Closed => 0,
            BreakerState::HalfOpen => 1,
            BreakerState::Open => 2,
        };
        (label("provider", &p.name), v)
    });
    s.levels("piyasa_llm_breaker_state", "Circuit breaker: 0 closed, 1 half-open, 2 open", breaker);
    s.gauges("piyasa_llm_usd_last_hour", "Dollars spent in the rolling hour", [(Vec::new(), snap.last_hour.usd)]);
    s.levels(
        "piyasa_llm_tokens_last_hour",
        "Tokens spent in the rolling hour",
        [(Vec::new(), snap.last_hour.tokens as i64)],
    );
    let budget = c.budget();
    let per_room = |f: &dyn Fn(&str, &actors::meter::RoomTotals) -> f64| -> Vec<(Labels, f64)> {
        snap.rooms.iter().map(|(r, t)| (label("room", r), f(r, t))).collect()
    };
    s.counters("piyasa_room_messages_delivered", "Bot messages delivered", per_room(&|_, t| t.delivered as f64));
    s.gauges(
        "piyasa_room_tokens_per_message",
        "LLM tokens (in + out) per delivered bot message",
        per_room(&|_, t| if t.delivered == 0 { 0.0 } else { (t.tokens_in + t.tokens_out) as f64 / t.delivered as f64 }),
    );
    s.gauges("piyasa_room_usd_today", "Dollars the room spent today (Istanbul day)", per_room(&|_, t| t.today.usd));
    s.gauges(
        "piyasa_llm_budget_pressure",
        "How close the room is to its spending limits: 0 none spent, 1 at a limit (the director degrades from llm.budget.degrade_at)",
        per_room(&|_, t| budget.pressure(t.today, snap.last_hour)),
    );
    let rooms = c.rooms();
    let flag = i64::from;
    s.levels(
        "piyasa_room_paused",
        "1 when an operator paused the room",
        rooms.iter().map(|r| (label("room", &r.id), flag(r.is_paused()))),
    );
    s.levels(
        "piyasa_room_running",
        "1 while the room's actor runs",
        rooms.iter().map(|r| (label("room", &r.id), flag(r.is_running()))),
    );
    if let Some(tg) = &state.telegram {
        telegram(&mut s, c, tg).await;
    }
    let mut out = String::new();
    let encoded = state
        .community
        .meter
        .metrics()
        .encode(&mut out)
        .and_then(|()| encode_registry(&mut out, &s.0))
        .and_then(|()| encode_eof(&mut out));
    match encoded {
        Ok(()) => {
            HttpResponse::Ok().content_type("application/openmetrics-text; version=1.0.0; charset=utf-8").body(out)
        }
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

/// The Telegram side, read now: backlog, pollers, paused chats, stopped bots.
async fn telegram(s: &mut Scrape, c: &actors::Community, tg: &telegram::Channel) {
    let mut backlog = 0;
    for status in [OutboxStatus::Planned, OutboxStatus::Sending] {
        backlog += c.store.outbox_with_status(status).await.map_or(0, |rows| rows.len()) as i64;
    }
    s.levels("piyasa_telegram_outbox_backlog", "Messages waiting to be sent to Telegram", [(Vec::new(), backlog)]);
    let accounts = tg.accounts().await.unwrap_or_default();
    let pollers =
        accounts.iter().filter_map(|a| tg.poller_running(&a.bot_id).map(|up| (label("bot", &a.bot_id), i64::from(up))));
    s.levels("piyasa_telegram_poller_up", "1 while the bot's getUpdates poller runs (polling mode)", pollers);
    let paused =
        c.store.telegram_chats().await.map_or(0, |chats| chats.iter().filter(|ch| ch.paused_reason.is_some()).count());
    s.levels(
        "piyasa_telegram_paused_chats",
        "Rooms whose Telegram chat is paused (chat not found)",
        [(Vec::new(), paused as i64)],
    );
    s.levels(
        "piyasa_telegram_stopped_bots",
        "Bot and room pairs that may no longer write (403: kicked)",
        [(Vec::new(), tg.sender().stopped().len() as i64)],
    );
}
