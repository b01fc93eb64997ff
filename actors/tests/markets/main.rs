//! The market against fake feed and price servers (real HTTP, faults,
//! downtime), on virtual time where the test allows it.

mod beliefs;
mod feeds;
mod operator;
mod prices;
mod restart;
mod support;
mod trades;
