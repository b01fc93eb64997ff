//! Fuzzing the engine's parsers of outside input: persona files (Piyasa
//! YAML and the seed project's JSON), community files and their `telegram:`
//! section, the LLM's replies (`postprocess::clean`), Telegram commands and
//! mentions. Each property runs 10,000 generated cases (`PIYASA_FUZZ_CASES`
//! for longer runs, docs/RELIABILITY.md): mutations of the real files and
//! random text. Nothing may panic, and what is accepted keeps the parser's
//! promises.

use engine::community::{Community, PersonaFormat, parse_persona_file};
use engine::intent::{Goal, Intent};
use engine::persona::Persona;
use engine::telegram::community::telegram_section;
use engine::telegram::updates::{map_mentions, parse_command};
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::collections::{HashMap, HashSet};

const COMMUNITY: &str = include_str!("../../data/community.yaml");
const SEED: &str = include_str!("../testdata/seed_demo_personas.json");

/// Pieces that mean something to YAML, JSON, the guard or a terminal.
const PIECES: &[&str] = &[
    ":",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "'",
    "\n",
    "  ",
    "\t",
    "null",
    "~",
    "&a ",
    "*a",
    "!!binary ",
    "\u{0}",
    "\u{202e}",
    "ğüşıöç",
    "🤖",
    "9999999999999999999999",
    "-1",
    "1e309",
    "NaN",
    "true",
    ",",
    "#",
    "|",
    ">",
    "---",
    "...",
    "\\u0000",
    "@mehmet_bist",
    "/start@piyasa_bot",
    "Asistan:",
    "%40",
    "₺",
    "yatırım tavsiyesi",
    "\r\n",
];

fn cases() -> u32 {
    std::env::var("PIYASA_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000)
}

fn config() -> Config {
    // No regression files written into the source tree.
    Config { cases: cases(), failure_persistence: None, ..Config::default() }
}

/// One edit of a text: (kind, position, length, piece).
fn edits() -> impl Strategy<Value = Vec<(u8, usize, usize, usize)>> {
    prop::collection::vec((0u8..5, any::<usize>(), 0usize..64, 0..PIECES.len()), 1..6)
}

/// `text` with `edits` applied at char boundaries.
fn mutate(text: &str, edits: &[(u8, usize, usize, usize)]) -> String {
    let mut s: Vec<char> = text.chars().collect();
    for &(kind, pos, len, piece) in edits {
        let at = if s.is_empty() { 0 } else { pos % (s.len() + 1) };
        let end = (at + len).min(s.len());
        match kind {
            0 => {
                s.drain(at..end);
            }
            1 => {
                s.splice(at..at, PIECES[piece].chars());
            }
            2 => {
                s.splice(at..end, PIECES[piece].chars());
            }
            3 => s.truncate(at),
            _ => {
                let copy: Vec<char> = s[at..end].to_vec();
                s.splice(at..at, copy);
            }
        }
    }
    s.into_iter().collect()
}

/// A real persona, parsed once.
static PERSONA: std::sync::LazyLock<Persona> = std::sync::LazyLock::new(|| {
    Community::from_yaml(COMMUNITY).expect("the bundled community parses").personas.remove(0)
});

fn intent(to_human: bool) -> Intent {
    let goal =
        if to_human { Goal::AnswerHuman { author: "Defne".into(), text: "dolar ne olur?".into() } } else { Goal::Chat };
    Intent {
        goal,
        quote: None,
        mood: "sakin".into(),
        allowed_numbers: vec![312.4, 1.25],
        reply_to: None,
        to_human,
        advice: None,
        position: None,
        memory: Default::default(),
    }
}

fn promises_kept(personas: &[Persona]) -> Result<(), TestCaseError> {
    prop_assert!(!personas.is_empty(), "an accepted file holds personas");
    let names: HashSet<&str> = personas.iter().map(|p| p.username.as_str()).collect();
    prop_assert_eq!(names.len(), personas.len(), "usernames are unique");
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_community_files_parse_or_fail_cleanly(e in edits()) {
        let text = mutate(COMMUNITY, &e);
        if let Ok(c) = Community::from_yaml(&text) {
            promises_kept(&c.personas)?;
        }
        if let Ok(f) = parse_persona_file(&text, PersonaFormat::Yaml) {
            promises_kept(&f.personas)?;
        }
        let _ = telegram_section(&text);
    }

    #[test]
    fn mutated_seed_json_parses_or_fails_cleanly(e in edits()) {
        let text = mutate(SEED, &e);
        for format in [PersonaFormat::Seed, PersonaFormat::Auto] {
            if let Ok(f) = parse_persona_file(&text, format) {
                promises_kept(&f.personas)?;
                for p in &f.personas {
                    prop_assert!(!format!("{p:?}").contains("bot_token"), "tokens are never imported");
                }
            }
        }
    }

    #[test]
    fn random_text_as_any_persona_format_fails_cleanly(text in ".{0,400}") {
        for format in [PersonaFormat::Auto, PersonaFormat::Yaml, PersonaFormat::Seed] {
            if let Ok(f) = parse_persona_file(&text, format) {
                promises_kept(&f.personas)?;
            }
        }
        let _ = telegram_section(&text);
    }

    #[test]
    fn any_llm_reply_is_cleaned_or_refused(raw in ".{0,600}", e in edits(), to_human in any::<bool>()) {
        for reply in [raw.clone(), mutate("THYAO 312,40 olmuş, %1,25 artıda. Bugün sakin.", &e)] {
            if let Ok(text) = engine::postprocess::clean(&reply, &PERSONA, &intent(to_human)) {
                prop_assert!(!text.trim().is_empty(), "an accepted reply says something: {reply:?}");
                prop_assert!(text.chars().count() <= reply.chars().count() + 64, "cleaning never grows a reply much");
            }
        }
    }

    #[test]
    fn any_telegram_text_gives_a_command_or_none_and_mentions_map(text in ".{0,300}", e in edits()) {
        let names: HashMap<String, String> =
            [("piyasa1_bot".to_string(), "mehmet_bist".to_string())].into_iter().collect();
        for t in [text.clone(), mutate("/start@piyasa1_bot merhaba @piyasa1_bot", &e)] {
            let _ = parse_command(&t, "piyasa1_bot");
            let _ = map_mentions(&t, &names);
        }
    }
}
