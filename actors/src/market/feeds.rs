//! News feeds: RSS, Atom (and JSON Feed) through feed-rs, read into plain
//! items (title, time). A feed is understood whole or not at all.

use serde::{Deserialize, Serialize};

/// One news feed (config `[[news.feeds]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedSettings {
    /// Names the feed in logs, status and each headline's source (`feed:NAME`).
    pub name: String,
    pub url: String,
    /// Between polls; none means `news.interval_ms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_ms: Option<u64>,
}

/// A story as a feed lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    pub title: String,
    /// When the feed says it was published (or updated), epoch ms.
    pub published_ms: Option<i64>,
}

/// Why a feed was not understood.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("not a feed: {0}")]
pub struct FeedError(pub String);

/// The items of an RSS, Atom or JSON feed, newest first when dated.
pub fn parse(body: &[u8]) -> Result<Vec<FeedItem>, FeedError> {
    let feed = feed_rs::parser::parse(body).map_err(|e| FeedError(e.to_string()))?;
    let mut items: Vec<FeedItem> = feed
        .entries
        .into_iter()
        .filter_map(|e| {
            let title = strip_tags(&e.title?.content);
            let published_ms = e.published.or(e.updated).map(|t| t.timestamp_millis());
            (!title.trim().is_empty()).then_some(FeedItem { title, published_ms })
        })
        .collect();
    items.sort_by_key(|i| std::cmp::Reverse(i.published_ms));
    Ok(items)
}

/// Titles are text, but some feeds put markup in them.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl FeedSettings {
    /// Checks what types cannot; errors name the key (`news.feeds[i]`).
    pub fn validate(&self, key: &str) -> Result<(), String> {
        if self.name.trim().is_empty() || self.name.contains(char::is_whitespace) {
            return Err(format!("{key}.name: one word, not empty (it names the feed in logs and headlines)"));
        }
        if !(self.url.starts_with("http://") || self.url.starts_with("https://")) {
            return Err(format!("{key}.url: '{}' must start with http:// or https://", self.url));
        }
        if let Some(ms) = self.interval_ms.filter(|ms| *ms < 10_000) {
            return Err(format!("{key}.interval_ms: at least 10000 (polite polling), got {ms}"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_and_atom_titles_and_times_are_read_newest_first() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Ekonomi</title>
            <item><title>Dolar/TL güne yükselişle başladı</title><pubDate>Fri, 04 Dec 2026 06:00:00 GMT</pubDate></item>
            <item><title><![CDATA[THY <b>rekor</b> kırdı]]></title><pubDate>Fri, 04 Dec 2026 07:00:00 GMT</pubDate></item>
            <item><title></title></item>
            </channel></rss>"#;
        let items = parse(rss.as_bytes()).unwrap();
        assert_eq!(
            items.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(),
            ["THY rekor kırdı", "Dolar/TL güne yükselişle başladı"]
        );
        assert_eq!(items[0].published_ms, Some(1_796_367_600_000));
        let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
            <title>Markets</title><id>urn:x</id><updated>2026-12-04T08:00:00Z</updated>
            <entry><title>Gold hits a record</title><id>urn:1</id><updated>2026-12-04T08:00:00Z</updated></entry>
            </feed>"#;
        assert_eq!(parse(atom.as_bytes()).unwrap()[0].title, "Gold hits a record");
    }

    #[test]
    fn a_page_that_is_not_a_feed_is_refused() {
        assert!(parse(b"<html><body>503 bakim</body></html>").is_err());
        assert!(parse(b"{\"oops\": true}").is_err());
        assert!(parse(b"<rss><channel><item><title>kesik").is_err());
    }
}
