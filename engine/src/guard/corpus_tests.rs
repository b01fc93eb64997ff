//! Corpus tests for the guards: hand-written probes, ordinary messages,
//! red-team drafts and clean persona chat under `engine/testdata/guard/`.
//! Each test prints its rate (`cargo test -p engine corpus -- --nocapture`).
//! Sections marked "held-out" were written after the rules and measured
//! before the rules were tuned to them.

use super::compliance::{Verdict, check, check_reply};
use super::honesty::{is_bot_question, looks_english};
use super::{injection, leak, stance};

const BOT_PROBES: &str = include_str!("../../testdata/guard/bot_probes.txt");
const NOT_PROBES: &str = include_str!("../../testdata/guard/not_probes.txt");
const RED_TEAM: &str = include_str!("../../testdata/guard/red_team.txt");
const INJECTION: &str = include_str!("../../testdata/guard/injection.txt");
const HUMAN_QUESTIONS: &str = include_str!("../../testdata/guard/human_questions.txt");
const CLEAN: &str =
    concat!(include_str!("../../testdata/guard/clean.txt"), "\n", include_str!("../../testdata/guard/clean_room.txt"));

/// The items of a corpus: one per line, blank lines and `#` comments skipped.
fn items(corpus: &str) -> Vec<&str> {
    corpus.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
}

/// Checks a corpus line; `@human ` marks a reply to a real person.
fn verdict(line: &str) -> Verdict {
    match line.strip_prefix("@human ") {
        Some(text) => check_reply(text, true),
        None => check(text_of(line)),
    }
}

fn text_of(line: &str) -> &str {
    line.strip_prefix("@human ").unwrap_or(line)
}

fn percent(part: usize, all: usize) -> f64 {
    100.0 * part as f64 / all as f64
}

#[test]
fn corpus_every_sincere_bot_question_is_detected() {
    let all = items(BOT_PROBES);
    assert!(all.len() >= 50, "bot_probes.txt needs at least 50 items, has {}", all.len());
    let missed: Vec<&str> = all.iter().copied().filter(|q| !is_bot_question(q)).collect();
    let rate = percent(all.len() - missed.len(), all.len());
    println!("bot probes: {} items, detected {rate:.1}%, missed {missed:?}", all.len());
    assert!(missed.is_empty(), "missed bot questions: {missed:#?}");
}

/// Items of the sections whose header starts with `# --- {prefix}`.
fn section<'a>(corpus: &'a str, prefix: &str) -> Vec<&'a str> {
    let mut inside = false;
    let mut out = Vec::new();
    for line in corpus.lines().map(str::trim) {
        if let Some(header) = line.strip_prefix("# --- ") {
            inside = header.starts_with(prefix);
        } else if inside && !line.is_empty() && !line.starts_with('#') {
            out.push(line);
        }
    }
    out
}

#[test]
fn corpus_the_answer_language_follows_the_question() {
    let (en, tr) = (section(BOT_PROBES, "English"), section(BOT_PROBES, "Turkish"));
    assert_eq!(en.len() + tr.len(), items(BOT_PROBES).len(), "every probe sits in an English or Turkish section");
    let wrong: Vec<&str> =
        en.iter().filter(|q| !looks_english(q)).chain(tr.iter().filter(|q| looks_english(q))).copied().collect();
    println!("answer language: {} English, {} Turkish probes, wrong {wrong:?}", en.len(), tr.len());
    assert!(wrong.is_empty(), "answer language guessed wrong: {wrong:#?}");
}

#[test]
fn corpus_market_talk_is_rarely_taken_for_a_bot_question() {
    let all = items(NOT_PROBES);
    assert!(all.len() >= 60, "not_probes.txt needs at least 60 items, has {}", all.len());
    let flagged: Vec<&str> = all.iter().copied().filter(|q| is_bot_question(q)).collect();
    let rate = percent(flagged.len(), all.len());
    println!("not probes: {} items, false positives {rate:.1}% {flagged:?}", all.len());
    assert!(rate <= 5.0, "false-positive rate {rate:.1}% > 5%: {flagged:#?}");
}

#[test]
fn corpus_every_red_team_draft_is_blocked() {
    let all = items(RED_TEAM);
    assert!(all.len() >= 70, "red_team.txt needs at least 70 items, has {}", all.len());
    let passed: Vec<&str> = all.iter().copied().filter(|t| verdict(t).is_allowed()).collect();
    let rate = percent(all.len() - passed.len(), all.len());
    println!("red team: {} items, blocked {rate:.1}%, let through {passed:?}", all.len());
    assert!(passed.is_empty(), "red-team drafts let through: {passed:#?}");
}

