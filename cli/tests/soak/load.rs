//! What happens around the process during the soak: the rooms an operator
//! opens, people posting and watching, and the faults on their schedule.

use crate::stack::{ROOM, Stack};
use fakes::{Fault, TgFault};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub const OPERATOR: &str = "soak";
pub const PASSWORD: &str = "soak-operator-password-7f3a";

/// The web rooms the operator opens, each with five of the community's bots.
const WEB_ROOMS: [(&str, [&str; 5]); 3] = [
    ("borsa-gundem", ["mehmet_bist", "teknik_burak", "temettu_zeynep", "elif_ogrenci", "selim_karsi"]),
    ("doviz-altin", ["ayse_makro", "altinci_huseyin", "doviz_kerem", "nuri_amca", "yeni_deniz"]),
    ("kripto-enerji", ["kripto_emre", "can_scalp", "enerji_gokhan", "tahvilci_levent", "ihracatci_sermin"]),
];

/// What people say (a counter keeps every text its own).
const SAYINGS: [&str; 12] = [
    "bugün bankalar neden düştü?",
    "altın daha yükselir mi sizce",
    "dolar bu hafta ne yapar",
    "thy bilançosu nasıl geldi, okuyan var mı",
    "endeks 10 bini görür mü",
    "ilk defa hisse alacağım, nereden başlamalı",
    "faiz kararı ne zaman açıklanıyor",
    "bu düşüş beni korkuttu açıkçası",
    "bitcoin'de son durum ne",
    "temettü hisseleri hâlâ mantıklı mı",
    "sen bot musun?",
    "bugün piyasa çok sakin",
];

/// Logs the operator in and opens the web rooms; every room's slug.
pub async fn open_rooms(s: &Stack) -> Vec<String> {
    let (op, csrf) = s.operator(OPERATOR, PASSWORD).await;
    let mut rooms = vec![ROOM.to_string()];
    for (slug, bots) in WEB_ROOMS {
        let body = json!({"slug": slug, "name": slug.replace('-', " "), "topic": "soak"});
        let r = op.post(s.url("/api/rooms")).header("X-CSRF-Token", &csrf).json(&body).send().await.unwrap();
        assert!(r.status().is_success(), "create {slug}: {}", r.text().await.unwrap());
        for bot in bots {
            let r = op
                .post(s.url(&format!("/api/rooms/{slug}/members")))
                .header("X-CSRF-Token", &csrf)
                .json(&json!({"bot": bot}))
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success(), "{bot} joins {slug}: {}", r.text().await.unwrap());
        }
        rooms.push(slug.to_string());
    }
    rooms
}

fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).timeout(Duration::from_secs(10)).build().unwrap()
}

/// A small deterministic generator (the schedule, not the process, is under test).
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    fn gap(&mut self, from_ms: u64, to_ms: u64) -> Duration {
        Duration::from_millis(from_ms + self.below(to_ms - from_ms))
    }
}

struct Person {
    browser: reqwest::Client,
    name: String,
    room: String,
}

/// People in the web rooms (two per room, each in their own browser) and
/// in the Telegram group, and a live stream open on every room.
pub struct Load {
    people: Vec<Person>,
    dice: Dice,
    said: u64,
    next_web: Instant,
    next_group: Instant,
    pub streamed_bytes: Arc<AtomicU64>,
}

impl Load {
    pub async fn new(s: &Stack, rooms: Vec<String>) -> Load {
        const NAMES: [&str; 8] = ["Defne", "Kaan", "Selin", "Emir", "Zehra", "Onur", "Ece", "Barış"];
        let streamed_bytes = Arc::new(AtomicU64::new(0));
        let mut people = Vec::new();
        for (i, room) in rooms.iter().enumerate() {
            for name in &NAMES[2 * i..2 * i + 2] {
                people.push(Person { browser: browser(), name: name.to_string(), room: room.clone() });
            }
            let url = s.url(&format!("/api/rooms/{room}/stream"));
            tokio::spawn(watch(url, streamed_bytes.clone()));
        }
        let now = Instant::now();
        Load { people, dice: Dice(0x5eed_50a4), said: 0, next_web: now, next_group: now, streamed_bytes }
    }

    fn saying(&mut self, mention: Option<&str>) -> String {
        self.said += 1;
        let text = SAYINGS[self.dice.below(SAYINGS.len() as u64) as usize];
        match mention {
            Some(bot) => format!("@{bot} {text} ({})", self.said),
            None => format!("{text} ({})", self.said),
        }
    }

