//! The bots' books at the end of a simulation: each bot's trades replayed
//! from its persona's opening, checked to add up (cash to the kuruş, every
//! position), marked to the simulator's last prices. Written as
//! `books.json` and `trades.jsonl`; the same seed gives the same bytes.

use anyhow::Context as _;
use engine::book::{Book, reconciles};
use engine::market::Quote;
use schema::Store;
use std::path::Path;

/// Every bot's books and whether they reconcile; the trades, in order.
pub async fn report(store: &Store, quotes: &[Quote]) -> anyhow::Result<(serde_json::Value, String)> {
    let (mut bots, mut lines, mut count, mut bad) = (Vec::new(), String::new(), 0, 0);
    for row in store.bots().await? {
        let persona = row.persona()?;
        let trades = store.trades_of(&row.id).await?;
        let book = Book::replay(&persona, trades.iter().cloned()).with_context(|| format!("bot {}", row.id))?;
        let check = reconciles(&persona, &trades, &book);
        bad += usize::from(check.is_err());
        count += trades.len();
        for t in &trades {
            lines.push_str(&serde_json::to_string(&serde_json::json!({"bot": row.id, "trade": t}))?);
            lines.push('\n');
        }
        let opening = Book::open(&persona).value(quotes);
        bots.push(serde_json::json!({
            "bot": row.id,
            "trades": trades.len(),
            "cash": round2(book.cash),
            "positions": book.positions(),
            "realised": round2(book.realised),
            "value": round2(book.value(quotes)),
            "value_if_held": round2(opening),
            "reconciles": check.err().unwrap_or_else(|| "ok".into()),
        }));
    }
    let doc = serde_json::json!({"trades": count, "bots_not_reconciling": bad, "bots": bots});
    Ok((doc, lines))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Writes `books.json` and `trades.jsonl` under `dir`.
pub fn write(dir: &Path, doc: &serde_json::Value, lines: &str) -> anyhow::Result<()> {
    let path = dir.join("books.json");
    std::fs::write(&path, serde_json::to_string_pretty(doc)? + "\n")
        .with_context(|| format!("cannot write {}", path.display()))?;
    let path = dir.join("trades.jsonl");
    std::fs::write(&path, lines).with_context(|| format!("cannot write {}", path.display()))
}
