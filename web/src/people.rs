//! The people's side: anonymous, but with limits.
//!
//! - A person is a random id in a signed cookie (`piyasa_person`, HMAC-SHA256
//!   under a key the server makes at first start). Joining a room, or
//!   posting in it, claims the display name for that person in that room
//!   (`person_names`); no one else can post under it until it has gone
//!   unused for `people.name_ttl_days`.
//! - Public history and the stream show a person's id as a pseudonym
//!   (`p-` + 16 hex of an HMAC of the stored id), never `tg:NUMBER`.
//! - Posting is throttled per client address; live streams are capped per
//!   client address and in total.

use crate::auth::client_ip;
use crate::clock::Clock;
use crate::crypto::{hex, hmac_hex, random_bytes, same};
use crate::error::{ApiError, ErrorCode};
use crate::settings::PeopleSettings;
use crate::throttle::Throttle;
use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite};
use actors::events::MessageView;
use aws_lc_rs::hmac;
use engine::transcript::AuthorKind;
use schema::Store;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const COOKIE: &str = "piyasa_person";
/// Seconds a client is told to wait when the stream caps are reached.
const STREAM_RETRY_SECS: u64 = 10;

pub struct People {
    key: hmac::Key,
    pub settings: PeopleSettings,
    pub posts: Throttle,
    streams: Mutex<(HashMap<String, u32>, u32)>,
    secure_cookies: bool,
    trust_forwarded_for: bool,
}

/// The HMAC key stored as server secret `name` (made at the first start;
/// every process on the database shares it).
pub async fn shared_key(store: &Store, clock: &Clock, name: &str) -> anyhow::Result<hmac::Key> {
    let fresh = hex(&random_bytes::<32>());
    let stored = store.server_secret(name, &fresh, clock.now_ms()).await?;
    let key = crate::crypto::unhex(&stored).ok_or_else(|| anyhow::anyhow!("server_secrets: {name} is not hex"))?;
    Ok(hmac::Key::new(hmac::HMAC_SHA256, &key))
}

impl People {
    /// Loads (or makes, at first start) the signing key.
    pub async fn load(
        store: &Store,
        clock: &Clock,
        settings: PeopleSettings,
        secure_cookies: bool,
        trust_forwarded_for: bool,
    ) -> anyhow::Result<People> {
        Ok(People {
            key: shared_key(store, clock, "people.cookie_key").await?,
            posts: Throttle::new(settings.post_burst, settings.posts_per_minute),
            settings,
            streams: Mutex::new((HashMap::new(), 0)),
            secure_cookies,
            trust_forwarded_for,
        })
    }

    pub fn client(&self, req: &HttpRequest) -> String {
        client_ip(req, self.trust_forwarded_for)
    }

    /// The person a request's cookie names, if its signature holds.
    pub fn person(&self, req: &HttpRequest) -> Option<String> {
        let c = req.cookie(COOKIE)?;
        let (id, sig) = c.value().split_once('.')?;
        (id.len() == 32 && same(sig, &hmac_hex(&self.key, id.as_bytes()))).then(|| id.to_string())
    }

    /// A new person id and its cookie.
    pub fn new_person(&self) -> String {
        hex(&random_bytes::<16>())
    }

    pub fn cookie(&self, person: &str) -> Cookie<'static> {
        let value = format!("{person}.{}", hmac_hex(&self.key, person.as_bytes()));
        Cookie::build(COOKIE, value)
            .http_only(true)
            .same_site(SameSite::Lax)
            .path("/")
            .secure(self.secure_cookies)
            .max_age(actix_web::cookie::time::Duration::days(i64::from(self.settings.name_ttl_days)))
            .finish()
    }

    /// The key a display name is claimed under (case does not make a new name).
    pub fn name_key(name: &str) -> String {
        name.trim().to_lowercase()
    }

    /// Claims `name` in `room` for `person` (409 `name_taken` if another holds it).
    pub async fn claim(
        &self,
        store: &Store,
        clock: &Clock,
        room: &str,
        name: &str,
        person: &str,
    ) -> Result<(), ApiError> {
        let now = clock.now_ms();
        let stale = now - i64::from(self.settings.name_ttl_days) * 86_400_000;
        match store.claim_name(room, &Self::name_key(name), person, now, stale).await? {
            schema::Claim::Owned => Ok(()),
            schema::Claim::Taken => Err(ApiError {
                field: Some("author".into()),
                ..ApiError::new(
                    ErrorCode::NameTaken,
                    format!("'{name}' is someone else's name in this room: pick another"),
                )
            }),
        }
    }

    /// The pseudonym a stored person id is shown under.
    pub fn public_id(&self, author_id: &str) -> String {
        format!("p-{}", &hmac_hex(&self.key, author_id.as_bytes())[..16])
    }

    /// A message as the public sees it: people's ids replaced by pseudonyms.
    pub fn public_view(&self, mut m: MessageView) -> MessageView {
        if m.author.kind == AuthorKind::Human {
            m.author.id = self.public_id(&m.author.id);
        }
        m
    }

    /// A place on the live stream, or 429 when the client or the server is full.
    pub fn open_stream(self: &Arc<Self>, client: String) -> Result<StreamSlot, ApiError> {
        let mut g = self.streams.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (per_client, total) = &mut *g;
        let mine = per_client.get(&client).copied().unwrap_or(0);
        if *total >= self.settings.streams_total || mine >= self.settings.streams_per_client {
            let which = if mine >= self.settings.streams_per_client { "from this client" } else { "on this server" };
            return Err(ApiError::new(ErrorCode::TooManyRequests, format!("too many live streams {which}"))
                .retry_after(STREAM_RETRY_SECS));
        }
        per_client.insert(client.clone(), mine + 1);
        *total += 1;
        Ok(StreamSlot { people: Arc::clone(self), client })
    }
}

/// Holds one place on the live stream until the stream ends.
pub struct StreamSlot {
    people: Arc<People>,
    client: String,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut g = self.people.streams.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (per_client, total) = &mut *g;
        *total = total.saturating_sub(1);
        if let Some(n) = per_client.get_mut(&self.client) {
            *n -= 1;
            if *n == 0 {
                per_client.remove(&self.client);
            }
        }
    }
}
