//! `piyasa bots`, `piyasa rooms` and `piyasa telegram` against the fake Bot
//! API: tokens checked with getMe, stored encrypted, never shown; bad input
//! explained and nothing changed.

use crate::support::{piyasa, text};
use fakes::FakeTelegram;
use std::path::Path;

const COMMUNITY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/community.yaml");
const TOKEN: &str = "123456:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp_x";

struct Env<'a> {
    dir: &'a Path,
    db: String,
    api: String,
    key: String,
}

impl Env<'_> {
    fn run(&self, args: &[&str], extra: &[(&str, &str)]) -> (bool, String) {
        let mut cmd = piyasa(self.dir);
        cmd.env("PIYASA_DATABASE__URL", &self.db)
            .env("PIYASA_TELEGRAM__API_BASE_URL", &self.api)
            .env("PIYASA_TELEGRAM__TOKEN_KEY", &self.key)
            .envs(extra.iter().copied())
            .args(args)
            .stdin(std::process::Stdio::null());
        let out = cmd.output().expect("piyasa runs");
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(!all.contains("AAbbCCddEEffGGhhIIjjKKllMMnnOOpp"), "a token was printed:\n{all}");
        (out.status.success(), all)
    }
}

const KEY_A: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const KEY_B: &str = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

#[test]
fn bots_and_rooms_are_managed_from_the_command_line_without_showing_a_token() {
    let fake = FakeTelegram::start();
    fake.add_bot(TOKEN, "mehmet_piyasa_bot", false);
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("t.db");
    let e =
        Env { dir: dir.path(), db: format!("sqlite://{}", db_path.display()), api: fake.base_url(), key: KEY_A.into() };
    assert!(e.run(&["personas", "import", COMMUNITY], &[]).0);

    let (ok, out) = e.run(&["bots", "add", "mehmet_bist"], &[("BOT_TOKEN", TOKEN)]);
    assert!(ok && out.contains("@mehmet_piyasa_bot"), "{out}");
    assert_eq!(fake.calls_of("getMe").len(), 1, "the token is checked with getMe");
    let (ok, out) = e.run(&["bots", "add", "mehmet_bist"], &[("BOT_TOKEN", "not-a-token")]);
    assert!(!ok && out.contains("does not look like a BotFather token"), "{out}");
    let (ok, out) = e.run(&["bots", "add", "mehmet_bist"], &[("BOT_TOKEN", "999:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp_zz")]);
    assert!(!ok && out.contains("Telegram refused the token"), "{out}");
    let (ok, out) = e.run(&["bots", "add", "kimse_yok"], &[("BOT_TOKEN", TOKEN)]);
    assert!(!ok && out.contains("no persona 'kimse_yok'"), "{out}");
    let (ok, out) = e.run(&["bots", "list"], &[]);
    assert!(ok && out.contains("mehmet_bist\t@mehmet_piyasa_bot\tpersona"), "{out}");
    let stored = std::fs::read(&db_path).unwrap();
    assert!(!String::from_utf8_lossy(&stored).contains(TOKEN), "the token is stored only encrypted");

    let (ok, out) = e.run(&["rooms", "add", "piyasa-sohbet", "--chat", "-1001234"], &[]);
    assert!(ok, "{out}");
    let (ok, out) = e.run(&["rooms", "add", "yok-boyle-oda", "--chat", "-1"], &[]);
    assert!(!ok && out.contains("no room 'yok-boyle-oda'"), "{out}");
    let (ok, out) = e.run(&["rooms", "add", "piyasa-sohbet", "--chat", "5"], &[]);
    assert!(!ok && out.contains("negative"), "{out}");
    let (ok, out) = e.run(&["rooms", "join", "piyasa-sohbet", "can_scalp"], &[]);
    assert!(!ok && out.contains("has no Telegram account"), "{out}");
    assert!(e.run(&["rooms", "leave", "piyasa-sohbet", "mehmet_bist"], &[]).0);

    // Rotation: a wrong current key changes nothing; the right one re-encrypts.
    let wrong = Env { key: KEY_B.into(), ..e };
    let (ok, out) = wrong.run(&["telegram", "rotate-key"], &[("NEW_TOKEN_KEY", KEY_A)]);
    assert!(!ok && out.contains("does not decrypt"), "{out}");
    let e = Env { key: KEY_A.into(), ..wrong };
    let (ok, out) = e.run(&["telegram", "rotate-key"], &[("NEW_TOKEN_KEY", KEY_B)]);
    assert!(ok && out.contains("re-encrypted 1 bot tokens"), "{out}");
    let (ok, out) = e.run(&["telegram", "rotate-key"], &[("NEW_TOKEN_KEY", KEY_A)]);
    assert!(!ok && out.contains("does not decrypt"), "the old key no longer opens it: {out}");
    let e = Env { key: KEY_B.into(), ..e };
    assert!(e.run(&["bots", "remove", "mehmet_bist"], &[]).0);
    let (ok, out) = e.run(&["bots", "remove", "mehmet_bist"], &[]);
    assert!(!ok && out.contains("no Telegram account for bot 'mehmet_bist'"), "{out}");
}

#[test]
fn new_key_works_when_the_config_already_turns_telegram_on_without_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let out =
        piyasa(dir.path()).args(["telegram", "new-key"]).env("PIYASA_TELEGRAM__ENABLED", "true").output().unwrap();
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    let key = stdout.trim();
    assert!(key.len() == 64 && key.chars().all(|c| c.is_ascii_hexdigit()), "{key}");
    let again = piyasa(dir.path()).args(["telegram", "new-key"]).output().unwrap();
    assert_ne!(text(&again.stdout).trim(), key, "a fresh key every time");
}
