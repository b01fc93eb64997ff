//! Settings of the operators' and the people's doors: `auth.*` (sessions,
//! lockout), `people.*` (throttles and caps on the public side) and
//! `metrics.*` (who may scrape `/metrics`).

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// Operators' sessions and logins (`auth.*`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthSettings {
    /// A session unused this long ends.
    pub session_idle_minutes: u32,
    /// A session ends this long after login, however busy.
    pub session_absolute_hours: u32,
    /// Wrong passwords (or codes) in a row that lock an account.
    pub max_failed_logins: u32,
    /// How long a locked account stays locked.
    pub lockout_minutes: u32,
    /// Login attempts one client address may make per minute.
    pub login_attempts_per_minute: u32,
    /// argon2id memory cost in KiB and iterations (OWASP: 19456 and 2).
    pub argon2_memory_kib: u32,
    pub argon2_iterations: u32,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            max_failed_logins: 5,
            lockout_minutes: 15,
            login_attempts_per_minute: 10,
            argon2_memory_kib: 19_456,
            argon2_iterations: 2,
        }
    }
}

/// The people's side: posting and stream limits (`people.*`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PeopleSettings {
    /// Messages one client address may post per minute (steady rate).
    pub posts_per_minute: u32,
    /// Messages one client may post at once before the rate applies.
    pub post_burst: u32,
    /// Open live streams per client address.
    pub streams_per_client: u32,
    /// Open live streams in total.
    pub streams_total: u32,
    /// A display name unused this many days may be taken by someone else.
    pub name_ttl_days: u32,
}

impl Default for PeopleSettings {
    fn default() -> Self {
        PeopleSettings {
            posts_per_minute: 12,
            post_burst: 5,
            streams_per_client: 4,
            streams_total: 1000,
            name_ttl_days: 30,
        }
    }
}

/// Who may read `/metrics` (`metrics.*`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsSettings {
    /// A bearer token Prometheus sends (`PIYASA_METRICS__TOKEN`); never written back.
    #[serde(skip_serializing)]
    pub token: Option<SecretString>,
    /// A second listen address (`127.0.0.1:9464`) that serves only
    /// `/metrics`, without credentials, for a scraper on a private network.
    pub listen: Option<String>,
}

impl AuthSettings {
    pub fn validate(&self) -> anyhow::Result<()> {
        let checks: [(&str, u32, u32, u32); 7] = [
            ("auth.session_idle_minutes", self.session_idle_minutes, 1, 24 * 60),
            ("auth.session_absolute_hours", self.session_absolute_hours, 1, 24 * 30),
            ("auth.max_failed_logins", self.max_failed_logins, 1, 100),
            ("auth.lockout_minutes", self.lockout_minutes, 1, 24 * 60),
            ("auth.login_attempts_per_minute", self.login_attempts_per_minute, 1, 10_000),
            ("auth.argon2_memory_kib", self.argon2_memory_kib, 8, 1 << 21),
            ("auth.argon2_iterations", self.argon2_iterations, 1, 20),
        ];
        within(&checks)
    }
}

impl PeopleSettings {
    pub fn validate(&self) -> anyhow::Result<()> {
        let checks: [(&str, u32, u32, u32); 5] = [
            ("people.posts_per_minute", self.posts_per_minute, 1, 100_000),
            ("people.post_burst", self.post_burst, 1, 100_000),
            ("people.streams_per_client", self.streams_per_client, 1, 10_000),
            ("people.streams_total", self.streams_total, 1, 1_000_000),
            ("people.name_ttl_days", self.name_ttl_days, 1, 3650),
        ];
        within(&checks)
    }
}

fn within(checks: &[(&str, u32, u32, u32)]) -> anyhow::Result<()> {
    for &(key, v, lo, hi) in checks {
        if !(lo..=hi).contains(&v) {
            anyhow::bail!("{key}: must be within {lo}..={hi}, got {v}");
        }
    }
    Ok(())
}
