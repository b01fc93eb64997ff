//! `piyasa probe`: scripted people post into a running room over the public
//! HTTP API and the bots' answers are judged by [`engine::quality`]'s rules.
//! Prints a verdict per scenario and the defect rate of every bot message
//! posted meanwhile; status 1 when a scenario fails, 2 when the input is bad
//! or the server or room cannot be reached.
//!
//! - [`client`]: the history and posts, a cookie jar per person.
//! - [`names`]: the bots as the history shows them, names that pass for them.
//! - [`scenarios`]: the questions and the judgments (plain functions).
//! - [`play`]: posting, watching the history, judging.

pub mod client;
pub mod names;
pub mod play;
pub mod scenarios;

use crate::Exit;
use crate::cli::ProbeArgs;
use anyhow::Context as _;
use scenarios::{Summary, Verdict};
use std::time::Duration;

pub async fn run(args: ProbeArgs) -> anyhow::Result<()> {
    let wait = parse_wait(&args.wait)?;
    let room = client::Room::open(&args.url, &args.room).await?;
    let mut probe = play::Probe::new(room, wait);
    let (bots, start) = probe.bots().await?;
    let names: Vec<String> = bots.iter().map(|b| format!("@{}", b.username)).collect();
    println!(
        "probing {} at {}: bots seen {}; waiting up to {} s per post",
        args.room,
        args.url,
        names.join(", "),
        wait.as_secs()
    );
    let (first, second) = (&bots[0], &bots[1 % bots.len()]);
    let mut verdicts = Vec::new();
    verdicts.push(show(probe.mention(first).await?));
    verdicts.push(show(probe.are_you_a_bot(second).await?));
    verdicts.push(show(probe.bot_name(first).await?));
    verdicts.push(show(probe.advice().await?));
    verdicts.push(show(probe.injection().await?));
    verdicts.push(show(probe.why_moved().await?));
    verdicts.push(show(probe.scared().await?));
    let history = probe.room.history_of(500).await?;
    let summary = scenarios::summary(&history, start);
    println!("{}", summary_line(&summary));
    if let Some(path) = &args.json {
        let doc = serde_json::json!({"url": args.url, "room": args.room, "bots": bots, "scenarios": verdicts, "summary": summary});
        std::fs::write(path, serde_json::to_string_pretty(&doc)? + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    let failed: Vec<&str> = verdicts.iter().filter(|v| !v.passed).map(|v| v.name).collect();
    match failed.len() {
        0 => Ok(()),
        n => Err(Exit::failed(format!("{n} of {} scenarios failed: {}", verdicts.len(), failed.join(", ")))),
    }
}

/// Prints a verdict as it comes (a probe takes minutes).
fn show(v: Verdict) -> Verdict {
    println!("{} {:<14} {}", if v.passed { "PASS" } else { "FAIL" }, v.name, v.detail);
    if let Some(reply) = &v.reply {
        println!("     ↳ {reply}");
    }
    v
}

fn summary_line(s: &Summary) -> String {
    let codes: Vec<String> = s.by_code.iter().map(|(c, n)| format!("{c} {n}")).collect();
    let codes = if codes.is_empty() { String::new() } else { format!(" ({})", codes.join(", ")) };
    format!(
        "bot messages during the probe: {}, with a defect: {} (rate {:.2}){codes}",
        s.bot_messages, s.with_defect, s.defect_rate
    )
}

/// "90s", "2m", "1m30s" or plain seconds; bad input is status 2.
fn parse_wait(text: &str) -> anyhow::Result<Duration> {
    let bad = || Exit::input(format!("--wait {text}: want a time like 90s, 2m or 1m30s"));
    let (mut secs, mut num) = (0u64, String::new());
    for c in text.trim().chars() {
        match c {
            '0'..='9' => num.push(c),
            'h' | 'm' | 's' if !num.is_empty() => {
                let n: u64 = num.parse().map_err(|_| bad())?;
                secs += n * match c {
                    'h' => 3600,
                    'm' => 60,
                    _ => 1,
                };
                num.clear();
            }
            _ => return Err(bad()),
        }
    }
    if !num.is_empty() {
        secs += num.parse::<u64>().map_err(|_| bad())?;
    }
    if secs == 0 {
        return Err(bad());
    }
    Ok(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_is_read_in_seconds_minutes_or_both() {
        assert_eq!(parse_wait("90s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_wait("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_wait("1m30s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_wait("45").unwrap(), Duration::from_secs(45));
    }

    #[test]
    fn a_bad_wait_is_bad_input() {
        for bad in ["", "0s", "soon", "5x", "m"] {
            assert_eq!(Exit::code_of(&parse_wait(bad).unwrap_err()), 2, "{bad}");
        }
    }
}
