//! Corpus tests for the advice-request detector: people's requests for
//! personal advice or a guarantee, and look-alikes that are not, under
//! `engine/testdata/guard/`. Each test prints its rates
//! (`cargo test -p engine advice -- --nocapture`). Sections marked
//! "held-out" were written after the rules and measured before any tuning.

use super::advice::is_advice_request;

const REQUESTS: &str = include_str!("../../testdata/guard/advice_requests.txt");
const NOT_ADVICE: &str = include_str!("../../testdata/guard/not_advice.txt");

/// The least share of requests detected, and the most look-alikes flagged.
const MIN_DETECTED_PCT: f64 = 95.0;
const MAX_FALSE_POSITIVE_PCT: f64 = 2.0;

/// Items of a corpus, each with whether it sits in a held-out section.
fn items(corpus: &str) -> Vec<(&str, bool)> {
    let mut held_out = false;
    let mut out = Vec::new();
    for line in corpus.lines().map(str::trim) {
        if let Some(header) = line.strip_prefix("# --- ") {
            held_out = header.contains("held-out");
        } else if !line.is_empty() && !line.starts_with('#') {
            out.push((line, held_out));
        }
    }
    out
}

fn percent(part: usize, all: usize) -> f64 {
    if all == 0 { 0.0 } else { 100.0 * part as f64 / all as f64 }
}

/// Prints the rate of `hit` over a corpus, all and held-out apart; the
/// items on the wrong side; returns (rate over all, the wrong ones).
fn measure<'a>(name: &str, all: &[(&'a str, bool)], hit: impl Fn(&str) -> bool, want: bool) -> (f64, Vec<&'a str>) {
    let wrong: Vec<(&str, bool)> = all.iter().copied().filter(|(t, _)| hit(t) != want).collect();
    let held = all.iter().filter(|(_, h)| *h).count();
    let held_wrong = wrong.iter().filter(|(_, h)| *h).count();
    let rate = |wrong: usize, n: usize| if want { percent(n - wrong, n) } else { percent(wrong, n) };
    let what = if want { "detected" } else { "false positives" };
    println!(
        "{name}: {} items, {what} {:.1}% (held-out: {held} items, {what} {:.1}%), wrong: {:?}",
        all.len(),
        rate(wrong.len(), all.len()),
        rate(held_wrong, held),
        wrong.iter().map(|(t, _)| *t).collect::<Vec<_>>()
    );
    (rate(wrong.len(), all.len()), wrong.into_iter().map(|(t, _)| t).collect())
}

#[test]
fn corpus_advice_requests_are_detected() {
    let all = items(REQUESTS);
    assert!(all.len() >= 80, "advice_requests.txt needs at least 80 items, has {}", all.len());
    let (rate, missed) = measure("advice requests", &all, |t| is_advice_request(t).is_some(), true);
    assert!(rate >= MIN_DETECTED_PCT, "detected {rate:.1}% < {MIN_DETECTED_PCT}%: {missed:#?}");
}

#[test]
fn corpus_advice_look_alikes_are_rarely_flagged() {
    let all = items(NOT_ADVICE);
    assert!(all.len() >= 200, "not_advice.txt needs at least 200 items, has {}", all.len());
    let (rate, flagged) = measure("not advice", &all, |t| is_advice_request(t).is_some(), false);
    assert!(rate <= MAX_FALSE_POSITIVE_PCT, "false positives {rate:.1}% > {MAX_FALSE_POSITIVE_PCT}%: {flagged:#?}");
}

/// People's messages written for the other guards, before these rules: the
/// few that are advice requests are listed in [`KNOWN_REQUESTS`].
#[test]
fn corpus_other_guards_human_messages_are_rarely_flagged() {
    let others = [
        include_str!("../../testdata/guard/human_questions.txt"),
        include_str!("../../testdata/guard/not_probes.txt"),
        include_str!("../../testdata/guard/bot_probes.txt"),
    ];
    let all: Vec<(&str, bool)> = others.iter().flat_map(|c| items(c)).map(|(t, _)| (t, true)).collect();
    let (rate, flagged) = measure(
        "other guards' human messages",
        &all,
        |t| is_advice_request(t).is_some() && !KNOWN_REQUESTS.contains(&t),
        false,
    );
    assert!(rate <= MAX_FALSE_POSITIVE_PCT, "false positives {rate:.1}% > {MAX_FALSE_POSITIVE_PCT}%: {flagged:#?}");
}

/// Lines of the other corpora that do ask for personal advice.
const KNOWN_REQUESTS: &[&str] =
    &["Airdrop token'ları satmalı mı yoksa tutmalı mı?", "Sen olsan şimdi ne yapardın, bekler miydin?"];
