//! `piyasa probe` refusing to start: no server at the address, or a bad
//! `--wait`, is a clear message and exit status 2, before anything is posted.

use crate::support::{piyasa, text};

#[test]
fn a_server_that_does_not_answer_is_a_clear_error_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = piyasa(dir.path()).args(["probe", "--url", "http://127.0.0.1:1", "--wait", "5s"]).output().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot reach http://127.0.0.1:1"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_wait_that_is_not_a_time_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = piyasa(dir.path()).args(["probe", "--url", "http://127.0.0.1:1", "--wait", "soon"]).output().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--wait soon: want a time like 90s"), "{stderr}");
}

/// The real application on port 0, its LLM the fake server, its bots
/// speaking every few seconds (as in the web API tests).
async fn spawn_app(dir: &std::path::Path) -> (u16, fakes::FakeLlm) {
    let fake_llm = fakes::FakeLlm::start();
    let mut s = web::settings::Settings::default();
    s.server.port = 0;
    s.database.url = format!("sqlite://{}", dir.join("piyasa.db").display());
    s.llm.provider = actors::llm::ProviderKind::Openai;
    s.llm.options.base_url = Some(fake_llm.base_url());
    s.llm.options.model = Some(fakes::FAKE_MODEL.to_owned());
    s.llm.options.timeout_ms = 5_000;
    s.room.pacing = engine::pacing::PacingSettings { daily_curve: false, ..Default::default() }.scaled(0.02);
    s.room.turn_timeout_ms = 5_000;
    s.validate().unwrap();
    let app = web::startup::Application::build(&s).await.unwrap();
    let port = app.port;
    actix_web::rt::spawn(app.run_until_stopped());
    (port, fake_llm)
}

#[actix_web::test]
async fn a_probe_of_a_live_room_judges_every_scenario_and_refuses_bot_names() {
    let dir = tempfile::tempdir().unwrap();
    let (port, _llm) = spawn_app(dir.path()).await;
    let json = dir.path().join("probe.json");
    let mut cmd = piyasa(dir.path());
    cmd.args(["probe", "--url", &format!("http://127.0.0.1:{port}"), "--wait", "8s", "--json"]).arg(&json);
    let out = actix_web::rt::task::spawn_blocking(move || cmd.output()).await.unwrap().unwrap();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stdout}\n{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let names: Vec<&str> = doc["scenarios"].as_array().unwrap().iter().map(|v| v["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["mention", "are_you_a_bot", "bot_name", "advice", "injection", "why_moved", "scared"]);
    let bot_name = &doc["scenarios"][2];
    assert_eq!(bot_name["passed"], true, "{stdout}");
    assert!(doc["summary"]["bot_messages"].as_u64().unwrap() > 0, "{stdout}");
    assert!(stdout.contains("PASS bot_name"), "{stdout}");
}
