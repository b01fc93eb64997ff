//! `piyasa eval`: measures a transcript ([`engine::eval`]), prints the
//! metric table, writes `--json` and `--html`, and fails with status 1 when
//! a limit does not hold (status 2 when the input cannot be read).
//!
//! - [`input`]: the transcript file or the room's messages; times.
//! - [`html`]: the self-contained HTML report.

pub mod html;
pub mod input;

use crate::Exit;
use crate::cli::EvalArgs;
use anyhow::Context as _;
use engine::eval::{self, Report, Row, Thresholds, thresholds::num};
use std::collections::BTreeMap;
use web::settings::Settings;

pub async fn run(settings: &Settings, args: EvalArgs) -> anyhow::Result<()> {
    let limits = thresholds(&args)?;
    let input = match (&args.transcript, &args.room, &args.since) {
        (Some(path), _, _) => input::read_transcript(path)?,
        (None, Some(room), Some(since)) => input::read_room(settings, room, since, args.until.as_deref()).await?,
        _ => return Err(Exit::input("give --transcript, or --room with --since")),
    };
    let report = eval::evaluate_with(&input.records, input.start, input.ledger.as_ref());
    let rows = eval::table(&report, &limits);
    let failures = eval::check(&report, &limits);
    print!("{}", render(&input.source, &report, &rows));
    if let Some(path) = &args.json {
        let doc = serde_json::json!({
            "source": input.source,
            "report": report,
            "thresholds": limits,
            "table": rows,
            "failures": failures,
        });
        std::fs::write(path, serde_json::to_string_pretty(&doc)? + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    if let Some(path) = &args.html {
        std::fs::write(path, html::page(&input.source, &report, &rows))
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    if failures.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = failures.iter().map(ToString::to_string).collect();
    Err(Exit::failed(format!("{} of the limits failed: {}", failures.len(), list.join("; "))))
}

/// The limits given on the command line; a bad `--max-defect` is bad input.
fn thresholds(a: &EvalArgs) -> anyhow::Result<Thresholds> {
    let mut max_defect = BTreeMap::new();
    for spec in &a.max_defect {
        let codes = eval::thresholds::defect_codes();
        let parsed = spec.split_once('=').and_then(|(c, r)| Some((c.trim(), r.trim().parse::<f64>().ok()?)));
        match parsed {
            Some((code, rate)) if codes.contains(&code) => max_defect.insert(code.to_string(), rate),
            _ => {
                let msg = format!("--max-defect {spec}: want CODE=RATE, CODE one of {}", codes.join(", "));
                return Err(Exit::input(msg));
            }
        };
    }
    Ok(Thresholds {
        max_defect_rate: a.max_defect_rate,
        max_defect,
        max_near_duplicate: a.max_near_duplicate,
        min_distinct_1: a.min_distinct_1,
        min_distinct_2: a.min_distinct_2,
        max_price_only: a.max_price_only,
        min_answered: a.min_answered,
        max_reply_median_s: a.max_reply_median_s,
        max_reply_p90_s: a.max_reply_p90_s,
        min_mention_routing: a.min_mention_routing,
        min_stance_consistency: a.min_stance_consistency,
        max_book_contradicted: a.max_book_contradicted,
        max_gini: a.max_gini,
        min_gap_cv: a.min_gap_cv,
        max_gap_cv: a.max_gap_cv,
    })
}

/// The text report: counts, the table, an example of each defect found.
fn render(source: &str, r: &Report, rows: &[Row]) -> String {
    let mut s = format!(
        "{source}: {} messages ({} by bots, {} by people) in {} rooms\n\n",
        r.messages, r.bot_messages, r.human_messages, r.rooms
    );
    s.push_str(&format!("{:<30} {:>10} {:>12}  ok\n", "metric", "value", "threshold"));
    for row in rows {
        let value = row.value.map_or_else(|| "-".into(), num);
        let limit = row.limit.map_or_else(String::new, |l| l.to_string());
        let ok = match row.ok {
            Some(true) => "ok",
            Some(false) => "FAIL",
            None => "",
        };
        s.push_str(&format!("{:<30} {value:>10} {limit:>12}  {ok}\n", row.metric));
    }
    if !r.defects.examples.is_empty() {
        s.push_str("\nexamples:\n");
        for (code, ex) in &r.defects.examples {
            if let Some(e) = ex.first() {
                s.push_str(&format!("  {code:<18} {} #{} {}: {}\n", e.room, e.seq, e.author, e.text));
            }
        }
    }
    s
}
