//! API fuzz: at least 10,000 generated requests across every registered
//! route (malformed JSON, oversized bodies, wrong types, odd Unicode, odd
//! paths, wrong methods, every kind of caller). Every request gets an
//! answer, none is a 5xx, and the server is healthy at the end.
//! Deterministic: a fixed seed drives a small xorshift generator.

use crate::helpers::{ROOM, spawn_app_with_settings};
use futures::StreamExt;
use reqwest::Method;
use std::time::Duration;

const REQUESTS: usize = 10_000;
const CONCURRENCY: usize = 16;
const SEED: u64 = 0x5049_5941_5341;

/// One generated request: method, path, bearer, body, content type.
type Planned = (Method, String, Option<String>, Option<Vec<u8>>, String);

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

const FIELDS: &[&str] = &[
    "username",
    "password",
    "totp_code",
    "recovery_code",
    "role",
    "name",
    "author",
    "text",
    "reply_to",
    "disabled",
    "unlock",
    "code",
    "current_password",
    "new_password",
    "admin",
    "__proto__",
];

const ODD: &[&str] = &[
    "",
    " ",
    "\u{0}",
    "\u{202e}gnp.exe",
    "e\u{301}\u{301}\u{301}",
    "\u{200b}\u{200d}\u{feff}",
    "🤖 Bot",
    "👨‍👩‍👧‍👦",
    "ǅ",
    "İı",
    "\u{1f}\u{7f}",
    "\\ud800",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%00",
    "admin",
    "viewer",
    "operator",
    "web:Ayşe",
    "tg:123",
    "null",
    "９９９",
    "\n\r\t",
];

fn odd_string(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => rng.pick(ODD).to_string(),
        1 => rng.pick(ODD).repeat(1 + rng.below(300)),
        2 => "ş".repeat(rng.below(2000)),
        _ => (0..rng.below(40)).map(|_| char::from_u32((rng.next() % 0x2_FFFF) as u32).unwrap_or('?')).collect(),
    }
}

fn value(rng: &mut Rng, depth: usize) -> serde_json::Value {
    use serde_json::json;
    match rng.below(if depth > 2 { 6 } else { 8 }) {
        0 => json!(odd_string(rng)),
        1 => json!(rng.next() as i64),
        2 => json!(*rng.pick(&[0.5, -1.0, 1e300, -0.0])),
        3 => json!(rng.below(2) == 0),
        4 => serde_json::Value::Null,
        5 => json!(i64::MAX),
        6 => serde_json::Value::Array((0..rng.below(4)).map(|_| value(rng, depth + 1)).collect()),
        _ => object(rng, depth + 1),
    }
}

fn object(rng: &mut Rng, depth: usize) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    for _ in 0..rng.below(5) {
        let k = if rng.below(5) == 0 { odd_string(rng) } else { rng.pick(FIELDS).to_string() };
        m.insert(k, value(rng, depth));
    }
    serde_json::Value::Object(m)
}

fn body(rng: &mut Rng) -> Option<Vec<u8>> {
    Some(match rng.below(10) {
        0 => return None,
        1 => b"{".to_vec(),
        2 => rng.pick(&["null", "[]", "123", "\"x\"", "{}", "true"]).as_bytes().to_vec(),
        3 => format!("{{\"text\": \"{}\"}}", "a".repeat(20 * 1024)).into_bytes(),
        4 => "[".repeat(5000).into_bytes(),
        5 => vec![0xff, 0xfe, b'{', 0x80, b'}'],
        _ => serde_json::to_vec(&object(rng, 0)).unwrap(),
    })
}

fn path(rng: &mut Rng, pattern: &str) -> String {
    let mut p = pattern.to_string();
    for (slot, good) in [("{room}", ROOM), ("{file}", "room.js"), ("{id}", "987654")] {
        let v = match rng.below(4) {
            0 => good.to_string(),
            1 => rng
                .pick(&["-1", "0", "abc", "99999999999999999999999", "web:Kimse", "%F0%9F%A4%96", "a%00b", ".."])
                .to_string(),
            2 => "x".repeat(1 + rng.below(3000)),
            _ => "%C4%B0%E2%80%AE".to_string(),
        };
        p = p.replace(slot, &v);
    }
    match rng.below(6) {
        0 => format!(
            "{p}?limit={}&before=%ZZ&action={}",
            rng.pick(&["-5", "1", "abc", "501", "1e9"]),
            "ğ".repeat(rng.below(80))
        ),
        1 => format!("{p}?{}", "a=1&".repeat(rng.below(200))),
        _ => p,
    }
}

#[actix_web::test]
async fn ten_thousand_generated_requests_get_no_5xx_and_no_panic() {
    let app = spawn_app_with_settings(|s| {
        s.people.post_burst = 5;
        s.people.posts_per_minute = 60;
    })
    .await;
    let keys = [
        None,
        Some(app.admin_key.clone()),
        Some(app.make_key("fuzz viewer", "viewer").await),
        Some(app.make_key("fuzz operator", "operator").await),
        Some(format!("pk_{}", "0".repeat(64))),
    ];
    let routes = web::routes::table();
    let methods =
        [Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE, Method::HEAD, Method::OPTIONS];
    // No connection reuse: an answer sent before a refused body was read closes its connection.
    let client = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let mut rng = Rng(SEED);
    let mut plan: Vec<Planned> = Vec::with_capacity(REQUESTS);
    for i in 0..REQUESTS {
        let r = &routes[i % routes.len()];
        let own = Method::from_bytes(r.method.as_str().as_bytes()).unwrap();
        let method = if rng.below(5) == 0 { rng.pick(&methods).clone() } else { own };
        let kind: String = rng.pick(&["application/json", "application/json", "text/plain", ""]).to_string();
        plan.push((method, path(&mut rng, r.path), rng.pick(&keys).clone(), body(&mut rng), kind));
    }
    let outcomes: Vec<(String, Result<u16, String>)> = futures::stream::iter(plan)
        .map(|(method, path, key, body, kind)| {
            let client = client.clone();
            let url = app.url(&path);
            async move {
                let mut rb = client.request(method.clone(), &url).timeout(Duration::from_secs(20));
                if let Some(k) = key {
                    rb = rb.bearer_auth(k);
                }
                if !kind.is_empty() {
                    rb = rb.header("content-type", kind);
                }
                if let Some(b) = body {
                    rb = rb.body(b);
                }
                // A stream's headers are its answer; the body never ends.
                let got = rb.send().await.map(|r| r.status().as_u16()).map_err(|e| format!("{e:?}"));
                (format!("{method} {}", path.chars().take(120).collect::<String>()), got)
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    assert_eq!(outcomes.len(), REQUESTS);
    let mut by_status = std::collections::BTreeMap::new();
    for (what, got) in &outcomes {
        match got {
            Ok(s) => {
                assert!(*s < 500, "{what} got {s}");
                *by_status.entry(*s).or_insert(0) += 1;
            }
            Err(e) => panic!("{what} got no answer: {e}"),
        }
    }
    eprintln!("fuzz: {REQUESTS} requests over {} routes, statuses {by_status:?}", routes.len());
    assert!(by_status.keys().any(|s| *s < 300) && by_status.contains_key(&400), "{by_status:?}");
    assert_eq!(app.get("/health").await.status(), 200, "the server is healthy after the fuzz");
    assert_eq!(app.get_rooms().await.status(), 200);
    app.stop().await;
}
