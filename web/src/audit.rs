//! The audit log: every change an operator makes (and every login, failed
//! or not) is a row with who, when, from where, what, and a before/after
//! summary. Summaries are built from explicit fields, never from whole rows,
//! so a password hash, key, token or session id cannot slip in.

use crate::auth::Principal;
use crate::clock::Clock;
use crate::error::ApiError;
use schema::{NewAudit, Store};
use serde_json::Value;

/// One change to record.
#[derive(Debug, Clone)]
pub struct Entry {
    /// `user.create`, `key.revoke`, `privacy.forget`, `session.login`, …
    pub action: &'static str,
    pub target: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Entry {
    pub fn new(action: &'static str, target: impl Into<Option<String>>) -> Self {
        Entry { action, target: target.into(), before: None, after: None }
    }

    pub fn before(mut self, v: Value) -> Self {
        self.before = Some(v);
        self
    }

    pub fn after(mut self, v: Value) -> Self {
        self.after = Some(v);
        self
    }
}

/// Who did it, as the log shows them.
#[derive(Debug, Clone)]
pub struct Who {
    pub actor: String,
    pub kind: &'static str,
    pub ip: Option<String>,
}

impl From<&Principal> for Who {
    fn from(p: &Principal) -> Self {
        Who { actor: p.name(), kind: p.kind(), ip: Some(p.ip.clone()) }
    }
}

impl Who {
    /// The command line (`piyasa admin …`), run by whoever has the machine.
    pub fn cli() -> Self {
        Who { actor: "cli".into(), kind: "cli", ip: None }
    }

    /// A caller not logged in (a failed login).
    pub fn anonymous(ip: String) -> Self {
        Who { actor: "anonymous".into(), kind: "anonymous", ip: Some(ip) }
    }
}

/// Writes one audit row. A change whose audit row cannot be written fails
/// the request (500) rather than go unrecorded.
pub async fn record(store: &Store, clock: &Clock, who: impl Into<Who>, e: Entry) -> Result<(), ApiError> {
    let who = who.into();
    let row = NewAudit {
        at: clock.now_ms(),
        actor: who.actor,
        actor_kind: who.kind.into(),
        ip: who.ip,
        action: e.action.into(),
        target: e.target,
        summary_before: e.before.map(|v| v.to_string()),
        summary_after: e.after.map(|v| v.to_string()),
    };
    store.insert_audit(&row).await?;
    Ok(())
}
