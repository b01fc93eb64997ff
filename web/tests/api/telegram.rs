//! `piyasa bots`, `piyasa rooms` and `piyasa telegram` against the fake Bot
//! API: tokens checked with getMe, stored encrypted, never shown; bad input
//! explained and nothing changed.

use fakes::FakeTelegram;
use std::path::Path;
use std::process::{Command, Output};

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
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_piyasa"));
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("PIYASA_") {
                cmd.env_remove(key);
            }
        }
        cmd.env_remove("RUST_LOG")
            .env("PIYASA_LLM__PROVIDER", "fake")
            .env("PIYASA_DATABASE__URL", &self.db)
            .env("PIYASA_TELEGRAM__API_BASE_URL", &self.api)
            .env("PIYASA_TELEGRAM__TOKEN_KEY", &self.key)
            .envs(extra.iter().copied())
            .current_dir(self.dir)
            .args(args)
            .stdin(std::process::Stdio::null());
        let out: Output = cmd.output().expect("piyasa runs");
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
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

/// `piyasa run` with `telegram.enabled`: the channel starts with the app,
/// bots get their AI profile, a person's message from the group reaches the
/// room, and the webhook route is mounted and guarded.
#[actix_web::test]
async fn the_application_starts_the_channel_when_telegram_is_enabled() {
    use crate::helpers::{ROOM, TestApp, test_settings};
    use secrecy::SecretString;
    let fake = FakeTelegram::start();
    fake.add_bot(TOKEN, "mehmet_piyasa_bot", true);
    let chat = fake.add_group("Piyasa");
    fake.add_members(chat, &["mehmet_piyasa_bot"]);
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let llm = fakes::FakeLlm::start();
    let mut s = test_settings(&db, &llm.base_url());
    s.telegram.enabled = true;
    s.telegram.api_base_url = fake.base_url();
    s.telegram.token_key = Some(SecretString::from(KEY_A));
    s.telegram.startup_stagger_ms = 0;
    s.telegram.poll_timeout_s = 1;
    // The community file maps the room to the group (its `telegram:` section).
    let file = dir.path().join("community.yaml");
    std::fs::write(&file, format!("{}\ntelegram:\n  chat_id: {chat}\n", web::settings::BUNDLED_COMMUNITY)).unwrap();
    s.community.file = Some(file);
    s.validate().unwrap();
    let store = schema::Store::connect(&db).await.unwrap();
    let community = engine::community::Community::from_yaml(web::settings::BUNDLED_COMMUNITY).unwrap();
    actors::Community::import(&store, &community, "🤖", 1).await.unwrap();
    telegram::admin::add_bot(&store, &s.telegram, "mehmet_bist", &SecretString::from(TOKEN), true, 1).await.unwrap();

    let app = web::startup::Application::build(&s).await.expect("the application builds");
    assert!(app.telegram.is_some());
    let (port, server) = (app.port, app.server_handle());
    actix_web::rt::spawn(app.run_until_stopped());
    let t = TestApp::new(port, &db, llm, server);

    let r = t.client.post(t.url("/telegram/webhook/mehmet_bist")).json(&serde_json::json!({})).send().await.unwrap();
    assert_eq!(r.status(), 401, "the webhook route is mounted and wants the secret");
    fake.human_says(chat, 31, "Zeynep", "altın ne olur bu hafta", None);
    let mut arrived = false;
    for _ in 0..300 {
        if t.messages().await.iter().any(|m| m["text"] == "altın ne olur bu hafta") {
            arrived = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(arrived, "the person's Telegram message reached the room");
    assert!(fake.profile("mehmet_piyasa_bot").0.unwrap().starts_with("🤖"));
    assert_eq!(store.telegram_chat(ROOM).await.unwrap().unwrap().chat_id, chat);
}
