//! The live metric families (the Prometheus project's `prometheus-client`):
//! HTTP requests, latency histograms (generation, turn, first reply, store
//! write), guard blocks, people's messages and Telegram sends. One
//! [`Metrics`] per running Piyasa, shared (cheap to clone) through the
//! [`crate::meter::Meter`] by the gateway and the rooms, and handed to the
//! web layer and the Telegram channel. What is read at scrape time instead
//! (the meter's totals, breakers, budgets, outbox backlog, pollers) is
//! encoded by the web layer next to these.
//!
//! Labels carry rooms, providers, routes and reasons, never people's text.

use prometheus_client::encoding::text::encode_registry;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::Arc;
use std::time::Duration;

/// A label set: (name, value) pairs.
pub type Labels = Vec<(&'static str, String)>;

type Histograms = Family<Labels, Histogram, fn() -> Histogram>;

/// The live families; counters and histograms only (gauges are read at scrape time).
#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    http_requests: Family<Labels, Counter>,
    http_seconds: Histograms,
    generation_seconds: Histograms,
    turn_seconds: Histograms,
    first_reply_seconds: Histograms,
    store_write_seconds: Histogram,
    guard_blocks: Family<Labels, Counter>,
    people_messages: Family<Labels, Counter>,
    telegram_sends: Family<Labels, Counter>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

fn http_buckets() -> Histogram {
    // 1 ms .. 8 s
    Histogram::new(exponential_buckets(0.001, 2.0, 14))
}

fn generation_buckets() -> Histogram {
    // 50 ms .. 410 s (a local model on two cores is slow)
    Histogram::new(exponential_buckets(0.05, 2.0, 14))
}

fn turn_buckets() -> Histogram {
    // 0.5 s .. 17 min (reading and typing delays are part of a turn)
    Histogram::new(exponential_buckets(0.5, 2.0, 12))
}

fn store_buckets() -> Histogram {
    // 0.25 ms .. 4 s
    Histogram::new(exponential_buckets(0.00025, 2.0, 15))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut r = Registry::default();
        let m = Metrics {
            registry: Arc::default(),
            http_requests: Family::default(),
            http_seconds: Family::new_with_constructor(http_buckets),
            generation_seconds: Family::new_with_constructor(generation_buckets),
            turn_seconds: Family::new_with_constructor(turn_buckets),
            first_reply_seconds: Family::new_with_constructor(turn_buckets),
            store_write_seconds: store_buckets(),
            guard_blocks: Family::default(),
            people_messages: Family::default(),
            telegram_sends: Family::default(),
        };
        // Counters get `_total` from the encoder.
        r.register(
            "piyasa_http_requests",
            "HTTP requests by route pattern, method and status",
            m.http_requests.clone(),
        );
        r.register(
            "piyasa_http_request_duration_seconds",
            "HTTP request latency by route pattern",
            m.http_seconds.clone(),
        );
        r.register(
            "piyasa_llm_generation_seconds",
            "Latency of the provider call that answered (cache hits not counted)",
            m.generation_seconds.clone(),
        );
        r.register(
            "piyasa_turn_seconds",
            "From a bot being given the floor to its message delivered (reading and typing delays included)",
            m.turn_seconds.clone(),
        );
        r.register(
            "piyasa_first_reply_seconds",
            "From a person's message to the first bot reply to it",
            m.first_reply_seconds.clone(),
        );
        r.register("piyasa_store_write_seconds", "Storing a bot message", m.store_write_seconds.clone());
        r.register("piyasa_guard_blocks", "Drafts the guard refused, by reason", m.guard_blocks.clone());
        r.register("piyasa_people_messages", "People's messages taken into a room", m.people_messages.clone());
        r.register(
            "piyasa_telegram_sends",
            "Telegram send attempts by outcome (sent, retry_after, forbidden, migrated, chat_not_found, transient, unknown, failed)",
            m.telegram_sends.clone(),
        );
        Metrics { registry: Arc::new(r), ..m }
    }
}

