//! The HTML report of `piyasa eval`: one self-contained page (inline CSS and
//! SVG, no script, nothing fetched) with the metric table, activity by
//! hour, the gap histogram, speaker shares, defect rates and examples.

use engine::eval::thresholds::num;
use engine::eval::{Report, Row};

/// Speakers drawn in the share plot.
const SPEAKERS: usize = 20;
const WIDTH: f64 = 640.0;

/// The whole page.
pub fn page(source: &str, r: &Report, rows: &[Row]) -> String {
    let mut body = format!(
        "<h1>piyasa eval</h1><p>{}: {} messages ({} by bots, {} by people) in {} rooms</p>",
        escape(source),
        r.messages,
        r.bot_messages,
        r.human_messages,
        r.rooms
    );
    body.push_str(&table(rows));
    let hours: Vec<(String, f64)> =
        r.stats.per_hour_of_day.iter().enumerate().map(|(h, &n)| (format!("{h:02}"), n as f64)).collect();
    body.push_str(&columns("Messages by hour of day", &hours));
    let gaps: Vec<(String, f64)> = r.gap_histogram.iter().map(|b| (b.label.clone(), b.count as f64)).collect();
    body.push_str(&columns("Gaps between messages", &gaps));
    let speakers: Vec<(String, f64)> =
        r.stats.speakers.iter().take(SPEAKERS).map(|s| (s.author.clone(), s.share * 100.0)).collect();
    body.push_str(&bars("Speaker share (%)", &speakers));
    let defects: Vec<(String, f64)> = r.defects.rates.iter().map(|(c, v)| (c.to_string(), v * 100.0)).collect();
    body.push_str(&bars("Defect rates (% of bot messages)", &defects));
    body.push_str(&examples(r));
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>piyasa eval</title><style>{CSS}</style>\
         </head><body>{body}</body></html>\n"
    )
}

const CSS: &str = "body{font:14px system-ui,sans-serif;margin:2em;max-width:760px;color:#222}\
    table{border-collapse:collapse}td,th{padding:2px 10px;border-bottom:1px solid #ddd;text-align:left}\
    td.n{text-align:right;font-variant-numeric:tabular-nums}.fail{color:#b00;font-weight:bold}.ok{color:#070}\
    svg{display:block;margin:0.5em 0 1.5em}svg text{font-size:11px;fill:#333}rect{fill:#4a7bb7}";

fn table(rows: &[Row]) -> String {
    let mut s = String::from("<table><tr><th>metric</th><th>value</th><th>threshold</th><th>ok</th></tr>");
    for row in rows {
        let (class, ok) = match row.ok {
            Some(true) => ("ok", "ok"),
            Some(false) => ("fail", "FAIL"),
            None => ("", ""),
        };
        let value = row.value.map_or_else(|| "-".into(), num);
        let limit = row.limit.map_or_else(String::new, |l| escape(&l.to_string()));
        s.push_str(&format!(
            "<tr><td>{}</td><td class=\"n\">{value}</td><td class=\"n\">{limit}</td><td class=\"{class}\">{ok}</td></tr>",
            escape(&row.metric)
        ));
    }
    s + "</table>"
}

/// A vertical bar chart.
fn columns(title: &str, data: &[(String, f64)]) -> String {
    let (h, top, bottom) = (160.0, 14.0, 18.0);
    let max = data.iter().map(|d| d.1).fold(0.0, f64::max).max(1.0);
    let step = WIDTH / data.len().max(1) as f64;
    let mut s = format!(
        "<h2>{}</h2><svg width=\"{WIDTH}\" height=\"{}\" viewBox=\"0 0 {WIDTH} {}\">",
        escape(title),
        h + top + bottom,
        h + top + bottom
    );
    for (i, (label, v)) in data.iter().enumerate() {
        let bh = v / max * h;
        let x = i as f64 * step;
        s.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\"><title>{}: {}</title></rect>",
            x + 1.0,
            top + h - bh,
            (step - 2.0).max(1.0),
            escape(label),
            num(*v)
        ));
        let mid = x + step / 2.0;
        s.push_str(&format!(
            "<text x=\"{mid:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            top + h + 13.0,
            escape(label)
        ));
        if *v > 0.0 {
            s.push_str(&format!(
                "<text x=\"{mid:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                top + h - bh - 2.0,
                num(*v)
            ));
        }
    }
    s + "</svg>"
}

/// A horizontal bar chart, one row per item (percentages: one decimal).
fn bars(title: &str, data: &[(String, f64)]) -> String {
    let (row, label_w) = (16.0, 200.0);
    let max = data.iter().map(|d| d.1).fold(0.0, f64::max).max(1e-9);
    let h = row * data.len() as f64;
    let mut s = format!("<h2>{}</h2><svg width=\"{WIDTH}\" height=\"{h}\" viewBox=\"0 0 {WIDTH} {h}\">", escape(title));
    for (i, (label, v)) in data.iter().enumerate() {
        let y = i as f64 * row;
        let w = v / max * (WIDTH - label_w - 60.0);
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{:.1}\" \
             width=\"{w:.1}\" height=\"{:.1}\"></rect><text x=\"{:.1}\" y=\"{:.1}\">{v:.1}</text>",
            label_w - 6.0,
            y + 12.0,
            escape(label),
            y + 2.0,
            row - 4.0,
            label_w + w + 4.0,
            y + 12.0,
        ));
    }
    s + "</svg>"
}

fn examples(r: &Report) -> String {
    if r.defects.examples.is_empty() {
        return String::new();
    }
    let mut s = String::from("<h2>Examples</h2><table><tr><th>defect</th><th>where</th><th>message</th></tr>");
    for (code, list) in &r.defects.examples {
        for e in list {
            s.push_str(&format!(
                "<tr><td>{code}</td><td>{} #{} {}</td><td>{}</td></tr>",
                escape(&e.room),
                e.seq,
                escape(&e.author),
                escape(&e.text)
            ));
        }
    }
    s + "</table>"
}

/// Text made safe for HTML.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::eval::{Thresholds, evaluate, table};
    use engine::ids::Millis;
    use engine::stats::Record;

    #[test]
    fn the_page_is_self_contained_and_escapes_text() {
        let rec = |seq, author: &str, kind: &str, text: &str| Record {
            room: "a".into(),
            seq,
            t_ms: seq as i64 * 30_000,
            author: author.into(),
            kind: kind.into(),
            reply_to_seq: None,
            text: text.into(),
        };
        let records = vec![
            rec(1, "web:Deniz", "human", "<script>alert(1)</script> THYAO?"),
            rec(2, "okan_1", "bot", "Okan: <b>bence</b> bekleyelim."),
        ];
        let r = evaluate(&records, Millis(0));
        let html = page("t.jsonl", &r, &table(&r, &Thresholds::default()));
        assert!(html.starts_with("<!doctype html>") && html.contains("<svg"));
        assert!(!html.contains("<script") && !html.contains("<b>") && html.contains("&lt;b&gt;"));
        assert!(!html.contains("http://") && !html.contains("https://"), "nothing fetched");
    }
}
