//! Running the `piyasa` binary in a test.

use std::path::Path;
use std::process::Command;

/// The seed project's persona file (6 bots, with Telegram tokens).
pub const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../engine/testdata/seed_demo_personas.json");

/// `piyasa` in `dir`, with none of the caller's `PIYASA_*` settings or
/// `RUST_LOG`, and the fake text generator (no model needed).
pub fn piyasa(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_piyasa"));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("PIYASA_") {
            cmd.env_remove(key);
        }
    }
    cmd.env_remove("RUST_LOG").env("PIYASA_LLM__PROVIDER", "fake").current_dir(dir);
    cmd
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
