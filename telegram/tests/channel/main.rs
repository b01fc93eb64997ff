//! The Telegram channel against the fake Bot API over HTTP.

mod fuzz;
mod helpers;
mod hour;
mod live;
mod reactions;
mod receiving;
mod sending;
