//! Piyasa's simulator and benchmark harness: `piyasa simulate` (rooms of bots
//! on virtual time, a transcript and a summary) and `piyasa bench` (the real
//! rooms, bots and gateway against fake servers, with a report), and the fake
//! servers they start. The `piyasa` binary includes them behind its `sim`
//! cargo feature (on by default); a production image leaves them out, and
//! with them the fakes and tokio's test utilities.
//!
//! # Layout
//! - [`args`]: the command-line arguments of both commands.
//! - [`simulate`]: a day of chat in seconds on virtual time.
//! - [`sim_llm`]: a simulation's text generator (fake, fake servers with an outage, or the configured chain).
//! - [`bench`]: the benchmark harness (throughput, CPU, RSS, lag, losses).
//! - [`clones`]: communities cloned from the bundled personas.
//! - [`books`]: the bots' books at the end of a simulation, reconciled.
//! - [`minds`]: the bots' mood and beliefs, hour by hour.

pub mod args;
pub mod bench;
pub mod books;
pub mod clones;
pub mod minds;
pub mod sim_llm;
pub mod simulate;

pub use args::{BenchArgs, SimLlm, SimulateArgs};

use web::settings::Settings;

/// `piyasa simulate`: runs the simulation and writes its transcript and summary.
pub async fn simulate(settings: &Settings, args: SimulateArgs) -> anyhow::Result<()> {
    let scenario = args.scenario.as_deref().map(simulate::read_scenario).transpose()?;
    let llm = sim_llm::SimProviders::new(settings, args.llm, args.record, args.replay, args.outage)?;
    let opts = simulate::Options {
        seed: args.seed,
        hours: args.hours,
        bots: args.bots,
        rooms: args.rooms,
        out: args.out,
        humans_per_hour: args.humans_per_hour,
        scenario,
    };
    simulate::simulate(settings, opts, llm).await
}
