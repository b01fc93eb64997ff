//! Workers: several `piyasa run` processes on one PostgreSQL database, the
//! rooms shared out between them through leases in Redis. Each room runs on
//! exactly one worker at a time: the one that holds its lease, renewed well
//! inside its TTL. Taking a room raises its fencing token in the database
//! and every message the room stores checks it, so a worker that was paused
//! or cut off past its lease cannot write any more (the store refuses and
//! the room stops there). Rooms spread over the live workers by rendezvous
//! hashing (`engine::workers`) and move when one joins or leaves.
//!
//! - `lease`: the leases and the live worker list in Redis.
//! - `ownership`: the loop that renews, takes, hands back and stops rooms.
//! - `spend`: the community's spend in Redis, so the budgets hold across
//!   workers and restarts.
//! - `sends`: each persona's messages of the last hour in Redis, so its
//!   hourly limit and gap hold across workers.
//! - `cache`: the response cache shared by the workers.
//!
//! The Telegram channel shares out its bot accounts' receiving the same
//! way (`telegram::receivers`), with leases of the kind `telegram`.
//!
//! With no `[redis]` configured none of this runs: one process owns every
//! room, as before.

mod cache;
mod lease;
mod ownership;
mod sends;
mod spend;

pub use cache::SharedCache;
pub use lease::{LeaseError, Leases};
pub(crate) use ownership::Ownership;

use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex, PoisonError};

/// `[redis]`: the workers mode. Absent: a single process (the default).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RedisSettings {
    /// `redis://[:PASSWORD@]HOST:PORT[/DB]`; its password is redacted
    /// wherever the URL is shown.
    pub url: String,
    /// How long a room's lease lasts without renewal (ms): a stopped worker's
    /// rooms move to the others after about this long. 3000 to 60000.
    #[serde(default = "default_ttl")]
    pub lease_ttl_ms: u64,
    /// Put before every key, so several communities can share one Redis.
    #[serde(default = "default_prefix")]
    pub key_prefix: String,
    /// This worker's id; by default the host name, the process id and a
    /// random suffix (unique per process).
    #[serde(default)]
    pub worker_id: Option<String>,
    /// Where the other workers reach this one (`http://HOST:PORT`): a
    /// request for a room this worker runs is forwarded here. By default the
    /// server's own address (127.0.0.1 when it listens on every interface);
    /// in Kubernetes, the pod's IP.
    #[serde(default)]
    pub advertise_url: Option<String>,
}

fn default_ttl() -> u64 {
    5_000
}

fn default_prefix() -> String {
    "piyasa".into()
}

impl RedisSettings {
    /// The settings' problems, the key named.
    pub fn validate(&self) -> Result<(), String> {
        let url = &self.url;
        if !(url.starts_with("redis://") || url.starts_with("unix://")) {
            return Err("redis.url: must start with redis:// (rediss:// is not built in: no second TLS stack)".into());
        }
        if !(3_000..=60_000).contains(&self.lease_ttl_ms) {
            return Err("redis.lease_ttl_ms: must be 3000 to 60000".into());
        }
        let ok = |s: &str| !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_graphic() && c != ':');
        if !ok(&self.key_prefix) {
            return Err("redis.key_prefix: 1 to 64 printable ASCII characters, no ':' or spaces".into());
        }
        if let Some(id) = &self.worker_id
            && !ok(id)
        {
            return Err("redis.worker_id: 1 to 64 printable ASCII characters, no ':' or spaces".into());
        }
        if let Some(url) = &self.advertise_url
            && !(url.starts_with("http://") && url.len() > 7 && !url[7..].contains('/'))
        {
            return Err(format!("redis.advertise_url: '{url}' must be http://HOST:PORT (no path)"));
        }
        Ok(())
    }

    /// The configured worker id, or one made for this process.
    pub fn worker_id(&self) -> String {
        self.worker_id.clone().unwrap_or_else(|| {
            let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
                .map(|h| h.trim().to_string())
                .ok()
                .filter(|h| !h.is_empty())
                .unwrap_or_else(|| "piyasa".into());
            format!("{host}-{}-{:04x}", std::process::id(), rand::random::<u16>())
        })
    }

    /// How often the worker renews its leases and looks at the others: a
    /// third of the TTL, so two renewals can fail before a lease lapses.
    pub fn renew_every_ms(&self) -> u64 {
        self.lease_ttl_ms / 3
    }
}

/// What a worker knows of the others, for `/health` and the console.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WorkersStatus {
    /// This worker.
    pub worker: String,
    /// Whether the last Redis step succeeded.
    pub redis_ok: bool,
    /// The last Redis error, while it lasts.
    pub redis_error: Option<String>,
    /// The live workers, sorted (this one included).
    pub workers: Vec<String>,
    /// The rooms this worker runs, sorted.
    pub rooms: Vec<String>,
    /// Where each live worker takes forwarded requests (internal addresses:
    /// not shown).
    #[serde(skip)]
    pub addresses: std::collections::BTreeMap<String, String>,
    /// Every running room of the database, as of the last look.
    #[serde(skip)]
    pub known: std::collections::BTreeSet<String>,
}

/// The running workers mode: this worker's status and how to stop it.
#[derive(Clone)]
pub struct Workers {
    pub(crate) leases: Leases,
    pub(crate) status: Arc<Mutex<WorkersStatus>>,
    pub(crate) stop: Arc<tokio::sync::Notify>,
    pub(crate) done: Arc<tokio::sync::Notify>,
    pub(crate) nudge: Arc<tokio::sync::Notify>,
}

impl Workers {
    /// This worker's view now.
    pub fn status(&self) -> WorkersStatus {
        self.status.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The worker that should run `room` by this worker's last view (none
    /// for a room that is not running in the database).
    pub fn owner_of(&self, room: &str) -> Option<String> {
        let s = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        if !s.known.contains(room) {
            return None;
        }
        engine::workers::owner_of(room, &s.workers).map(str::to_string)
    }

    /// Where to forward a request for `room`: its owner and the owner's
    /// address, when the room runs on another live worker.
    pub fn forward_to(&self, room: &str) -> Option<(String, String)> {
        let owner = self.owner_of(room)?;
        let s = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        if owner == s.worker {
            return None;
        }
        let url = s.addresses.get(&owner)?.clone();
        Some((owner, url))
    }

    /// This worker's leases in Redis (other kinds through [`Leases::for_kind`]).
    pub fn leases(&self) -> &Leases {
        &self.leases
    }

    /// This worker's id.
    pub fn me(&self) -> String {
        self.status.lock().unwrap_or_else(PoisonError::into_inner).worker.clone()
    }

    /// Looks at the rooms again now (a room was created or restored).
    pub fn nudge(&self) {
        self.nudge.notify_one();
    }

    /// A shutdown: stops this worker's rooms, gives their leases back and
    /// leaves the worker list, so the others take the rooms at once.
    pub async fn leave(&self) {
        let done = self.done.notified();
        self.stop.notify_one();
        done.await;
    }
}
