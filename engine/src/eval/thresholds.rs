//! The metric table of a [`Report`] and its limits. Every limit is optional
//! and each is a maximum or a minimum; a metric without a value (no people,
//! no mentions, no pushes) passes, shown as "-". Rates are shares in 0..=1,
//! latencies seconds.

use super::Report;
use crate::quality::Defect;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Limits on a report (`piyasa eval --max-… / --min-…`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Share of bot messages with any defect.
    pub max_defect_rate: Option<f64>,
    /// Per defect code ("echo", "label", …): share of bot messages.
    pub max_defect: BTreeMap<String, f64>,
    pub max_near_duplicate: Option<f64>,
    pub min_distinct_1: Option<f64>,
    pub min_distinct_2: Option<f64>,
    pub max_price_only: Option<f64>,
    pub min_answered: Option<f64>,
    pub max_reply_median_s: Option<f64>,
    pub max_reply_p90_s: Option<f64>,
    pub min_mention_routing: Option<f64>,
    pub min_stance_consistency: Option<f64>,
    /// Share of bots' claims about their own books that the books contradict.
    #[serde(default)]
    pub max_book_contradicted: Option<f64>,
    pub max_gini: Option<f64>,
    pub min_gap_cv: Option<f64>,
    pub max_gap_cv: Option<f64>,
}

/// A limit: the value must stay at most (`Max`) or at least (`Min`) this.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "limit")]
pub enum Limit {
    Max(f64),
    Min(f64),
}

impl Limit {
    fn holds(self, v: f64) -> bool {
        match self {
            Limit::Max(m) => v <= m,
            Limit::Min(m) => v >= m,
        }
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Limit::Max(m) => write!(f, "<= {}", num(*m)),
            Limit::Min(m) => write!(f, ">= {}", num(*m)),
        }
    }
}

/// One line of the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub metric: String,
    pub value: Option<f64>,
    pub limit: Option<Limit>,
    /// Whether the limit holds; none without a limit or a value.
    pub ok: Option<bool>,
}

/// A limit that does not hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    pub metric: String,
    pub value: f64,
    pub limit: Limit,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} = {} (want {})", self.metric, num(self.value), self.limit)
    }
}

/// A number for the table: up to four decimals, trailing zeros dropped.
pub fn num(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// Every metric of the report, with its limit and whether it holds.
pub fn table(r: &Report, t: &Thresholds) -> Vec<Row> {
    let secs = |ms: Option<i64>| ms.map(|v| v as f64 / 1000.0);
    let max = |l: Option<f64>| l.map(Limit::Max);
    let min = |l: Option<f64>| l.map(Limit::Min);
    let mut rows: Vec<(String, Option<f64>, Option<Limit>)> =
        vec![("defect_rate".into(), Some(r.defects.flagged_rate), max(t.max_defect_rate))];
    for d in Defect::ALL {
        let limit = t.max_defect.get(d.code()).copied().map(Limit::Max);
        // A transcript keeps no feed: numbers and moves are not checked ("-").
        let rate = (!d.needs_feed()).then(|| r.defects.rate_of(d));
        rows.push((format!("defect.{}", d.code()), rate, limit));
    }
    rows.extend([
        ("near_duplicate".into(), Some(r.near_duplicate_rate), max(t.max_near_duplicate)),
        ("distinct_1".into(), Some(r.distinct_1), min(t.min_distinct_1)),
        ("distinct_2".into(), Some(r.distinct_2), min(t.min_distinct_2)),
        ("price_only".into(), Some(r.price_only_share), max(t.max_price_only)),
        ("answered".into(), r.replies.answered_share, min(t.min_answered)),
        ("first_reply_median_s".into(), secs(r.replies.median_first_reply_ms), max(t.max_reply_median_s)),
        ("first_reply_p90_s".into(), secs(r.replies.p90_first_reply_ms), max(t.max_reply_p90_s)),
        ("mention_routing".into(), r.mentions.accuracy, min(t.min_mention_routing)),
        ("stance_consistency".into(), r.stance.consistency, min(t.min_stance_consistency)),
        (
            "book_claims_contradicted".into(),
            r.books.as_ref().and_then(|b| b.contradicted_share),
            max(t.max_book_contradicted),
        ),
        ("bot_gini".into(), Some(r.bot_gini), max(t.max_gini)),
    ]);
    rows.push(("gap_cv".into(), r.gap_cv, min(t.min_gap_cv)));
    if let Some(m) = t.max_gap_cv {
        rows.push(("gap_cv".into(), r.gap_cv, Some(Limit::Max(m))));
    }
    rows.into_iter()
        .map(|(metric, value, limit)| {
            let ok = limit.zip(value).map(|(l, v)| l.holds(v));
            Row { metric, value, limit, ok }
        })
        .collect()
}

/// The limits that do not hold, in table order.
pub fn check(r: &Report, t: &Thresholds) -> Vec<Failure> {
    table(r, t)
        .into_iter()
        .filter(|row| row.ok == Some(false))
        .filter_map(|row| Some(Failure { metric: row.metric, value: row.value?, limit: row.limit? }))
        .collect()
}

/// Defect codes a `max_defect` entry may name.
pub fn defect_codes() -> Vec<&'static str> {
    Defect::ALL.iter().map(|d| d.code()).collect()
}

#[cfg(test)]
mod tests {
    use super::super::evaluate;
    use super::super::tests::rec;
    use super::*;
    use crate::ids::Millis;

    fn report() -> Report {
        let records = vec![
            rec("a", 1, 0, "web:Deniz", None, "bugün THY hakkında ne düşünüyorsunuz?"),
            rec("a", 2, 20, "okan_1", Some(1), "Bugün THY için ne düşünüyoruz acaba?"),
            rec("a", 3, 40, "ece_2", None, "Hacim düşük, acele etmeye gerek yok."),
            rec("a", 4, 60, "kerem_3", None, "Hacim düşük, acele etmeye gerek yok."),
            rec("a", 5, 80, "okan_1", None, "Kısa vadede dalgalı olur bence."),
        ];
        evaluate(&records, Millis(0))
    }

    #[test]
    fn limits_that_hold_pass_and_the_others_are_named() {
        let r = report();
        let pass = Thresholds { max_defect_rate: Some(0.5), min_answered: Some(1.0), ..Thresholds::default() };
        assert!(check(&r, &pass).is_empty());
        let strict = Thresholds {
            max_defect_rate: Some(0.1),
            max_defect: BTreeMap::from([("echo".to_string(), 0.2)]),
            max_near_duplicate: Some(0.1),
            max_reply_median_s: Some(30.0),
            min_mention_routing: Some(0.9),
            ..Thresholds::default()
        };
        let failed: Vec<String> = check(&r, &strict).iter().map(|f| f.metric.clone()).collect();
        assert_eq!(failed, ["defect_rate", "defect.echo", "near_duplicate"], "no mentions: routing passes");
        assert_eq!(check(&r, &strict)[0].to_string(), "defect_rate = 0.5 (want <= 0.1)");
    }

    #[test]
    fn the_table_shows_every_metric_once_and_numbers_tidily() {
        let rows = table(&report(), &Thresholds::default());
        assert_eq!(rows.len(), 1 + Defect::ALL.len() + 12);
        assert!(rows.iter().all(|r| r.ok.is_none()));
        assert_eq!((num(0.25), num(1.0), num(0.123456)), ("0.25".into(), "1".into(), "0.1235".into()));
    }
}
