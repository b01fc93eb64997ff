//! Building the application: store, community, actors and the HTTP server.
//! Tests start exactly this on port 0.
//!
//! - `channels`: the Telegram channel, started with the rooms when enabled.
//!
//! Every response carries the security headers (`headers`); every route is
//! registered from the route table (`routes::configure`). With
//! `metrics.listen`, a second server answers `/metrics` there without
//! credentials (and the main port still asks for them).

pub mod channels;

use crate::auth::{Auth, password};
use crate::people::People;
use crate::routes;
use crate::settings::Settings;
use crate::throttle::Throttle;
use actix_web::dev::Server;
use actix_web::{App, HttpServer, web};
use actors::clock::Clock;
use actors::{Community, CommunitySettings};
use anyhow::Context as _;
use schema::Store;
use secrecy::ExposeSecret as _;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Shared state of the handlers.
pub struct AppState {
    /// The running community; operators change it through its
    /// `actors::control` methods.
    pub community: Community,
    pub marker: String,
    /// Operators: sessions, keys, logins.
    pub auth: Auth,
    /// The people's side: cookies, names, throttles, stream caps.
    pub people: Arc<People>,
    /// The clock of the server's own time rules (sessions, lockouts, throttles).
    pub clock: crate::clock::Clock,
    /// The Telegram channel, when `telegram.enabled`: accounts and chats
    /// change through its `add_bot`, `remove_bot`, `map_room`, `unmap_room`;
    /// the dashboard reads its 429 counts.
    pub telegram: Option<telegram::Channel>,
    /// The rooms' local time (`room.pacing.utc_offset_minutes`): the dashboard's hours and weekdays.
    pub utc_offset_minutes: i32,
    /// `llm.record` / `llm.replay`: the gateway writes every call to, or
    /// answers only from, this recording folder (set at start).
    pub llm_record: Option<String>,
    pub llm_replay: Option<String>,
    /// The configuration it started with, key by key with each value's origin (no secrets).
    pub config: Vec<crate::settings::Shown>,
    /// Set when the shutdown begins: `/readyz` answers 503 from then on.
    pub stopping: std::sync::atomic::AtomicBool,
}

/// A running Piyasa: the server and what it serves.
pub struct Application {
    pub port: u16,
    pub host: String,
    server: Server,
    pub state: web::Data<AppState>,
    /// The Telegram channel, when `telegram.enabled`.
    pub telegram: Option<telegram::Channel>,
    /// The `/metrics`-only server on `metrics.listen`, and its port.
    metrics: Option<(Server, u16)>,
}

impl Application {
    /// Binds the port, connects and migrates the store, applies the
    /// community file, starts the actors and the server. Must run inside an
    /// actix system.
    pub async fn build(settings: &Settings) -> anyhow::Result<Application> {
        Self::build_with_clock(settings, crate::clock::Clock::system()).await
    }

