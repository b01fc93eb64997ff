//! `piyasa privacy forget` while a server runs on the same database: the
//! person's lines leave the running rooms' prompts too, not only the store.

use crate::stack::{ROOM, Stack};
use std::time::Duration;

const PASSWORD: &str = "forget-test-operator-pass";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgetting_from_the_cli_reaches_a_running_servers_rooms() {
    let mut s = Stack::sqlite_unstarted();
    s.cli(&["admin", "create", "--username", "ops"], &[("ADMIN_PASSWORD", PASSWORD.to_string())]);
    s.start();
    let (op, csrf) = s.operator("ops", PASSWORD).await;
    // Paused: no bot line pushes the person's out of the prompt while we look.
    let r = op.post(s.url(&format!("/api/rooms/{ROOM}/pause"))).header("X-CSRF-Token", &csrf).send().await.unwrap();
    assert!(r.status().is_success(), "pause: {}", r.status());
    s.post("Defne", "benim notum mavikelebek, kimse bilmesin").await.expect("stored");
    let prompt = async || {
        let url = s.url(&format!("/api/personas/mehmet_bist/prompt?room={ROOM}"));
        let r = op.get(url).send().await.unwrap();
        assert_eq!(r.status(), 200);
        r.text().await.unwrap()
    };
    assert!(prompt().await.contains("mavikelebek"), "the prompt quotes the person before");
    let out = s.cli(&["privacy", "forget", "--user", "web:Defne"], &[]);
    assert!(out.contains("1 messages deleted"), "{out}");
    let gone = s.until("the running room forgets", Duration::from_secs(10), || async {
        !prompt().await.contains("mavikelebek")
    });
    gone.await;
}
