//! The benchmark report: one struct, printed as text or JSON.

use super::check::Checked;
use super::options::{Channel, DbChoice, Options, Rate, Scenario};
use super::probe::{self, Sample};
use super::setup::Llm;
use super::stream::WindowStats;
use super::telegram::TelegramStats;
use serde::Serialize;
use std::fmt;

/// Everything `piyasa bench` measured.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub scenario: Option<Scenario>,
    pub channel: Channel,
    pub store: &'static str,
    /// The temporary store (removed after the run), password hidden.
    pub database: String,
    pub llm: String,
    pub bots: usize,
    pub rooms: usize,
    /// Messages per bot per hour asked, or "max".
    pub rate: String,
    pub virtual_time: bool,
    /// The measured window on the rooms' clock, and in real time.
    pub window_s: f64,
    pub wall_s: f64,
    /// Storing the bots and starting the rooms.
    pub setup_s: f64,
    /// Bot messages that reached the stream during the window.
    pub delivered: u64,
    /// Delivered per second of the window.
    pub delivered_per_s: f64,
    /// Requests the fake LLM server got during the window (0 in-process).
    pub llm_calls: u64,
    pub llm_calls_per_msg: f64,
    /// Tokens of the stored messages' generations, per stored message.
    pub tokens_in_per_msg: f64,
    pub tokens_out_per_msg: f64,
    pub cpu_s: f64,
    /// CPU of the fake LLM server's own threads (in this process).
    pub cpu_s_fake_llm: f64,
    pub cpu_s_per_1000_msgs: f64,
    /// Piyasa's own CPU: the process minus the fake LLM server's threads.
    pub cpu_s_per_1000_msgs_excl_llm: f64,
    pub cpu_us_per_msg_excl_llm: f64,
    /// Peak resident set (VmHWM), fake server included.
    pub peak_rss_mib: f64,
    /// Planned send time → on the stream (store write included).
    pub schedule_lag_ms: Percentiles,
    /// Floor given (the trigger) → on the stream: LLM, read and typing delay, store.
    pub e2e_latency_ms: Percentiles,
    /// Lost messages (accepted but never persisted, or never streamed): must be 0.
    pub lost: u64,
    /// Duplicated deliveries (stream or store): must be 0.
    pub duplicated: u64,
    /// 429s from the fake Telegram; null on the web channel.
    pub telegram_429s: Option<u64>,
    /// What reached the fake Telegram groups; null on the web channel.
    pub telegram: Option<TelegramStats>,
    pub checks: Checked,
}

/// Nearest-rank percentiles of a sample, ms.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Percentiles {
    pub n: usize,
    pub p50: i64,
    pub p95: i64,
    pub p99: i64,
    pub max: i64,
}