    /// [`Application::build`] with the server's time rules on `web_clock`
    /// (tests move a manual clock instead of sleeping).
    pub async fn build_with_clock(settings: &Settings, web_clock: crate::clock::Clock) -> anyhow::Result<Application> {
        // The port first: a taken port fails before anything starts.
        let listener = TcpListener::bind((settings.server.host.as_str(), settings.server.port)).with_context(|| {
            format!("server.port: cannot listen on {}:{}", settings.server.host, settings.server.port)
        })?;
        let store = Store::connect(&settings.database.url)
            .await
            .with_context(|| format!("database.url: {}", schema::store::redact(&settings.database.url)))?;
        let yaml = settings.community_yaml()?;
        let community_file = engine::community::Community::from_yaml(&yaml).context("community.file")?;
        let clock = Clock::system();
        Community::import(&store, &community_file, &settings.ai_marker, clock.now().0).await?;
        let providers = settings.providers()?;
        let mut room = settings.room.clone();
        room.guard = settings.compliance.clone();
        room.privacy_policy = settings.privacy.policy.clone();
        let embedded = providers.first().is_some_and(|p| p.kind == actors::llm::ProviderKind::Local);
        room.topic_answers_first = Some(room.topic_answers_first.unwrap_or(embedded));
        let community_settings = CommunitySettings {
            room,
            market: settings.market.clone(),
            news: settings.news.clone(),
            marker: settings.ai_marker.clone(),
            gateway: settings.gateway_options(),
            budget: settings.llm.budget,
            privacy: settings.privacy.clone(),
            secret_key: settings.telegram.token_key.clone(),
            redis: settings.redis.clone().map(|mut r| {
                // By default the other workers reach this one where it listens.
                let port = listener.local_addr().map_or(settings.server.port, |a| a.port());
                let host = match settings.server.host.as_str() {
                    "0.0.0.0" | "::" | "" => "127.0.0.1",
                    h => h,
                };
                r.advertise_url.get_or_insert_with(|| format!("http://{host}:{port}"));
                r
            }),
            ..CommunitySettings::default()
        };
        let community = Community::start(store, &providers, community_settings, clock).await?;
        let tg = channels::start_channel(settings, &community, clock).await?;
        let store = community.store.clone();
        let people = People::load(
            &store,
            &web_clock,
            settings.people.clone(),
            settings.server.secure_cookies,
            settings.server.trust_forwarded_for,
        )
        .await?;
        let dummy_hash = password::hash_blocking(crate::crypto::random_token(), settings.auth.clone()).await?;
        let auth = Auth {
            store,
            clock: web_clock.clone(),
            settings: settings.auth.clone(),
            secure_cookies: settings.server.secure_cookies,
            trust_forwarded_for: settings.server.trust_forwarded_for,
            login_throttle: Throttle::new(
                settings.auth.login_attempts_per_minute,
                settings.auth.login_attempts_per_minute,
            ),
            metrics_token: settings.metrics.token.as_ref().map(|t| t.expose_secret().to_string()),
            dummy_hash,
            totp_steps: Mutex::new(Default::default()),
        };
        let state = web::Data::new(AppState {
            community,
            marker: settings.ai_marker.clone(),
            auth,
            people: Arc::new(people),
            clock: web_clock,
            telegram: tg.clone(),
            utc_offset_minutes: settings.room.pacing.utc_offset_minutes,
            llm_record: settings.llm.record.as_ref().map(|p| p.display().to_string()),
            llm_replay: settings.llm.replay.as_ref().map(|p| p.display().to_string()),
            config: settings.shown(),
            stopping: Default::default(),
        });
        let port = listener.local_addr()?.port();
        let forward_key = match &settings.redis {
            Some(_) => Some(web::Data::new(crate::forward::ForwardKey(
                crate::people::shared_key(&state.community.store, &state.clock, "workers.forward_key").await?,
            ))),
            None => None,
        };
        let data = state.clone();
        let webhook = tg.clone();
        let (hsts, max_body) = (settings.server.hsts_max_age_secs, settings.server.max_body_bytes);
        let deadline =
            web::Data::new(crate::limits::RequestDeadline(Duration::from_millis(settings.server.request_timeout_ms)));
        let workers = std::thread::available_parallelism().map_or(1, usize::from);
        let open_files = crate::limits::raise_open_files();
        let per_worker = crate::limits::per_worker(settings.server.max_connections, open_files, workers);
        tracing::info!(open_files, workers, connections_per_worker = per_worker, "connection limits");
        let server = HttpServer::new(move || {
            // The webhook is registered before the table: the table ends with the 404 fallback.
            let app = App::new()
                .wrap(actix_web::middleware::from_fn(crate::forward::forward))
                .wrap(actix_web::middleware::from_fn(crate::limits::deadline))
                .wrap(actix_web::middleware::from_fn(crate::http_metrics::observe))
                .wrap(crate::headers::security_headers(hsts))
                .wrap(actix_web::middleware::from_fn(crate::http_trace::request_id_header))
                .wrap(crate::http_trace::logger())
                .app_data(data.clone())
                .app_data(deadline.clone());
            let app = match forward_key.clone() {
                Some(key) => app.app_data(key),
                None => app,
            };
            let app = match webhook.clone() {
                Some(ch) => app.configure(telegram::webhook::configure(ch)),
                None => app,
            };
            app.configure(|cfg| routes::configure(cfg, max_body))
        })
        .workers(workers)
        .max_connections(per_worker)
        .listen(listener)?
        .disable_signals()
        // A graceful stop ends well inside Kubernetes' default 30 s grace period.
        .shutdown_timeout(20)
        .run();
        let metrics = match &settings.metrics.listen {
            Some(addr) => Some(metrics_server(addr, state.clone(), hsts)?),
            None => None,
        };
        Ok(Application { port, host: settings.server.host.clone(), server, state, telegram: tg, metrics })
    }

