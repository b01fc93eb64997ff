//! The route table: every route the server registers, with its access and
//! what it is. `configure` registers this list and nothing else; the
//! OpenAPI document (`docs`) is built from it; the route-enumeration test
//! checks every entry against its own table of expected statuses.

use super::rooms::manage;
use super::{
    assets, audit, auth, bots, dashboard, docs, guard, health, keys, llm, market, metrics, personas, privacy,
    providers, rooms, settings, telegram, users,
};
use crate::auth::{Access, Role};
use crate::console;
use actix_web::http::Method;
use actix_web::{Route, web};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

/// A request body's JSON schema.
pub type BodySchema = fn() -> RefOr<Schema>;

/// One route.
pub struct RouteDef {
    pub method: Method,
    /// actix pattern: `/api/users/{id}`.
    pub path: &'static str,
    pub access: Access,
    pub summary: &'static str,
    /// The JSON body it reads, if any.
    pub body: Option<(&'static str, BodySchema)>,
    /// Query parameters: (name, description).
    pub query: &'static [(&'static str, &'static str)],
    /// What a success returns: `application/json` unless said otherwise.
    pub produces: &'static str,
    route: fn() -> Route,
}

impl RouteDef {
    /// A fresh actix route for the handler.
    pub fn route(&self) -> Route {
        (self.route)()
    }

    fn body<T: utoipa::ToSchema>(mut self) -> Self {
        self.body = Some((
            std::any::type_name::<T>().rsplit("::").next().unwrap_or("Body"),
            <T as utoipa::PartialSchema>::schema,
        ));
        self
    }

    fn query(mut self, q: &'static [(&'static str, &'static str)]) -> Self {
        self.query = q;
        self
    }

