//! A real headless Chromium driven over WebDriver (thirtyfour): the
//! distribution's `chromium` and `chromedriver` (installed by
//! `scripts/install-deps.sh`), chromedriver started by the test on a free
//! port, Chromium with a fresh profile and nothing that reaches the network.

use std::os::unix::process::CommandExt as _;
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use thirtyfour::prelude::*;
use tokio::time::Instant;

/// Where the screenshots go: `$PIYASA_SHOTS` when set (`make screenshots`
/// sets it to `docs/console/`, shown by docs/CONSOLE.md), else the test
/// target's scratch folder, so a test run leaves the checkout as it was.
pub fn shots_dir() -> std::path::PathBuf {
    match std::env::var_os("PIYASA_SHOTS") {
        Some(dir) => dir.into(),
        None => std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("console-shots"),
    }
}

/// Longest a page may take to show what a test waits for.
pub const WAIT: Duration = Duration::from_secs(20);

/// A browser and the chromedriver behind it; both end when it is dropped.
pub struct Browser {
    pub driver: WebDriver,
    chromedriver: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    /// Ends chromedriver and every Chromium process it started (they share
    /// its process group), also when a test fails half-way.
    fn drop(&mut self) {
        let group = format!("-{}", self.chromedriver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.chromedriver.wait();
    }
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    l.local_addr().expect("its address").port()
}

/// Starts chromedriver and a headless Chromium at 1280×800.
pub async fn start() -> Browser {
    let port = free_port();
    let chromedriver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("chromedriver runs (scripts/install-deps.sh installs chromium-driver)");
    let base = format!("http://127.0.0.1:{port}");
    wait_until_ready(&base).await;
    let profile = tempfile::tempdir().expect("a profile folder");
    let mut caps = DesiredCapabilities::chrome();
    if let Ok(bin) = which("chromium") {
        caps.set_binary(&bin).expect("the binary capability");
    }
    for arg in [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,800",
        "--lang=tr-TR",
    ] {
        caps.add_arg(arg).expect("an argument");
    }
    caps.add_arg(&format!("--user-data-dir={}", profile.path().display())).expect("the profile");
    let driver = WebDriver::new(base, caps).await.expect("a Chromium session");
    Browser { driver, chromedriver, _profile: profile }
}

fn which(name: &str) -> Result<String, ()> {
    let out = Command::new("sh").arg("-c").arg(format!("command -v {name}")).output().map_err(|_| ())?;
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if path.is_empty() { Err(()) } else { Ok(path) }
}

async fn wait_until_ready(base: &str) {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if let Ok(r) = client.get(format!("{base}/status")).send().await
            && let Ok(v) = r.json::<serde_json::Value>().await
            && v["value"]["ready"] == true
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not become ready on {base}");
}

impl Browser {
    /// The text of the first element matching `css`, once there is one.
    /// An element found just before a reload goes stale: it is looked up again.
    pub async fn text(&self, css: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.wait_for(css).await.text().await {
                Ok(t) => return t,
                Err(e) => assert!(Instant::now() < deadline, "{css}: {e}"),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The first element matching `css`, waiting up to [`WAIT`].
    pub async fn wait_for(&self, css: &str) -> WebElement {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(e) = self.driver.find(By::Css(css)).await {
                return e;
            }
            assert!(Instant::now() < deadline, "no {css} on {}", self.url().await);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Whether an element matching `css` is on the page now.
    pub async fn has(&self, css: &str) -> bool {
        !self.driver.find_all(By::Css(css)).await.expect("a search").is_empty()
    }

    /// Waits until the text of `css` satisfies `pred`; returns it.
    pub async fn wait_text(&self, css: &str, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let t = self.text(css).await;
            if pred(&t) {
                return t;
            }
            assert!(Instant::now() < deadline, "{css}: waited for {what}; it says {t:?}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    pub async fn url(&self) -> String {
        self.driver.current_url().await.map(|u| u.to_string()).unwrap_or_default()
    }

    pub async fn goto(&self, url: &str) {
        self.driver.goto(url).await.expect("the page opens");
    }

    /// Types into the field named `name` of the form matching `form`.
    pub async fn fill(&self, form: &str, name: &str, value: &str) {
        let input = self.wait_for(&format!("{form} [name=\"{name}\"]")).await;
        input.clear().await.expect("cleared");
        input.send_keys(value).await.expect("typed");
    }

    pub async fn click(&self, css: &str) {
        self.wait_for(css).await.click().await.expect("clicked");
    }

    /// Runs a script in the page; its return value as JSON.
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.driver.execute(script, Vec::new()).await.expect("the script runs").json().clone()
    }

    /// Saves the viewport as `NAME.png` in [`shots_dir`].
    pub async fn shot(&self, name: &str) {
        let dir = shots_dir();
        std::fs::create_dir_all(&dir).expect("the screenshot folder");
        // Let fonts, plots and the first poll settle.
        tokio::time::sleep(Duration::from_millis(400)).await;
        let path = dir.join(format!("{name}.png"));
        self.driver.screenshot(&path).await.expect("a screenshot");
    }

    pub async fn resize(&self, width: u32, height: u32) {
        self.driver.set_window_rect(0, 0, width, height).await.expect("resized");
    }

    pub async fn quit(self) {
        let b = self;
        let _ = b.driver.clone().quit().await;
    }
}