/// A room's own series (cheap to clone: the same counters).
#[derive(Clone)]
pub struct RoomMetrics {
    turn: Histogram,
    first_reply: Histogram,
    people: Counter,
    store_write: Histogram,
}

impl std::fmt::Debug for RoomMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RoomMetrics")
    }
}

impl RoomMetrics {
    /// A bot message delivered `took_ms` after its bot got the floor.
    pub fn turn(&self, took_ms: i64) {
        self.turn.observe(took_ms.max(0) as f64 / 1000.0);
    }

    /// The first bot reply to a person's message, `took_ms` after it.
    pub fn first_reply(&self, took_ms: i64) {
        self.first_reply.observe(took_ms.max(0) as f64 / 1000.0);
    }

    /// A person's message was taken into the room.
    pub fn person_message(&self) {
        self.people.inc();
    }

    /// A bot message stored in `took`.
    pub fn store_write(&self, took: Duration) {
        self.store_write.observe(took.as_secs_f64());
    }
}

fn room(room: &str) -> Labels {
    vec![("room", room.to_string())]
}

impl Metrics {
    /// The families in the OpenMetrics text format, without the closing `# EOF`.
    pub fn encode(&self, out: &mut String) -> std::fmt::Result {
        encode_registry(out, &self.registry)
    }

    /// One HTTP request: its route pattern (never the raw path), method and status.
    pub fn http(&self, route: &str, method: &str, status: u16, took: Duration) {
        let labels = vec![("route", route.to_string()), ("method", method.to_string())];
        self.http_seconds.get_or_create(&labels).observe(took.as_secs_f64());
        let mut labels = labels;
        labels.push(("status", status.to_string()));
        self.http_requests.get_or_create(&labels).inc();
    }

    /// A provider answered (after `latency_ms`, its retries included).
    pub fn generation(&self, provider: &str, latency_ms: i64) {
        let labels = vec![("provider", provider.to_string())];
        self.generation_seconds.get_or_create(&labels).observe(latency_ms.max(0) as f64 / 1000.0);
    }

    /// One room's series, looked up once (a room observes every message).
    pub fn room(&self, room_id: &str) -> RoomMetrics {
        let labels = room(room_id);
        RoomMetrics {
            turn: self.turn_seconds.get_or_create_owned(&labels),
            first_reply: self.first_reply_seconds.get_or_create_owned(&labels),
            people: self.people_messages.get_or_create_owned(&labels),
            store_write: self.store_write_seconds.clone(),
        }
    }

    /// The guard refused a draft for `reason`.
    pub fn guard_block(&self, reason: &str) {
        self.guard_blocks.get_or_create(&vec![("reason", reason.to_string())]).inc();
    }

    /// A Telegram send attempt ended with `outcome`.
    pub fn telegram_send(&self, outcome: &str) {
        self.telegram_sends.get_or_create(&vec![("outcome", outcome.to_string())]).inc();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_encode_with_their_labels_and_counters_end_in_total() {
        let m = Metrics::default();
        m.http("/api/rooms/{room}/messages", "POST", 201, Duration::from_millis(3));
        m.guard_block("pump");
        m.room("piyasa-sohbet").first_reply(12_000);
        let mut out = String::new();
        m.encode(&mut out).unwrap();
        assert!(
            out.contains(
                "piyasa_http_requests_total{route=\"/api/rooms/{room}/messages\",method=\"POST\",status=\"201\"} 1"
            ),
            "{out}"
        );
        assert!(out.contains("piyasa_guard_blocks_total{reason=\"pump\"} 1"), "{out}");
        assert!(out.contains("piyasa_first_reply_seconds_bucket{le=\"16.0\",room=\"piyasa-sohbet\"} 1"), "{out}");
        assert!(out.contains("piyasa_first_reply_seconds_bucket{le=\"8.0\",room=\"piyasa-sohbet\"} 0"), "{out}");
        assert!(!out.contains("# EOF"), "the web layer closes the exposition");
    }
}
