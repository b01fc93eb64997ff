//! The poll loops: one per price adapter and per feed. Each polls its URL
//! politely (`http`), reads the answer whole (`prices`, `feeds`) and sends it
//! to the market; an answer it cannot read is a clear warning, stores
//! nothing and counts as a failure (back-off). The loop ends with the market.

use super::feeds::{self, FeedSettings};
use super::http::{FetchError, Fetched, Fetcher, Poller};
use super::prices::AdapterSettings;
use super::{FeedItems, LivePrices, MarketActor, MarketSettings, NewsSettings, SourceReport};
use actix::Addr;
use std::time::Duration;

/// Starts a loop for every adapter and feed (none: no HTTP runtime at all).
pub(super) fn spawn_all(market: &MarketSettings, news: &NewsSettings, addr: Addr<MarketActor>) {
    if market.adapters.is_empty() && news.feeds.is_empty() {
        return;
    }
    let fetcher = match Fetcher::new() {
        Ok(f) => f,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "the HTTP client for feeds and prices could not start; no live prices or news");
            return;
        }
    };
    for a in &market.adapters {
        let poller = Poller::new(&a.url, market.timing(a));
        actix::spawn(prices_loop(fetcher.clone(), poller, a.clone(), addr.clone()));
    }
    for f in &news.feeds {
        let poller = Poller::new(&f.url, news.timing(f));
        actix::spawn(feed_loop(fetcher.clone(), poller, f.clone(), addr.clone()));
    }
}

/// What one poll came to, for the report and the next wait.
enum Outcome<T> {
    New(T, Option<super::http::Validators>),
    Unchanged,
    Failed(String, Option<i64>),
}

async fn poll<T>(fetcher: &Fetcher, poller: &Poller, read: impl FnOnce(&[u8]) -> Result<T, String>) -> Outcome<T> {
    match poller.poll(fetcher).await {
        Ok(Fetched::NotModified) => Outcome::Unchanged,
        Ok(Fetched::Body { bytes, validators }) => match read(&bytes) {
            Ok(v) => Outcome::New(v, Some(validators)),
            Err(e) => Outcome::Failed(format!("answer not understood: {e}"), None),
        },
        Err(e @ FetchError::Status { retry_after_ms, .. }) => Outcome::Failed(e.to_string(), retry_after_ms),
        Err(e) => Outcome::Failed(e.to_string(), None),
    }
}

/// After a poll: the wait until the next one, logged and reported.
fn settle<T>(poller: &mut Poller, outcome: &Outcome<T>, name: &str, kind: &'static str) -> (u64, SourceReport) {
    let (wait, error) = match outcome {
        Outcome::New(_, v) => (poller.succeeded(v.clone()), None),
        Outcome::Unchanged => {
            tracing::debug!(source = %name, kind, "not modified (304)");
            (poller.succeeded(None), None)
        }
        Outcome::Failed(e, retry_after) => {
            let wait = poller.failed(*retry_after);
            let what = if kind == "prices" { "the old prices stay" } else { "nothing stored" };
            tracing::warn!(source = %name, kind, error = %e, failures = poller.failures(), retry_in_ms = wait, "{kind} source failed; {what}");
            (wait, Some(e.clone()))
        }
    };
    let report =
        SourceReport { name: name.to_string(), kind, at_ms: 0, error, failures: poller.failures(), next_poll_ms: wait };
    (wait, report)
}

async fn prices_loop(fetcher: Fetcher, mut poller: Poller, a: AdapterSettings, market: Addr<MarketActor>) {
    while market.connected() {
        let outcome = poll(&fetcher, &poller, |b| a.parse(b).map_err(|e| e.to_string())).await;
        let (wait, report) = settle(&mut poller, &outcome, &a.name, "prices");
        if let Outcome::New(prices, _) = outcome {
            market.do_send(LivePrices { source: a.name.clone(), prices });
        }
        market.do_send(report);
        tokio::time::sleep(Duration::from_millis(wait)).await;
    }
}

async fn feed_loop(fetcher: Fetcher, mut poller: Poller, f: FeedSettings, market: Addr<MarketActor>) {
    while market.connected() {
        let outcome = poll(&fetcher, &poller, |b| feeds::parse(b).map_err(|e| e.to_string())).await;
        let (wait, report) = settle(&mut poller, &outcome, &f.name, "news");
        if let Outcome::New(items, _) = outcome {
            market.do_send(FeedItems { feed: f.name.clone(), items });
        }
        market.do_send(report);
        tokio::time::sleep(Duration::from_millis(wait)).await;
    }
}
