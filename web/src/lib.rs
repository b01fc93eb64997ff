//! Piyasa's server: the actix-web application that serves the live room, its
//! REST API, the health endpoint and `/metrics`, with the configuration and
//! telemetry it starts from. The `piyasa` binary (crate `cli`) builds it with
//! [`startup::Application::build`]; tests start exactly the same on port 0.
//!
//! # Layout
//! - [`settings`]: typed configuration, defaults < file < `PIYASA_*` env.
//! - [`startup`]: building the application: store, community, actors, channels, HTTP server.
//! - [`routes`]: HTTP handlers, one module per resource.
//! - [`error`]: the API's error policy and JSON error shape.
//! - [`telemetry`]: logs and OTLP traces.

pub mod error;
pub mod routes;
pub mod settings;
pub mod startup;
pub mod telemetry;
