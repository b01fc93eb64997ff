//! [`FakeMarket`]: a fake news and price server. Any path serves the
//! document a test put there (RSS, Atom, an exchange's ticker, TCMB's
//! rates, any JSON) with an ETag and a Last-Modified, and answers 304 to a
//! conditional GET that matches. Faults per path: an error status (with
//! `Retry-After`), a malformed body, an HTML page; the whole server can go
//! down (connections refused) and come back on the same port. Every request
//! is recorded with its conditional headers.
//!
//! - `formats`: the bodies of the public formats.

pub mod formats;

use actix_web::dev::ServerHandle;
use actix_web::http::header;
use actix_web::web::{self, Data};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Mutex, MutexGuard, PoisonError, mpsc};
use std::thread::JoinHandle;

/// What goes wrong on one path.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum MarketFault {
    #[default]
    None,
    /// This status, perhaps with `Retry-After` (seconds).
    Status { code: u16, retry_after_secs: Option<u64> },
    /// 200 with the first half of the document (a cut-off body).
    Truncated,
    /// 200 with an HTML error page (a proxy, a maintenance page).
    Html,
}

/// A request the fake saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub path: String,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<String>,
    /// The status it got.
    pub status: u16,
}

#[derive(Debug, Clone)]
struct Doc {
    body: String,
    content_type: &'static str,
    etag: String,
    last_modified: String,
}

#[derive(Debug, Default)]
struct State {
    docs: BTreeMap<String, Doc>,
    faults: BTreeMap<String, MarketFault>,
    hits: Vec<Hit>,
    version: u64,
}

#[derive(Debug, Default)]
struct Shared(Mutex<State>);

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A fake feed and price server on `127.0.0.1`; dropping it stops it.
pub struct FakeMarket {
    shared: Data<Shared>,
    addr: SocketAddr,
    running: Option<(ServerHandle, JoinHandle<()>)>,
}

impl std::fmt::Debug for FakeMarket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeMarket").field("addr", &self.addr).finish_non_exhaustive()
    }
}

impl FakeMarket {
    /// Starts on a free port.
    pub fn start() -> FakeMarket {
        let shared = Data::new(Shared::default());
        let (addr, running) = serve(shared.clone(), "127.0.0.1:0".parse().unwrap_or_else(|_| unreachable!()));
        FakeMarket { shared, addr, running: Some(running) }
    }

    /// `http://127.0.0.1:PORT/PATH`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}/{}", self.addr, path.trim_start_matches('/'))
    }

    /// Serves `body` at `path`; a changed body gets a new ETag and Last-Modified.
    pub fn set(&self, path: &str, content_type: &'static str, body: &str) {
        let mut s = self.shared.lock();
        let key = normal(path);
        if s.docs.get(&key).is_some_and(|d| d.body == body) {
            return;
        }
        s.version += 1;
        let etag = format!("\"v{}-{:x}\"", s.version, fnv(body.as_bytes()));
        let last_modified = formats::rfc2822(1_796_000_000_000 + s.version as i64 * 60_000);
        s.docs.insert(key, Doc { body: body.to_owned(), content_type, etag, last_modified });
    }

    pub fn set_rss(&self, path: &str, stories: &[formats::Story]) {
        self.set(path, "application/rss+xml; charset=utf-8", &formats::rss("Fake", stories));
    }

    pub fn set_atom(&self, path: &str, stories: &[formats::Story]) {
        self.set(path, "application/atom+xml; charset=utf-8", &formats::atom("Fake", stories));
    }

    /// (pair, last price, change in percent).
    pub fn set_exchange(&self, path: &str, tickers: &[(&str, f64, f64)]) {
        self.set(path, "application/json", &formats::exchange_tickers(tickers));
    }

    pub fn set_tcmb(&self, path: &str, rates: &[formats::Rate]) {
        self.set(path, "application/xml; charset=utf-8", &formats::tcmb("04.12.2026", rates));
    }

    pub fn set_json(&self, path: &str, value: &serde_json::Value) {
        self.set(path, "application/json", &value.to_string());
    }

    /// The fault for later requests to `path`.
    pub fn set_fault(&self, path: &str, fault: MarketFault) {
        self.shared.lock().faults.insert(normal(path), fault);
    }

    /// Requests to `path` so far, in order.
    pub fn hits(&self, path: &str) -> Vec<Hit> {
        let key = normal(path);
        self.shared.lock().hits.iter().filter(|h| h.path == key).cloned().collect()
    }

    /// Stops listening: connections are refused until [`FakeMarket::come_back`].
    pub fn go_down(&mut self) {
        if let Some((server, thread)) = self.running.take() {
            drop(server.stop(false));
            let _ = thread.join();
        }
    }

    /// Listens again on the same port, with the same documents.
    pub fn come_back(&mut self) {
        if self.running.is_none() {
            let (_, running) = serve(self.shared.clone(), self.addr);
            self.running = Some(running);
        }
    }
}

