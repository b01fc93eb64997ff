//! The text generator of a simulation: the in-process `fake`, two fake
//! OpenAI-compatible HTTP servers as a chain (`primary` → `backup`, with an
//! optional outage of the primary), or the configured chain (a real model or
//! API). Calls to a server or model run isolated from virtual time, so a
//! simulated hour stands still while a real call is in flight.

use crate::args::SimLlm;
use actors::gateway::GatewayOptions;
use actors::llm::{ProviderConfig, ProviderKind};
use actors::meter::MeterSnapshot;
use anyhow::ensure;
use engine::budget::Price;
use fakes::{FakeLlm, Fault};
use std::ops::Range;
use std::path::PathBuf;
use web::settings::Settings;

/// How a simulation gets its text.
pub struct SimProviders {
    pub providers: Vec<ProviderConfig>,
    pub options: GatewayOptions,
    servers: Vec<FakeLlm>,
    outage: Option<Range<u32>>,
    down: bool,
    /// (minute, snapshot) at each outage boundary, for the report.
    pub marks: Vec<(u32, MeterSnapshot)>,
}

/// A made-up price for the fake servers, so money budgets and $/hour show
/// real arithmetic (roughly a small hosted model's list price).
const FAKE_PRICE: Price = Price { input_per_mtok: 0.10, output_per_mtok: 0.40 };

impl SimProviders {
    pub fn new(
        settings: &Settings,
        llm: SimLlm,
        record: Option<PathBuf>,
        replay: Option<PathBuf>,
        outage: Option<Range<u32>>,
    ) -> anyhow::Result<SimProviders> {
        ensure!(record.is_none() || replay.is_none(), "--record and --replay: choose one");
        ensure!(
            outage.is_none() || llm == SimLlm::Servers,
            "--outage needs --llm servers (it stops the primary server)"
        );
        let mut servers = Vec::new();
        let providers = match llm {
            SimLlm::Fake => vec![ProviderConfig::new("fake", ProviderKind::Fake)],
            SimLlm::Servers => ["primary", "backup"]
                .into_iter()
                .map(|name| {
                    let server = FakeLlm::start();
                    let mut c = ProviderConfig::new(name, ProviderKind::Openai);
                    c.options.base_url = Some(server.base_url());
                    c.options.model = Some(format!("fake-{name}"));
                    c.options.timeout_ms = 5_000;
                    c.options.price = FAKE_PRICE;
                    servers.push(server);
                    c
                })
                .collect(),
            SimLlm::Config => settings.providers()?,
        };
        let options = GatewayOptions { record, replay, isolate: llm != SimLlm::Fake, ..settings.gateway_options() };
        Ok(SimProviders { providers, options, servers, outage, down: false, marks: Vec::new() })
    }

    /// Called at every simulated minute: starts or ends the primary's outage.
    pub fn at_minute(&mut self, minute: u32, meter: &MeterSnapshot) {
        let Some(window) = &self.outage else { return };
        let down = window.contains(&minute);
        if down != self.down {
            self.down = down;
            let fault = if down { Fault::Status { code: 503, retry_after_secs: None } } else { Fault::None };
            self.servers[0].set_fault(fault);
            self.marks.push((minute, meter.clone()));
        }
    }

    /// What happened before, during and after the outage, from the meter.
    pub fn outage_report(&self, end: &MeterSnapshot) -> Option<serde_json::Value> {
        let window = self.outage.as_ref()?;
        let zero = MeterSnapshot::default();
        let at = |i: usize| self.marks.get(i).map_or(end, |(_, s)| s);
        let phases = [("before", &zero, at(0)), ("during", at(0), at(1)), ("after", at(1), end)];
        let rows: Vec<_> = phases
            .iter()
            .map(|(name, a, b)| {
                let calls = |s: &MeterSnapshot, p: &str| s.providers.get(p).map_or(0, |t| t.calls);
                let fails = |s: &MeterSnapshot, p: &str| s.providers.get(p).map_or(0, |t| t.failures);
                serde_json::json!({
                    "phase": name,
                    "primary_calls": calls(b, "primary") - calls(a, "primary"),
                    "primary_failures": fails(b, "primary") - fails(a, "primary"),
                    "backup_calls": calls(b, "backup") - calls(a, "backup"),
                    "delivered": b.delivered - a.delivered,
                })
            })
            .collect();
        Some(serde_json::json!({"minutes": [window.start, window.end], "phases": rows}))
    }
}

/// Parses `--outage 20..25` (simulated minutes).
pub fn parse_outage(s: &str) -> Result<Range<u32>, String> {
    let (a, b) =
        s.split_once("..").ok_or_else(|| format!("'{s}': write START..END in simulated minutes, e.g. 20..25"))?;
    let (a, b): (u32, u32) = (
        a.trim().parse().map_err(|_| format!("'{a}' is not a minute"))?,
        b.trim().parse().map_err(|_| format!("'{b}' is not a minute"))?,
    );
    if a >= b {
        return Err(format!("'{s}': the outage must end after it starts"));
    }
    Ok(a..b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outage_windows_parse_and_bad_ones_explain() {
        assert_eq!(parse_outage("20..25"), Ok(20..25));
        assert!(parse_outage("25..20").unwrap_err().contains("end after"));
        assert!(parse_outage("20-25").unwrap_err().contains("START..END"));
        assert!(parse_outage("a..5").unwrap_err().contains("not a minute"));
    }
}
