//! Record and replay. `--record DIR` appends every answered call to
//! `DIR/calls.jsonl`; `--replay DIR` answers from that file by (prompt,
//! sampling parameters, seed) at zero cost, so a seeded simulation reruns to
//! the same transcript without any provider. A call that is not in the
//! recording fails like an unavailable provider (the bot stays silent).

use super::{Completion, ProviderError};
use crate::cache::call_key;
use anyhow::Context as _;
use engine::prompt::Prompt;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{BufRead as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The file inside a recording directory.
pub const CALLS_FILE: &str = "calls.jsonl";

/// One recorded call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedCall {
    /// `call_key("", prompt, seed)`, hex.
    pub key: String,
    pub seed: u64,
    pub provider: String,
    pub model: String,
    pub prompt: Prompt,
    pub text: String,
    pub tokens_in: u32,
    pub tokens_out: u32,
}

fn hex(k: u64) -> String {
    format!("{k:016x}")
}

/// Appends calls to `DIR/calls.jsonl`.
pub struct Recorder {
    path: PathBuf,
    file: Mutex<std::fs::File>,
}

impl Recorder {
    /// Creates `dir` if needed and appends to its calls file.
    pub fn open(dir: &Path) -> anyhow::Result<Recorder> {
        std::fs::create_dir_all(dir).with_context(|| format!("--record: cannot create {}", dir.display()))?;
        let path = dir.join(CALLS_FILE);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .with_context(|| format!("--record: cannot open {}", path.display()))?;
        Ok(Recorder { path, file: Mutex::new(file) })
    }

    pub fn record(&self, provider: &str, prompt: &Prompt, seed: u64, c: &Completion) {
        let call = RecordedCall {
            key: hex(call_key("", prompt, seed)),
            seed,
            provider: provider.into(),
            model: c.model.clone(),
            prompt: prompt.clone(),
            text: c.text.clone(),
            tokens_in: c.tokens_in,
            tokens_out: c.tokens_out,
        };
        let mut line = match serde_json::to_string(&call) {
            Ok(l) => l,
            Err(e) => return tracing::warn!(error = %e, "could not encode a recorded call"),
        };
        line.push('\n');
        let mut f = self.file.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Err(e) = f.write_all(line.as_bytes()) {
            tracing::warn!(path = %self.path.display(), error = %e, "could not record a call");
        }
    }
}

/// Answers from a recording.
pub struct ReplayProvider {
    calls: HashMap<String, RecordedCall>,
}

impl ReplayProvider {
    /// Loads `dir/calls.jsonl`; a bad line is an error naming its number.
    pub fn load(dir: &Path) -> anyhow::Result<ReplayProvider> {
        let path = dir.join(CALLS_FILE);
        let file = std::fs::File::open(&path)
            .with_context(|| format!("--replay: cannot open {} (record one with --record)", path.display()))?;
        let mut calls = HashMap::new();
        for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.with_context(|| format!("--replay: cannot read {}", path.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            let call: RecordedCall = serde_json::from_str(&line)
                .with_context(|| format!("--replay: {} line {} is not a recorded call", path.display(), i + 1))?;
            calls.insert(call.key.clone(), call);
        }
        Ok(ReplayProvider { calls })
    }

    pub fn len(&self) -> usize {
        self.calls.len()
    }

    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    pub fn complete(&self, prompt: &Prompt, seed: u64) -> Result<Completion, ProviderError> {
        let key = hex(call_key("", prompt, seed));
        match self.calls.get(&key) {
            Some(c) => Ok(Completion {
                text: c.text.clone(),
                model: c.model.clone(),
                tokens_in: c.tokens_in,
                tokens_out: c.tokens_out,
            }),
            None => Err(ProviderError::Unavailable(format!("call {key} is not in the recording"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_call_replays_and_an_unknown_one_is_unavailable() {
        let dir = tempfile::tempdir().unwrap();
        let prompt = Prompt { system: "sys".into(), user: "merhaba".into(), max_tokens: 48 };
        let c = Completion { text: "Selam!".into(), model: "m1".into(), tokens_in: 9, tokens_out: 2 };
        Recorder::open(dir.path()).unwrap().record("groq", &prompt, 42, &c);
        let replay = ReplayProvider::load(dir.path()).unwrap();
        assert_eq!(replay.complete(&prompt, 42), Ok(c));
        assert!(matches!(replay.complete(&prompt, 43), Err(ProviderError::Unavailable(_))));
    }

    #[test]
    fn a_broken_recording_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CALLS_FILE), "{}\n").unwrap();
        let err = ReplayProvider::load(dir.path()).err().unwrap();
        assert!(format!("{err:#}").contains("line 1"), "{err:#}");
        let missing = ReplayProvider::load(&dir.path().join("nope")).err().unwrap();
        assert!(format!("{missing:#}").contains("--record"), "{missing:#}");
    }
}