impl Drop for FakeMarket {
    fn drop(&mut self) {
        self.go_down();
    }
}

fn normal(path: &str) -> String {
    format!("/{}", path.trim_start_matches('/'))
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

fn serve(shared: Data<Shared>, at: SocketAddr) -> (SocketAddr, (ServerHandle, JoinHandle<()>)) {
    let (tx, rx) = mpsc::channel();
    let thread = std::thread::Builder::new()
        .name("fake-market".to_owned())
        .spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let bound =
                    HttpServer::new(move || App::new().app_data(shared.clone()).default_service(web::to(answer)))
                        .workers(1)
                        .disable_signals()
                        .shutdown_timeout(0)
                        .bind(at);
                match bound {
                    Ok(b) => {
                        let addr = b.addrs()[0];
                        let running = b.run();
                        let _ = tx.send(Ok((addr, running.handle())));
                        let _ = running.await;
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e));
                    }
                }
            });
        })
        // expect: without a thread there is no fake; tests cannot go on.
        .expect("spawn the fake market thread");
    match rx.recv() {
        Ok(Ok((addr, handle))) => (addr, (handle, thread)),
        Ok(Err(e)) => panic!("fake market could not bind {at}: {e}"),
        Err(_) => panic!("fake market thread died before it was ready"),
    }
}

async fn answer(req: HttpRequest, shared: Data<Shared>) -> HttpResponse {
    let path = req.path().to_owned();
    let h = |name: header::HeaderName| req.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (if_none_match, if_modified_since) = (h(header::IF_NONE_MATCH), h(header::IF_MODIFIED_SINCE));
    let mut s = shared.lock();
    let fault = s.faults.get(&path).cloned().unwrap_or_default();
    let doc = s.docs.get(&path).cloned();
    let response = match (fault, doc) {
        (MarketFault::Status { code, retry_after_secs }, _) => {
            let mut r = HttpResponse::build(
                actix_web::http::StatusCode::from_u16(code)
                    .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR),
            );
            if let Some(secs) = retry_after_secs {
                r.insert_header((header::RETRY_AFTER, secs.to_string()));
            }
            r.body("injected fault")
        }
        (MarketFault::Html, _) => {
            HttpResponse::Ok().content_type("text/html").body("<html><body><h1>Bakım çalışması</h1></body></html>")
        }
        (_, None) => HttpResponse::NotFound().body("no such document"),
        (MarketFault::Truncated, Some(d)) => {
            let mut cut = d.body.len() / 2;
            while !d.body.is_char_boundary(cut) {
                cut -= 1;
            }
            // A validator of its own: a client that kept it would never see the whole document.
            HttpResponse::Ok()
                .content_type(d.content_type)
                .insert_header((header::ETAG, "\"broken\""))
                .body(d.body[..cut].to_owned())
        }
        (MarketFault::None, Some(d)) => {
            let fresh = if_none_match.as_deref() == Some(d.etag.as_str())
                || (if_none_match.is_none() && if_modified_since.as_deref() == Some(d.last_modified.as_str()));
            let mut r = if fresh { HttpResponse::NotModified() } else { HttpResponse::Ok() };
            r.insert_header((header::ETAG, d.etag.clone()))
                .insert_header((header::LAST_MODIFIED, d.last_modified.clone()));
            if fresh { r.finish() } else { r.content_type(d.content_type).body(d.body) }
        }
    };
    s.hits.push(Hit { path, if_none_match, if_modified_since, status: response.status().as_u16() });
    response
}
