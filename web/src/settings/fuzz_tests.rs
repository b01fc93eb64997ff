//! Fuzzing the configuration loader: 10,000 mutations of a configuration
//! that sets every section (`PIYASA_FUZZ_CASES` for longer runs), and random
//! text. Each loads, or fails with a message; nothing panics, and what
//! loads passes its own validation.

use super::Settings;
use proptest::prelude::*;
use proptest::test_runner::Config;

const FULL: &str = r#"
ai_marker = "🤖"
[server]
host = "0.0.0.0"
port = 8080
max_body_bytes = 16384
[database]
url = "sqlite://piyasa.db"
[llm]
provider = "openai"
preset = "openai"
model = "gpt-4o-mini"
api_key_env = "OPENAI_API_KEY"
timeout_ms = 30000
[llm.budget]
room_daily_usd = 2.5
degrade_at = 0.8
[[llm.chain]]
name = "groq"
kind = "openai"
preset = "groq"
model = "llama-3.1-8b-instant"
[room.pacing]
mean_gap_ms = 45000
min_gap_ms = 8000
[room.floor]
human_wait_ms = 3000
[compliance]
stance_cap = 0.6
disclaimer = "replies_to_humans"
[privacy]
retention_days = 30
[telegram]
enabled = false
[market]
step_ms = 1000
[[news.feeds]]
name = "ekonomi"
url = "https://example.com/rss"
[auth]
session_absolute_hours = 12
[people]
post_burst = 5
[metrics]
listen = "127.0.0.1:9464"
"#;

const PIECES: &[&str] = &[
    "=",
    "[",
    "]",
    "[[",
    "]]",
    "\"",
    "'",
    "\n",
    "#",
    ".",
    "-1",
    "1e999",
    "nan",
    "inf",
    "true",
    "{}",
    "[]",
    "\u{0}",
    "ğüş",
    "🤖",
    "18446744073709551616",
    "__",
    "\\u0000",
    "\"\"\"",
    " = [1, \"a\"]",
    "x = 1\n",
];

fn edits() -> impl Strategy<Value = Vec<(u8, usize, usize, usize)>> {
    prop::collection::vec((0u8..4, any::<usize>(), 0usize..24, 0..PIECES.len()), 1..5)
}

fn mutate(text: &str, edits: &[(u8, usize, usize, usize)]) -> String {
    let mut s: Vec<char> = text.chars().collect();
    for &(kind, pos, len, piece) in edits {
        let at = pos % (s.len() + 1);
        let end = (at + len).min(s.len());
        match kind {
            0 => drop(s.drain(at..end)),
            1 => drop(s.splice(at..at, PIECES[piece].chars())),
            2 => drop(s.splice(at..end, PIECES[piece].chars())),
            _ => s.truncate(at),
        }
    }
    s.into_iter().collect()
}

fn cases() -> u32 {
    std::env::var("PIYASA_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000)
}

fn load(dir: &std::path::Path, text: &str) -> Result<(), TestCaseError> {
    let file = dir.join("fuzz.toml");
    std::fs::write(&file, text).unwrap();
    match Settings::load(Some(&file)) {
        Ok(s) => prop_assert!(s.validate().is_ok(), "what loads is valid"),
        Err(e) => prop_assert!(!e.to_string().trim().is_empty(), "a refusal says why"),
    }
    Ok(())
}

#[test]
fn the_full_configuration_loads() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("full.toml");
    std::fs::write(&file, FULL).unwrap();
    Settings::load(Some(&file)).expect("the fuzz corpus is a valid configuration");
}

proptest! {
    #![proptest_config(Config { cases: cases(), failure_persistence: None, ..Config::default() })]

    #[test]
    fn mutated_and_random_configurations_load_or_are_refused_with_a_reason(e in edits(), junk in ".{0,200}") {
        let dir = tempfile::tempdir().unwrap();
        load(dir.path(), &mutate(FULL, &e))?;
        load(dir.path(), &junk)?;
    }
}
