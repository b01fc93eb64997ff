//! The `piyasa` binary end to end: each test runs the real executable with a
//! clean configuration and checks what a user sees (output, exit status,
//! files, the store). One test binary; each module covers one command.

mod backup;
mod bench;
mod config;
mod eval;
mod market;
mod personas;
mod privacy;
mod probe;
mod run;
mod simulate;
mod support;
mod telegram;

// The fault matrix's harness (a running server between fakes), used here by parts.
#[allow(dead_code)]
#[path = "../faults/stack.rs"]
mod stack;
