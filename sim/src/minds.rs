//! The bots' minds over a simulation: every simulated hour, each bot's mood
//! and its beliefs as the process holds them, written as `minds.jsonl`
//! (the same seed gives the same bytes). docs/PERSONAS.md quotes it.

use actors::Community;
use anyhow::Context as _;
use std::path::Path;

/// The hourly samples so far, as JSON lines.
#[derive(Default)]
pub struct Minds {
    lines: String,
}

fn round(x: f64, places: i32) -> f64 {
    let k = 10f64.powi(places);
    (x * k).round() / k
}

impl Minds {
    /// Each bot's mood and beliefs at simulated hour `hour`.
    pub fn sample(&mut self, community: &Community, bots: &[String], hour: i64) -> anyhow::Result<()> {
        for bot in bots {
            let Some((mood, beliefs)) = community.mind_of(bot) else { continue };
            let beliefs: serde_json::Map<String, serde_json::Value> =
                beliefs.into_iter().map(|(s, v)| (s, round(v, 2).into())).collect();
            let line = serde_json::json!({
                "hour": hour,
                "bot": bot,
                "feels": mood.describe(),
                "valence": round(mood.valence, 2),
                "arousal": round(mood.arousal, 2),
                "beliefs": beliefs,
            });
            self.lines.push_str(&serde_json::to_string(&line)?);
            self.lines.push('\n');
        }
        Ok(())
    }

    /// Writes `minds.jsonl` under `dir`.
    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        let path = dir.join("minds.jsonl");
        std::fs::write(&path, &self.lines).with_context(|| format!("cannot write {}", path.display()))
    }
}