    /// The port of the `/metrics`-only server, when `metrics.listen` is set.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(_, p)| *p)
    }

    /// The room's URL.
    pub fn url(&self) -> String {
        format!("http://{}:{}/", self.host, self.port)
    }

    /// Serves until the server stops.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        match self.metrics {
            Some((metrics, _)) => {
                // The metrics server follows the main one down.
                let handle = metrics.handle();
                let running = actix_web::rt::spawn(metrics);
                let done = self.server.await;
                handle.stop(true).await;
                let _ = running.await;
                done
            }
            None => self.server.await,
        }
    }

    /// A handle to stop the server (the metrics server stops with it).
    pub fn server_handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// What stops this application gracefully (on SIGTERM or Ctrl-C).
    pub fn stopper(&self) -> Stopper {
        Stopper { state: self.state.clone(), server: self.server.handle() }
    }
}

/// A graceful shutdown, in order: `/readyz` says 503; Telegram pollers and
/// bridges stop (unconfirmed updates come again to the next process; a
/// worker gives its accounts' leases back) and the sends in flight get
/// their answers; the rooms stop (a turn in flight is dropped before
/// anything of it is stored, open streams end); then the server finishes
/// the requests in flight and stops. Queued Telegram sends stay in the
/// stored outbox for the next start (or the room's next worker).
#[derive(Clone)]
pub struct Stopper {
    state: web::Data<AppState>,
    server: actix_web::dev::ServerHandle,
}

impl Stopper {
    pub async fn stop(self) {
        self.state.stopping.store(true, std::sync::atomic::Ordering::SeqCst);
        if let Some(tg) = &self.state.telegram {
            tg.stop().await;
            // Inside Kubernetes' 30 s grace period, with the server's 20 s to
            // follow; before the rooms go, so a worker taking one over finds
            // the sends answered.
            tg.sender().finish_in_flight(Duration::from_secs(5)).await;
        }
        self.state.community.stop_rooms().await;
        self.server.stop(true).await;
    }
}

/// `/metrics` alone on its own address, for a scraper on a private network.
fn metrics_server(addr: &str, state: web::Data<AppState>, hsts: u64) -> anyhow::Result<(Server, u16)> {
    let listener = TcpListener::bind(addr).with_context(|| format!("metrics.listen: cannot listen on {addr}"))?;
    let port = listener.local_addr()?.port();
    let server = HttpServer::new(move || {
        App::new()
            .wrap(crate::headers::security_headers(hsts))
            .app_data(state.clone())
            .route("/metrics", web::get().to(routes::metrics::metrics))
            // The probes too: they answer here when the main port is full.
            .route("/livez", web::get().to(routes::health::livez))
            .route("/readyz", web::get().to(routes::health::readyz))
    })
    .workers(1)
    .listen(listener)?
    .disable_signals()
    .run();
    Ok((server, port))
}