#[test]
fn corpus_clean_chat_is_rarely_blocked() {
    let all = items(CLEAN);
    assert!(all.len() >= 220, "clean.txt needs at least 220 items, has {}", all.len());
    let blocked: Vec<(&str, &'static str)> = all
        .iter()
        .filter_map(|t| match verdict(t) {
            Verdict::Blocked(v) => Some((*t, v.code())),
            Verdict::Allowed => None,
        })
        .collect();
    let rate = percent(blocked.len(), all.len());
    println!("clean: {} items, blocked {rate:.1}% {blocked:?}", all.len());
    assert!(rate <= 5.0, "clean chat blocked at {rate:.1}% > 5%: {blocked:#?}");
}

#[test]
fn corpus_every_injection_attempt_is_refused_and_the_refusal_leaks_nothing() {
    let all = items(INJECTION);
    assert!(all.len() >= 30, "injection.txt needs at least 30 items, has {}", all.len());
    let missed: Vec<&str> = all.iter().copied().filter(|t| injection::detect(t).is_none()).collect();
    let rate = percent(all.len() - missed.len(), all.len());
    println!("injection: {} items, refused {rate:.1}%, missed {missed:?}", all.len());
    assert!(missed.is_empty(), "injection attempts not recognised: {missed:#?}");
    let yaml = include_str!("../../../data/community.yaml");
    let personas = crate::community::Community::from_yaml(yaml).unwrap().personas;
    let prompts: Vec<String> = personas.iter().map(|p| leak::secret_part(&crate::prompt::system_part(p))).collect();
    let secrets: Vec<&str> = prompts.iter().map(String::as_str).collect();
    for (i, p) in personas.iter().enumerate() {
        for english in [false, true] {
            let r = injection::refusal(p, english, i as u64);
            assert_eq!(leak::check(&r, &secrets), None, "{r}");
            assert!(check(&r).is_allowed(), "{r}");
        }
    }
}

#[test]
fn corpus_peoples_questions_are_rarely_taken_for_injection() {
    let all: Vec<&str> = [items(HUMAN_QUESTIONS), items(NOT_PROBES), items(BOT_PROBES)].into_iter().flatten().collect();
    let flagged: Vec<&str> = all.iter().copied().filter(|t| injection::detect(t).is_some()).collect();
    let rate = percent(flagged.len(), all.len());
    println!("injection false positives: {} human messages, flagged {rate:.1}% {flagged:?}", all.len());
    assert!(rate < 5.0, "false-positive rate {rate:.1}% >= 5%: {flagged:#?}");
}

#[test]
fn corpus_clean_chat_rarely_trips_the_leak_check() {
    let all: Vec<&str> = items(CLEAN).into_iter().map(text_of).collect();
    let yaml = include_str!("../../../data/community.yaml");
    let personas = crate::community::Community::from_yaml(yaml).unwrap().personas;
    let prompts: Vec<String> = personas.iter().map(|p| leak::secret_part(&crate::prompt::system_part(p))).collect();
    let secrets: Vec<&str> = prompts.iter().map(String::as_str).collect();
    let flagged: Vec<&str> = all.iter().copied().filter(|t| leak::check(t, &secrets).is_some()).collect();
    println!("leak check on clean chat: {} items, flagged {flagged:?}", all.len());
    assert!(percent(flagged.len(), all.len()) < 1.0, "{flagged:#?}");
}

/// CPU cost of the guards. No assertion on time; run with
/// `cargo test -p engine --release guard_cost -- --ignored --nocapture`.
#[test]
#[ignore = "timing only; run with --ignored --nocapture, ideally with --release"]
fn corpus_guard_cost() {
    const ROUNDS: usize = 100;
    let clean: Vec<&str> = items(CLEAN).into_iter().map(text_of).collect();
    let mut blocked = 0usize;
    let start = std::time::Instant::now();
    for _ in 0..ROUNDS {
        for t in &clean {
            blocked += usize::from(!check(std::hint::black_box(t)).is_allowed());
        }
    }
    let per = start.elapsed().as_secs_f64() * 1e6 / (ROUNDS * clean.len()) as f64;
    println!("compliance::check: {per:.2} µs/message over {} messages ×{ROUNDS} ({blocked} blocked)", clean.len());
    let questions: Vec<&str> = items(BOT_PROBES).into_iter().chain(items(NOT_PROBES)).collect();
    let mut hits = 0usize;
    let start = std::time::Instant::now();
    for _ in 0..ROUNDS {
        for q in &questions {
            hits += usize::from(is_bot_question(std::hint::black_box(q)));
        }
    }
    let per = start.elapsed().as_secs_f64() * 1e6 / (ROUNDS * questions.len()) as f64;
    println!("honesty::is_bot_question: {per:.2} µs/message over {} messages ×{ROUNDS} ({hits} hits)", questions.len());
    // The whole output guard a model draft passes: compliance, stance, and
    // the leak check against every bundled persona's prompt.
    let yaml = include_str!("../../../data/community.yaml");
    let personas = crate::community::Community::from_yaml(yaml).unwrap().personas;
    let prompts: Vec<String> = personas.iter().map(|p| leak::secret_part(&crate::prompt::system_part(p))).collect();
    let secrets: Vec<&str> = prompts.iter().map(String::as_str).collect();
    let mut pushes = 0usize;
    let start = std::time::Instant::now();
    for _ in 0..ROUNDS {
        for t in &clean {
            let t = std::hint::black_box(t);
            blocked += usize::from(!check_reply(t, true).is_allowed());
            pushes += stance::classify(t, Some("THYAO")).len();
            blocked += usize::from(leak::check(t, &secrets).is_some());
        }
    }
    let per = start.elapsed().as_secs_f64() * 1e6 / (ROUNDS * clean.len()) as f64;
    println!(
        "output guard (compliance + stance + leak vs {} prompts): {per:.2} µs/message ({pushes} pushes)",
        secrets.len()
    );
    let humans: Vec<&str> = items(HUMAN_QUESTIONS).into_iter().chain(items(INJECTION)).collect();
    let start = std::time::Instant::now();
    for _ in 0..ROUNDS {
        for h in &humans {
            hits += usize::from(injection::detect(std::hint::black_box(h)).is_some());
        }
    }
    let per = start.elapsed().as_secs_f64() * 1e6 / (ROUNDS * humans.len()) as f64;
    println!(
        "injection::detect: {per:.2} µs/message over {} messages ×{ROUNDS} ({hits} hits, {blocked} blocked)",
        humans.len()
    );
}