    fn produces(mut self, kind: &'static str) -> Self {
        self.produces = kind;
        self
    }
}

fn r(method: Method, path: &'static str, access: Access, summary: &'static str, route: fn() -> Route) -> RouteDef {
    RouteDef { method, path, access, summary, body: None, query: &[], produces: "application/json", route }
}

/// A console page: HTML.
fn page(method: Method, path: &'static str, access: Access, summary: &'static str, route: fn() -> Route) -> RouteDef {
    r(method, path, access, summary, route).produces("text/html")
}

const VIEWER: Access = Access::Role(Role::Viewer);
const OPERATOR: Access = Access::Role(Role::Operator);
const ADMIN: Access = Access::Role(Role::Admin);
const PAGE_VIEWER: Access = Access::Console(Role::Viewer);
const PAGE_ADMIN: Access = Access::Console(Role::Admin);
use Access::{Metrics, Public, Session};
use Method as M;

/// Every route the server answers.
pub fn table() -> Vec<RouteDef> {
    vec![
        // The people's side and what anyone may read.
        r(M::GET, "/", Public, "The live room page", || web::route().to(assets::room_page)).produces("text/html"),
        r(M::GET, "/assets/{file}", Public, "The room's and the docs page's CSS and JS", || {
            web::route().to(assets::asset)
        })
        .produces("text/css, text/javascript"),
        r(M::GET, "/favicon.ico", Public, "No icon (204)", || web::route().to(assets::favicon)).produces("none"),
        r(M::GET, "/health", Public, "Whether the store and the rooms are up (503 when not)", || {
            web::route().to(health::health)
        }),
        r(M::GET, "/livez", Public, "Liveness: the process serves", || web::route().to(health::livez)),
        r(M::GET, "/readyz", Public, "Readiness: store, rooms, not stopping (503)", || web::route().to(health::readyz)),
        r(M::GET, "/api/market", Public, "The quotes of a room's book (?room=SLUG) or of the simulator", || {
            web::route().to(market::quotes)
        }),
        r(M::GET, "/api/rooms", Public, "Every room", || web::route().to(rooms::list)),
        r(M::GET, "/api/rooms/{room}/messages", Public, "A room's history, oldest first", || {
            web::route().to(rooms::history)
        })
        .query(&[("limit", "how many of the newest messages, 1..=500 (default 100)")]),
        r(
            M::POST,
            "/api/rooms/{room}/messages",
            Public,
            "A person's message (claims the author name; throttled per client)",
            || web::route().to(rooms::post),
        )
        .body::<rooms::PostBody>(),
        r(
            M::POST,
            "/api/rooms/{room}/join",
            Public,
            "Claim a display name in the room (sets the person cookie)",
            || web::route().to(rooms::join),
        )
        .body::<rooms::JoinBody>(),
        r(
            M::GET,
            "/api/rooms/{room}/stream",
            Public,
            "The room's live events (Server-Sent Events; capped per client)",
            || web::route().to(rooms::stream),
        )
        .produces("text/event-stream"),
        r(M::GET, "/api/openapi.json", Public, "This document", || web::route().to(docs::openapi)),
        r(M::GET, "/docs", Public, "The API reference page", || web::route().to(assets::docs_page))
            .produces("text/html"),
        // Operators' reads.
        r(M::GET, "/metrics", Metrics, "Prometheus metrics (metrics token or a viewer)", || {
            web::route().to(metrics::metrics)
        })
        .produces("text/plain"),
        r(M::GET, "/api/llm", VIEWER, "What the LLM costs: providers, rooms, budgets", || {
            web::route().to(llm::summary)
        }),
        r(M::GET, "/api/guard/stats", VIEWER, "Drafts the guard blocked, by reason and room", || {
            web::route().to(guard::stats)
        }),
        r(
            M::GET,
            "/api/dashboard",
            VIEWER,
            "Each room now: messages per minute, people waiting, first-reply latency, LLM, guard, Telegram; activity by weekday and hour",
            || web::route().to(dashboard::dashboard),
        ),
        r(M::GET, "/api/bots", VIEWER, "Every bot with its role and mood", || web::route().to(bots::list)),
        r(
            M::GET,
            "/api/bots/{bot}/book",
            VIEWER,
            "A bot's books: cash, positions marked to market, PnL, trades; its mood and beliefs where it runs",
            || web::route().to(bots::book),
        ),
        r(M::GET, "/api/rooms/{room}/members", VIEWER, "A room's bots, live and departed", || {
            web::route().to(rooms::members)
        }),
        r(M::GET, "/api/rooms/{room}/personas", OPERATOR, "Export a room and its personas as community YAML", || {
            web::route().to(rooms::export)
        })
        .produces("application/yaml"),
        r(
            M::GET,
            "/api/rooms/{room}",
            VIEWER,
            "A room's state: paused, members, settings in effect and its own",
            || web::route().to(manage::status),
        ),
        r(M::GET, "/api/personas", VIEWER, "Every persona with its bot's state (silenced, mood, rooms)", || {
            web::route().to(personas::list)
        }),
        r(M::GET, "/api/personas/{bot}", VIEWER, "One persona", || web::route().to(personas::get)),
        r(M::GET, "/api/settings", VIEWER, "The run-time settings: in effect, from the file, overrides", || {
            web::route().to(settings::get)
        }),
        r(M::GET, "/api/llm/providers", OPERATOR, "The LLM provider chain and tiers (never a key)", || {
            web::route().to(providers::get)
        }),
        r(M::GET, "/api/market/status", VIEWER, "Both books, the sources' health, the last headlines", || {
            web::route().to(market::status)
        }),
        r(M::GET, "/api/market/events", VIEWER, "Market events queued, soonest first", || {
            web::route().to(market::pending)
        }),
        // Operators' changes: the community while it runs.
        r(M::POST, "/api/rooms", OPERATOR, "Create a room (running at once, no members)", || {
            web::route().to(manage::create)
        })
        .body::<manage::CreateBody>(),
        r(M::PATCH, "/api/rooms/{room}", OPERATOR, "Rename a room or change its topic", || {
            web::route().to(manage::rename)
        })
        .body::<manage::RenameBody>(),
        r(M::POST, "/api/rooms/{room}/pause", OPERATOR, "Pause a room: no bot speaks (the kill switch)", || {
            web::route().to(manage::pause)
        }),
        r(M::POST, "/api/rooms/{room}/resume", OPERATOR, "Resume a paused room", || web::route().to(manage::resume)),
        r(M::POST, "/api/rooms/{room}/archive", OPERATOR, "Archive a room: it stops, its history stays", || {
            web::route().to(manage::archive)
        }),
        r(M::POST, "/api/rooms/{room}/restore", OPERATOR, "Restore an archived room", || {
            web::route().to(manage::restore)
        }),
        r(
            M::PUT,
            "/api/rooms/{room}/settings/{key}",
            OPERATOR,
            "Set a room's own pacing or floor setting (pacing.mean_gap_ms, floor, …)",
            || web::route().to(manage::put_setting),
        )
        .body::<manage::SettingBody>(),
        r(M::DELETE, "/api/rooms/{room}/settings/{key}", OPERATOR, "Drop a room's own setting", || {
            web::route().to(manage::delete_setting)
        }),
        r(M::POST, "/api/rooms/{room}/members", OPERATOR, "A bot joins the room", || {
            web::route().to(manage::add_member)
        })
        .body::<manage::MemberBody>(),
        r(M::DELETE, "/api/rooms/{room}/members/{bot}", OPERATOR, "A bot leaves the room", || {
            web::route().to(manage::remove_member)
        }),
        r(M::POST, "/api/personas", OPERATOR, "Create a persona (its bot in no room yet)", || {
            web::route().to(personas::create)
        })
        .body::<personas::PersonaBody>(),
        r(M::PUT, "/api/personas/{bot}", OPERATOR, "Replace a persona (every field)", || {
            web::route().to(personas::replace)
        })
        .body::<personas::PersonaBody>(),
        r(M::PATCH, "/api/personas/{bot}", OPERATOR, "Change some fields of a persona", || {
            web::route().to(personas::edit)
        })
        .body::<personas::PersonaBody>(),
        r(M::POST, "/api/personas/{bot}/silence", OPERATOR, "Silence a bot in every room", || {
            web::route().to(personas::silence)
        }),
        r(M::POST, "/api/personas/{bot}/resume", OPERATOR, "Let a silenced bot speak again", || {
            web::route().to(personas::resume)
        }),
        r(
            M::POST,
            "/api/personas/{bot}/rehearse",
            OPERATOR,
            "Dry run: the bot's drafts for a turn in a room now, each attempt with why it was refused (nothing sent)",
            || web::route().to(personas::rehearse),
        )
        .body::<personas::RehearseBody>(),
        r(M::GET, "/api/personas/{bot}/prompt", OPERATOR, "The exact prompt the bot would send in a room now", || {
            web::route().to(personas::prompt)
        })
        .query(&[("room", "the room (the bot must be a member)"), ("text", "a person's line for the bot to answer")]),
        r(M::POST, "/api/import/preview", OPERATOR, "What importing a persona file would do (writes nothing)", || {
            web::route().to(personas::preview)
        })
        .body::<personas::ImportBody>(),
        r(M::POST, "/api/import", OPERATOR, "Import a persona file exactly as previewed (its fingerprint)", || {
            web::route().to(personas::apply)
        })
        .body::<personas::ImportBody>(),
        r(M::POST, "/api/market/headlines", OPERATOR, "A headline now", || web::route().to(market::headline))
            .body::<market::HeadlineBody>(),
        r(M::POST, "/api/market/shocks", OPERATOR, "A price jump on a simulated symbol now", || {
            web::route().to(market::shock)
        })
        .body::<market::ShockBody>(),
        r(M::POST, "/api/scenarios", OPERATOR, "Schedule a scenario file's events", || {
            web::route().to(market::schedule)
        })
        .body::<market::ScenarioBody>(),
        r(M::DELETE, "/api/scenarios/{name}", OPERATOR, "Call off a scenario's events still to come", || {
            web::route().to(market::cancel)
        }),
        r(M::PUT, "/api/settings/{key}", ADMIN, "Set a run-time setting (stored; in effect at once)", || {
            web::route().to(settings::put)
        })
        .body::<settings::SettingBody>(),
        r(M::DELETE, "/api/settings/{key}", ADMIN, "Drop an operator's setting: the file's applies again", || {
            web::route().to(settings::reset)
        }),
        r(M::PUT, "/api/llm/providers", ADMIN, "Replace the LLM provider chain (swapped live; keys sealed)", || {
            web::route().to(providers::put)
        })
        .body::<providers::ChainBody>(),
        r(M::DELETE, "/api/llm/providers", ADMIN, "Back to the file's provider chain", || {
            web::route().to(providers::reset)
        }),
        r(M::GET, "/api/telegram", ADMIN, "Telegram accounts (never a token) and mapped chats", || {
            web::route().to(telegram::get)
        }),
        r(
            M::POST,
            "/api/telegram/bots",
            ADMIN,
            "Add a persona's Telegram account (token checked, stored sealed)",
            || web::route().to(telegram::add_bot),
        )
        .body::<telegram::BotBody>(),
        r(M::DELETE, "/api/telegram/bots/{bot}", ADMIN, "Remove a Telegram account", || {
            web::route().to(telegram::remove_bot)
        }),
        r(M::PUT, "/api/telegram/rooms/{room}", ADMIN, "Map a room to a Telegram chat (and topic)", || {
            web::route().to(telegram::map_room)
        })
        .body::<telegram::ChatBody>(),
        r(M::DELETE, "/api/telegram/rooms/{room}", ADMIN, "Unmap a room from its Telegram chat", || {
            web::route().to(telegram::unmap_room)
        }),
        // One's own session.
        r(M::POST, "/api/auth/login", Public, "Log in: starts a session (cookie) and returns its CSRF token", || {
            web::route().to(auth::login)
        })
        .body::<auth::LoginBody>(),
        r(M::GET, "/api/auth/session", Session, "The current session: user, role, CSRF token, end", || {
            web::route().to(auth::session)
        }),
        r(M::POST, "/api/auth/logout", Session, "End this session", || web::route().to(auth::logout)),
        r(M::POST, "/api/auth/logout-all", Session, "End every session of this account", || {
            web::route().to(auth::logout_all)
        }),
        r(M::POST, "/api/auth/password", Session, "Change one's password (ends the other sessions)", || {
            web::route().to(auth::change_password)
        })
        .body::<auth::PasswordBody>(),
        r(M::POST, "/api/auth/totp/setup", Session, "Start TOTP: a new secret to scan", || {
            web::route().to(auth::totp_setup)
        }),
        r(M::POST, "/api/auth/totp/enable", Session, "Confirm TOTP with a code; returns recovery codes once", || {
            web::route().to(auth::totp_enable)
        })
        .body::<auth::TotpCodeBody>(),
        r(M::POST, "/api/auth/totp/disable", Session, "Turn TOTP off (needs the password)", || {
            web::route().to(auth::totp_disable)
        })
        .body::<auth::TotpDisableBody>(),
        // Admin.
        r(M::GET, "/api/users", ADMIN, "Every operator account", || web::route().to(users::list)),
        r(M::POST, "/api/users", ADMIN, "Create an account", || web::route().to(users::create))
            .body::<users::CreateBody>(),
        r(M::GET, "/api/users/{id}", ADMIN, "One account", || web::route().to(users::get)),
        r(M::PATCH, "/api/users/{id}", ADMIN, "Change a role, disable, unlock or reset a password", || {
            web::route().to(users::update)
        })
        .body::<users::UpdateBody>(),
        r(M::DELETE, "/api/users/{id}", ADMIN, "Delete an account", || web::route().to(users::delete)),
        r(M::GET, "/api/keys", ADMIN, "Every API key (never the key itself)", || web::route().to(keys::list)),
        r(M::POST, "/api/keys", ADMIN, "Create an API key; the key is in this answer only", || {
            web::route().to(keys::create)
        })
        .body::<keys::CreateBody>(),
        r(M::DELETE, "/api/keys/{id}", ADMIN, "Revoke an API key", || web::route().to(keys::revoke)),
        r(M::GET, "/api/audit", ADMIN, "The audit log, newest first", || web::route().to(audit::list)).query(&[
            ("limit", "rows, 1..=500 (default 100)"),
            ("before", "only rows with a smaller id (paging)"),
            ("action", "only this action, e.g. user.create"),
        ]),
        r(
            M::DELETE,
            "/api/privacy/users/{id}",
            ADMIN,
            "Forget a person (web:NAME, tg:NUMBER): delete their messages",
            || web::route().to(privacy::forget),
        ),
        // The operator console: pages for a session; without one, a redirect to the login page.
        r(M::GET, "/console/login", Public, "Console: the login page", || web::route().to(console::login::page))
            .query(&[("next", "the console page to open after logging in")])
            .produces("text/html"),
        r(M::GET, "/console/assets/{file}", Public, "Console: its CSS, script and uPlot", || {
            web::route().to(console::assets::asset)
        })
        .produces("text/css, text/javascript"),
        page(M::GET, "/console", PAGE_VIEWER, "Console: the dashboard", || web::route().to(console::dashboard::page)),
        page(M::GET, "/console/rooms", PAGE_VIEWER, "Console: the rooms", || web::route().to(console::rooms::list)),
        page(M::GET, "/console/rooms/{room}", PAGE_VIEWER, "Console: one room, live", || {
            web::route().to(console::rooms::one)
        }),
        page(M::GET, "/console/personas", PAGE_VIEWER, "Console: personas and bots", || {
            web::route().to(console::personas::page)
        }),
        page(M::GET, "/console/llm", PAGE_VIEWER, "Console: providers, costs, budgets", || {
            web::route().to(console::llm::page)
        }),
        page(M::GET, "/console/guard", PAGE_VIEWER, "Console: guard blocks and privacy", || {
            web::route().to(console::guard::page)
        }),
        page(
            M::GET,
            "/console/settings",
            PAGE_VIEWER,
            "Console: the run-time settings (an admin changes them)",
            || web::route().to(console::settings::page),
        ),
        page(M::GET, "/console/account", PAGE_VIEWER, "Console: one's own account (second factor, password)", || {
            web::route().to(console::account::page)
        }),
        page(M::GET, "/console/audit", PAGE_ADMIN, "Console: the audit log", || web::route().to(console::audit::page))
            .query(&[("before", "only rows with a smaller id (paging)"), ("action", "only this action")]),
        page(M::GET, "/console/telegram", PAGE_ADMIN, "Console: Telegram accounts and groups", || {
            web::route().to(console::telegram::page)
        }),
        page(M::GET, "/console/users", PAGE_ADMIN, "Console: users and API keys", || {
            web::route().to(console::users::page)
        }),
    ]
}
