//! What every console page shares: who is logged in and with which role,
//! the language and theme (cookies), the session's CSRF token for the
//! script, and the navigation (only the pages the role may open).

use super::i18n::{self, LANG_COOKIE, Lang};
use crate::auth::{Principal, Role};
use crate::error::ApiError;
use actix_web::HttpRequest;

/// The cookie that holds the theme: `light`, `dark`, or none (the system's).
pub const THEME_COOKIE: &str = "piyasa_theme";

/// One entry of the navigation.
pub struct Nav {
    pub href: &'static str,
    pub key: &'static str,
    pub current: bool,
}

/// (page, href, word, least role).
const PAGES: &[(&str, &str, &str, Role)] = &[
    ("dashboard", "/console", "nav.dashboard", Role::Viewer),
    ("rooms", "/console/rooms", "nav.rooms", Role::Viewer),
    ("personas", "/console/personas", "nav.personas", Role::Viewer),
    ("llm", "/console/llm", "nav.llm", Role::Viewer),
    ("guard", "/console/guard", "nav.guard", Role::Viewer),
    ("settings", "/console/settings", "nav.settings", Role::Viewer),
    ("telegram", "/console/telegram", "nav.telegram", Role::Admin),
    ("audit", "/console/audit", "nav.audit", Role::Admin),
    ("users", "/console/users", "nav.users", Role::Admin),
];

pub struct Frame {
    pub lang: Lang,
    /// `light`, `dark` or `auto`.
    pub theme: &'static str,
    pub username: String,
    pub role: Role,
    pub csrf: String,
    /// Which page this is (`data-page` for the script, the current navigation entry).
    pub page: &'static str,
}

impl Frame {
    /// The frame of a page for a session principal (the guard let only sessions through).
    pub fn new(req: &HttpRequest, p: &Principal, page: &'static str) -> Result<Frame, ApiError> {
        let session = p.session.as_ref().ok_or_else(|| ApiError::internal_msg("a console page without a session"))?;
        let role = p.role.ok_or_else(|| ApiError::internal_msg("a console session without a role"))?;
        let username = match &p.actor {
            crate::auth::Actor::User { username, .. } => username.clone(),
            _ => p.name(),
        };
        Ok(Frame { username, role, csrf: session.csrf_token.clone(), page, ..Frame::anonymous(req, page) })
    }

    /// The frame of the login page: no one yet.
    pub fn anonymous(req: &HttpRequest, page: &'static str) -> Frame {
        let theme = match req.cookie(THEME_COOKIE).as_ref().map(|c| c.value()) {
            Some("dark") => "dark",
            Some("light") => "light",
            _ => "auto",
        };
        Frame {
            lang: Lang::from_cookie(req.cookie(LANG_COOKIE).as_ref().map(|c| c.value())),
            theme,
            username: String::new(),
            role: Role::Viewer,
            csrf: String::new(),
            page,
        }
    }

    /// A word in the page's language.
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        i18n::t(self.lang, key)
    }

    pub fn role_word(&self) -> &'static str {
        let key = match self.role {
            Role::Viewer => "role.viewer",
            Role::Operator => "role.operator",
            Role::Admin => "role.admin",
        };
        i18n::t(self.lang, key)
    }

    /// May change the community (rooms, bots, personas).
    pub fn operator(&self) -> bool {
        self.role >= Role::Operator
    }

    /// May manage users, keys, privacy and read the audit log.
    pub fn admin(&self) -> bool {
        self.role >= Role::Admin
    }

    pub fn nav(&self) -> Vec<Nav> {
        PAGES
            .iter()
            .filter(|(_, _, _, need)| self.role >= *need)
            .map(|(page, href, key, _)| Nav { href, key, current: *page == self.page })
            .collect()
    }

    /// The script's words as JSON (in a non-executed `<script type="application/json">`).
    pub fn script_words(&self) -> String {
        i18n::script_words(self.lang)
    }
}