impl Percentiles {
    pub fn of(mut v: Vec<i64>) -> Percentiles {
        if v.is_empty() {
            return Percentiles::default();
        }
        v.sort_unstable();
        let at = |q: f64| v[((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
        Percentiles { n: v.len(), p50: at(0.50), p95: at(0.95), p99: at(0.99), max: v[v.len() - 1] }
    }
}

/// What `Report::build` needs.
pub struct Inputs<'a> {
    pub setup_s: f64,
    pub elapsed_s: f64,
    pub window_s: f64,
    pub before: Sample,
    pub after: Sample,
    pub calls: u64,
    pub stats: WindowStats,
    pub checked: Checked,
    pub llm: &'a Llm,
    pub database: &'a str,
    pub telegram: Option<TelegramStats>,
}

impl Report {
    pub fn build(o: &Options, i: Inputs<'_>) -> Report {
        let n = i.stats.delivered;
        let per = |v: f64| if n == 0 { 0.0 } else { v / n as f64 };
        let stored = i.checked.persisted.max(1) as f64;
        let cpu = i.after.process_cpu_s - i.before.process_cpu_s;
        let fake = i.after.fake_llm_cpu_s - i.before.fake_llm_cpu_s;
        Report {
            scenario: o.scenario,
            channel: o.channel,
            store: match o.db {
                DbChoice::Sqlite => "sqlite",
                DbChoice::Postgres(_) => "postgres",
            },
            database: schema::store::redact(i.database),
            llm: i.llm.describe(o),
            bots: o.bots,
            rooms: o.rooms,
            rate: match o.rate {
                Rate::PerHour(r) => r.to_string(),
                Rate::Max => "max".into(),
            },
            virtual_time: o.virtual_time,
            window_s: i.window_s,
            wall_s: i.elapsed_s,
            setup_s: i.setup_s,
            delivered: n,
            delivered_per_s: n as f64 / i.window_s.max(1e-9),
            llm_calls: i.calls,
            llm_calls_per_msg: if i.llm.over_http() { per(i.calls as f64) } else { 0.0 },
            tokens_in_per_msg: i.checked.tokens.0 as f64 / stored,
            tokens_out_per_msg: i.checked.tokens.1 as f64 / stored,
            cpu_s: cpu,
            cpu_s_fake_llm: fake,
            cpu_s_per_1000_msgs: per(cpu) * 1000.0,
            cpu_s_per_1000_msgs_excl_llm: per(cpu - fake) * 1000.0,
            cpu_us_per_msg_excl_llm: per(cpu - fake) * 1e6,
            peak_rss_mib: probe::peak_rss_mib(),
            schedule_lag_ms: Percentiles::of(i.stats.lag_ms),
            e2e_latency_ms: Percentiles::of(i.stats.e2e_ms),
            lost: i.checked.lost(),
            duplicated: i.checked.duplicated(),
            telegram_429s: i.telegram.as_ref().map(|t| t.too_many_requests),
            telegram: i.telegram.clone(),
            checks: i.checked,
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scenario = self.scenario.map_or("custom".into(), |s| format!("{s:?}").to_lowercase());
        writeln!(f, "piyasa bench: {scenario}, {} bots in {} rooms, rate {}/bot/h", self.bots, self.rooms, self.rate)?;
        writeln!(f, "  store {}, channel {:?}, llm: {}", self.store, self.channel, self.llm)?;
        let clock = if self.virtual_time { "virtual" } else { "wall" };
        writeln!(
            f,
            "  window {:.1} s ({clock} clock, {:.1} s real), set-up {:.1} s",
            self.window_s, self.wall_s, self.setup_s
        )?;
        writeln!(f, "delivered          {} ({:.1} msg/s)", self.delivered, self.delivered_per_s)?;
        writeln!(
            f,
            "llm                {:.2} calls/msg, {:.0} tokens in + {:.0} out per msg",
            self.llm_calls_per_msg, self.tokens_in_per_msg, self.tokens_out_per_msg
        )?;
        writeln!(
            f,
            "cpu                {:.3} s per 1,000 msgs ({:.3} s without the fake LLM: {:.0} µs/msg); {:.1} s total, {:.1} s fake LLM",
            self.cpu_s_per_1000_msgs,
            self.cpu_s_per_1000_msgs_excl_llm,
            self.cpu_us_per_msg_excl_llm,
            self.cpu_s,
            self.cpu_s_fake_llm
        )?;
        writeln!(f, "peak rss           {:.1} MiB", self.peak_rss_mib)?;
        let l = self.schedule_lag_ms;
        writeln!(f, "schedule lag ms    p50 {} p95 {} p99 {} max {}", l.p50, l.p95, l.p99, l.max)?;
        let e = self.e2e_latency_ms;
        writeln!(f, "trigger→delivered  p50 {} ms, p99 {} ms", e.p50, e.p99)?;
        let c = &self.checks;
        writeln!(
            f,
            "lost               {} (stored not streamed {}, streamed not stored {}, delivery gaps {}, stream lagged {})",
            self.lost, c.persisted_not_streamed, c.streamed_not_persisted, c.delivery_gaps, c.stream_lagged
        )?;
        writeln!(
            f,
            "duplicated         {} (stream {}, store {}); {} stored, {} streamed in all",
            self.duplicated, c.duplicated_on_stream, c.duplicated_in_store, c.persisted, c.streamed
        )?;
        match &self.telegram {
            Some(t) => writeln!(
                f,
                "telegram           {} sent to the groups, {} × 429; sendMessage ok {} vs outbox sent {}; \
                 {} waiting, {} failed",
                t.sent, t.too_many_requests, t.send_calls_ok, t.outbox_sent, t.outbox_waiting, t.outbox_failed
            ),
            None => writeln!(f, "telegram 429s      n/a (web channel)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Percentiles;

    #[test]
    fn percentiles_are_nearest_rank() {
        let p = Percentiles::of((1..=100).rev().collect());
        assert_eq!((p.n, p.p50, p.p95, p.p99, p.max), (100, 50, 95, 99, 100));
        assert_eq!(Percentiles::of(vec![7]).p99, 7);
        assert_eq!(Percentiles::of(Vec::new()).n, 0);
    }
}
