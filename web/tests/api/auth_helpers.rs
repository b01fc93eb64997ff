//! Operators in tests: accounts made in the store, logins over HTTP, and
//! requests as a given caller (anonymous, a session, an API key).

use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::Value;
use std::time::Duration;
use web::settings::AuthSettings;

/// A password every test account gets.
pub const PASSWORD: &str = "uzun ve gizli bir parola 42";

/// A logged-in console session: its cookie value and CSRF token.
#[derive(Debug, Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// Who sends a request.
#[derive(Debug, Clone)]
pub enum Cred {
    Anonymous,
    Session(Session),
    Key(String),
}

impl TestApp {
    /// An account made straight in the store (as `piyasa admin create` does).
    pub async fn create_user(&self, username: &str, role: &str) -> i64 {
        let settings = AuthSettings { argon2_memory_kib: 256, argon2_iterations: 1, ..AuthSettings::default() };
        let role = web::auth::Role::parse(role).unwrap();
        let now = self.clock.now_ms();
        web::auth::accounts::create(&self.store, &settings, username, PASSWORD, role, now)
            .await
            .expect("the account is made")
            .id
    }

    /// `POST /api/auth/login` with a JSON body, without the shared cookie jar.
    pub async fn login_raw(&self, body: &Value) -> reqwest::Response {
        let c = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
        c.post(self.url("/api/auth/login")).timeout(Duration::from_secs(10)).json(body).send().await.unwrap()
    }

    /// Logs in and returns the session (panics unless it succeeds).
    pub async fn login(&self, username: &str, password: &str) -> Session {
        let r = self.login_raw(&serde_json::json!({"username": username, "password": password})).await;
        assert_eq!(r.status(), 200, "login of {username}");
        session_of(r).await
    }

    /// A request as `cred`; sessions send the CSRF token unless `csrf` is false.
    pub async fn call(&self, method: Method, path: &str, cred: &Cred, body: Option<&str>) -> reqwest::Response {
        self.call_with(method, path, cred, body, true).await
    }

    pub async fn call_with(
        &self,
        method: Method,
        path: &str,
        cred: &Cred,
        body: Option<&str>,
        csrf: bool,
    ) -> reqwest::Response {
        // A client without a cookie jar: the caller's credentials are exactly `cred`;
        // redirects are the answer, not followed (console pages send the anonymous to log in).
        let c = reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let mut rb = c.request(method, self.url(path)).timeout(Duration::from_secs(10));
        match cred {
            Cred::Anonymous => {}
            Cred::Session(s) => {
                rb = rb.header("Cookie", format!("piyasa_session={}", s.cookie));
                if csrf {
                    rb = rb.header("X-CSRF-Token", &s.csrf);
                }
            }
            Cred::Key(k) => rb = rb.bearer_auth(k),
        }
        if let Some(b) = body {
            rb = rb.header("content-type", "application/json").body(b.to_string());
        }
        rb.send().await.expect("the request is sent")
    }
}

/// The session a successful login answer carries.
pub async fn session_of(r: reqwest::Response) -> Session {
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("piyasa_session="))
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
        .expect("a session cookie");
    let body: Value = r.json().await.unwrap();
    Session { cookie, csrf: body["csrf_token"].as_str().expect("a CSRF token").to_string() }
}
