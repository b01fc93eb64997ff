//! The bodies public feed and price servers send: RSS 2.0, Atom, an
//! exchange's 24-hour ticker list (Binance format), the central bank's
//! daily rates (TCMB `today.xml`).

use serde_json::json;

/// A story in a fake feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    pub title: String,
    /// Epoch ms.
    pub published_ms: i64,
}

impl Story {
    pub fn new(title: &str, published_ms: i64) -> Story {
        Story { title: title.to_owned(), published_ms }
    }
}

/// A rate in TCMB's file.
#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    pub code: String,
    pub unit: u32,
    pub buying: f64,
    pub selling: f64,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// RFC 2822 date of epoch ms, as RSS writes it.
pub fn rfc2822(ms: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let (y, m, d, hh, mm, ss) = civil(ms);
    let weekday = DAYS[(ms.div_euclid(86_400_000)).rem_euclid(7) as usize];
    format!("{weekday}, {d:02} {} {y} {hh:02}:{mm:02}:{ss:02} GMT", MONTHS[(m - 1) as usize])
}

/// RFC 3339 of epoch ms, as Atom writes it.
pub fn rfc3339(ms: i64) -> String {
    let (y, m, d, hh, mm, ss) = civil(ms);
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z")
}

fn civil(ms: i64) -> (i64, i64, i64, i64, i64, i64) {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60)
}

/// An RSS 2.0 channel.
pub fn rss(title: &str, stories: &[Story]) -> String {
    let items: String = stories
        .iter()
        .map(|s| {
            format!(
                "<item><title>{}</title><link>https://example.invalid/{}</link><pubDate>{}</pubDate></item>",
                escape(&s.title),
                s.published_ms,
                rfc2822(s.published_ms)
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>{}</title>\
         <link>https://example.invalid/</link><description>fake</description>{items}</channel></rss>",
        escape(title)
    )
}

/// An Atom feed.
pub fn atom(title: &str, stories: &[Story]) -> String {
    let updated = stories.iter().map(|s| s.published_ms).max().unwrap_or(0);
    let entries: String = stories
        .iter()
        .map(|s| {
            format!(
                "<entry><title>{}</title><id>urn:fake:{}</id><updated>{}</updated></entry>",
                escape(&s.title),
                s.published_ms,
                rfc3339(s.published_ms)
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">\
         <title>{}</title><id>urn:fake</id><updated>{}</updated>{entries}</feed>",
        escape(title),
        rfc3339(updated)
    )
}

/// An exchange's 24-hour ticker list: (pair, last price, change in percent).
pub fn exchange_tickers(tickers: &[(&str, f64, f64)]) -> String {
    let list: Vec<_> = tickers
        .iter()
        .map(|(pair, price, change)| {
            json!({
                "symbol": pair,
                "priceChange": format!("{:.8}", price * change / 100.0),
                "priceChangePercent": format!("{change:.3}"),
                "lastPrice": format!("{price:.8}"),
                "volume": "1234.5",
                "openTime": 0,
                "closeTime": 0,
                "count": 1000
            })
        })
        .collect();
    serde_json::Value::Array(list).to_string()
}

/// TCMB's daily rates file.
pub fn tcmb(date: &str, rates: &[Rate]) -> String {
    let currencies: String = rates
        .iter()
        .map(|r| {
            format!(
                "<Currency CrossOrder=\"0\" Kod=\"{c}\" CurrencyCode=\"{c}\"><Unit>{}</Unit><Isim>{c}</Isim>\
                 <CurrencyName>{c}</CurrencyName><ForexBuying>{:.4}</ForexBuying><ForexSelling>{:.4}</ForexSelling>\
                 <BanknoteBuying></BanknoteBuying><BanknoteSelling></BanknoteSelling><CrossRateUSD/><CrossRateOther/>\
                 </Currency>",
                r.unit,
                r.buying,
                r.selling,
                c = r.code
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><?xml-stylesheet type=\"text/xsl\" href=\"isokur.xsl\"?>\
         <Tarih_Date Tarih=\"{date}\" Date=\"{date}\" Bulten_No=\"2026/1\">{currencies}</Tarih_Date>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_feeds_write_them() {
        assert_eq!(rfc2822(1_796_367_600_000), "Fri, 04 Dec 2026 07:00:00 GMT");
        assert_eq!(rfc3339(1_796_367_600_000), "2026-12-04T07:00:00Z");
    }
}
