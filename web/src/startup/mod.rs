//! Building the application: store, community, actors and the HTTP server.
//! Tests start exactly this on port 0.
//!
//! - `channels`: the Telegram channel, started with the rooms when enabled.

pub mod channels;

use crate::routes;
use crate::settings::Settings;
use actix_web::dev::Server;
use actix_web::{App, HttpServer, web};
use actors::clock::Clock;
use actors::{Community, CommunitySettings};
use anyhow::Context as _;
use schema::Store;
use std::net::TcpListener;

/// Shared state of the handlers.
pub struct AppState {
    pub community: Community,
    pub marker: String,
}

/// A running Piyasa: the server and what it serves.
pub struct Application {
    pub port: u16,
    pub host: String,
    server: Server,
    pub state: web::Data<AppState>,
    /// The Telegram channel, when `telegram.enabled`.
    pub telegram: Option<telegram::Channel>,
}

impl Application {
    /// Binds the port, connects and migrates the store, applies the
    /// community file, starts the actors and the server. Must run inside an
    /// actix system.
    pub async fn build(settings: &Settings) -> anyhow::Result<Application> {
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
        let community_settings = CommunitySettings {
            room,
            market: settings.market.clone(),
            marker: settings.ai_marker.clone(),
            gateway: settings.gateway_options(),
            budget: settings.llm.budget,
            privacy: settings.privacy.clone(),
            ..CommunitySettings::default()
        };
        let community = Community::start(store, &providers, community_settings, clock).await?;
        let tg = channels::start_channel(settings, &community, clock).await?;
        let state = web::Data::new(AppState { community, marker: settings.ai_marker.clone() });
        let port = listener.local_addr()?.port();
        let data = state.clone();
        let webhook = tg.clone();
        let server = HttpServer::new(move || {
            let app = App::new().app_data(data.clone()).configure(routes::configure);
            match webhook.clone() {
                Some(ch) => app.configure(telegram::webhook::configure(ch)),
                None => app,
            }
        })
        .listen(listener)?
        .disable_signals()
        .run();
        Ok(Application { port, host: settings.server.host.clone(), server, state, telegram: tg })
    }

    /// The room's URL.
    pub fn url(&self) -> String {
        format!("http://{}:{}/", self.host, self.port)
    }

    /// Serves until the server stops.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }

    /// A handle to stop the server.
    pub fn server_handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }
}
