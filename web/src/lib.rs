//! Piyasa's server: the actix-web application that serves the live room, its
//! REST API, the health endpoint and `/metrics`, with the configuration and
//! telemetry it starts from. The `piyasa` binary (crate `cli`) builds it with
//! [`startup::Application::build`]; tests start exactly the same on port 0.
//!
//! # Layout
//! - [`settings`]: typed configuration, defaults < file < `PIYASA_*` env.
//! - [`startup`]: building the application: store, community, actors, channels, HTTP server.
//! - [`routes`]: HTTP handlers, one module per resource.
//! - [`console`]: the operator console at `/console`: pages for the logged-in operator, a client of the API.
//! - [`error`]: the API's error policy and JSON error shape.
//! - [`auth`]: operators: roles, accounts, passwords, TOTP, sessions, API keys, the access guard.
//! - [`people`]: the people's side: person cookies, name claims, pseudonyms, throttles, stream caps.
//! - [`audit`]: the audit log of every change.
//! - [`headers`]: security headers on every response.
//! - [`http_metrics`]: every request counted and timed by route pattern for `/metrics`.
//! - [`http_trace`]: one span per request (route, request id, trace id, a caller's `traceparent`).
//! - [`forward`]: workers mode: a request for a room another worker runs is forwarded there.
//! - [`limits`]: what one client can hold: the request deadline (408) and the connection cap.
//! - [`throttle`]: keyed token buckets.
//! - [`crypto`]: random tokens, SHA-256, HMAC (aws-lc-rs, the one crypto stack).
//! - [`clock`]: the injectable wall clock of the server's time-based rules.
//! - [`telemetry`]: logs and OTLP traces.

pub mod audit;
pub mod auth;
pub mod clock;
pub mod console;
pub mod crypto;
pub mod error;
pub mod forward;
pub mod headers;
pub mod http_metrics;
pub mod http_trace;
pub mod limits;
pub mod people;
pub mod routes;
pub mod settings;
pub mod startup;
pub mod telemetry;
pub mod throttle;