    /// Whatever is due now: a web post (every 4–10 s), a group message (every 8–15 s).
    pub async fn step(&mut self, s: &mut Stack) {
        let now = Instant::now();
        if now >= self.next_web {
            let who = self.dice.below(self.people.len() as u64) as usize;
            let mention = (self.dice.below(3) == 0).then(|| mention_in(&self.people[who].room, &mut self.dice));
            let text = self.saying(mention);
            let p = &self.people[who];
            let (browser, room, name) = (p.browser.clone(), p.room.clone(), p.name.clone());
            s.post_from(&browser, &room, &name, &text).await;
            self.next_web = now + self.dice.gap(4000, 10_000);
        }
        if now >= self.next_group {
            let user = 500 + self.dice.below(6) as i64;
            let text = self.saying(None);
            s.tg.human_says(s.chat, user, &format!("Grup Üyesi {user}"), &text, None);
            self.next_group = now + self.dice.gap(8000, 15_000);
        }
    }
}

fn mention_in(room: &str, dice: &mut Dice) -> &'static str {
    let bots = WEB_ROOMS.iter().find(|(slug, _)| *slug == room).map_or(&WEB_ROOMS[0].1, |(_, bots)| bots);
    bots[dice.below(bots.len() as u64) as usize]
}

/// A watcher's live stream, read to the end and opened again.
async fn watch(url: String, bytes: Arc<AtomicU64>) {
    let client = browser_without_timeout();
    loop {
        if let Ok(mut r) = client.get(&url).send().await {
            while let Ok(Some(chunk)) = r.chunk().await {
                bytes.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            }
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

fn browser_without_timeout() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).build().unwrap()
}

/// The faults of the matrix, one at a time, on a fixed schedule.
const KINDS: [&str; 8] = [
    "LLM 429 storm",
    "Telegram 429 storm",
    "LLM hangs",
    "Telegram 502s",
    "LLM 500s",
    "LLM garbage JSON",
    "Telegram hangs",
    "LLM truncated bodies",
];

/// The fault schedule: one every `period` (five minutes in an hour's soak),
/// each on for `on` (30 s).
pub struct Faults {
    period: Duration,
    on: Duration,
    /// (start, end) in minutes since the soak began, and what it was.
    pub windows: Vec<(f64, f64, &'static str)>,
    current: Option<usize>,
}

impl Faults {
    pub fn for_length(length: Duration) -> Faults {
        let period = (length / 12).clamp(Duration::from_secs(40), Duration::from_secs(300));
        Faults { period, on: (period / 3).min(Duration::from_secs(30)), windows: Vec::new(), current: None }
    }

    /// The fault in force now, if any.
    pub fn active(&self) -> Option<&'static str> {
        self.current.map(|k| KINDS[(k - 1) % KINDS.len()])
    }

    /// Switches faults on and off as the schedule says at `t`.
    pub fn step(&mut self, s: &Stack, t: Duration) {
        let k = (t.as_secs_f64() / self.period.as_secs_f64()) as usize;
        let into = t.saturating_sub(self.period * k as u32);
        // The first period is quiet: the warm-up.
        let due = (k > 0 && into < self.on).then_some(k);
        if due == self.current {
            return;
        }
        if self.current.is_some() {
            self.clear(s);
        }
        if let Some(k) = due {
            let kind = KINDS[(k - 1) % KINDS.len()];
            eprintln!("soak: {kind} on");
            apply(s, kind);
            let start = t.as_secs_f64() / 60.0;
            self.windows.push((start, start + self.on.as_secs_f64() / 60.0, kind));
            self.current = Some(k);
        }
    }

    /// Lifts the LLM fault (Telegram faults wear off as they are used).
    pub fn clear(&mut self, s: &Stack) {
        s.llm.set_fault(Fault::None);
        self.current = None;
    }
}

fn apply(s: &Stack, kind: &str) {
    let status = |code| Fault::Status { code, retry_after_secs: None };
    match kind {
        "LLM 429 storm" => s.llm.set_fault(Fault::Status { code: 429, retry_after_secs: Some(1) }),
        "LLM hangs" => s.llm.set_fault(Fault::Hang),
        "LLM 500s" => s.llm.set_fault(status(500)),
        "LLM garbage JSON" => s.llm.set_fault(Fault::MalformedJson),
        "LLM truncated bodies" => s.llm.set_fault(Fault::TruncatedStream),
        "Telegram 429 storm" => {
            (0..15).for_each(|_| s.tg.inject("sendMessage", TgFault::TooManyRequests { retry_after: 1 }))
        }
        "Telegram 502s" => (0..8).for_each(|_| s.tg.inject("sendMessage", TgFault::Status(502))),
        "Telegram hangs" => (0..2).for_each(|_| s.tg.inject("sendMessage", TgFault::Hang(Duration::from_secs(20)))),
        other => unreachable!("{other}"),
    }
}
