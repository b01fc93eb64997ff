//! The process SIGKILLed: in the middle of a bot's turn (the model is
//! slow), and in the middle of a Telegram send (the Bot API hangs).
//! Recovery: from the restart to the first bot message (turn) or the first
//! message the group gets (send).

use crate::row;
use crate::stack::{BOTS, Stack, serial};
use fakes::TgFault;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_turn() {
    let _one = serial().await;
    let mut s = Stack::sqlite().await;
    s.until("the room talks", Duration::from_secs(30), || async { !s.bot_messages_after(0).await.is_empty() }).await;
    s.llm.set_latency(Duration::from_secs(5));
    let asked = s.post("Defne", "@mehmet_bist bankalar neden düştü?").await.expect("stored");
    let calls = s.llm.request_count();
    s.until("a turn is drafting", Duration::from_secs(20), || async { s.llm.request_count() > calls }).await;
    s.kill9();
    s.llm.set_latency(Duration::ZERO);
    let restarted = Instant::now();
    s.start();
    s.until("a bot speaks again", Duration::from_secs(60), || async { !s.bot_messages_after(asked).await.is_empty() })
        .await;
    let recovery = restarted.elapsed();
    row(
        "SIGKILL mid-turn",
        recovery,
        "the half-made turn is gone (nothing was stored); the room starts from the store",
    );
    s.check_nothing_lost_or_doubled().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_send() {
    let _one = serial().await;
    let mut s = Stack::sqlite().await;
    s.until("the group gets a message", Duration::from_secs(30), || async { !s.sent_to_group().is_empty() }).await;
    s.tg.inject("sendMessage", TgFault::Hang(Duration::from_secs(30)));
    for (bot, _, _) in BOTS {
        s.post("Defne", &format!("@{bot} gümüş ne olur?")).await.expect("stored");
    }
    s.until("a send hangs", Duration::from_secs(30), || async {
        s.tg.calls_of("sendMessage").iter().any(|c| c.status == 0)
    })
    .await;
    let hung = s.tg.calls_of("sendMessage").into_iter().find(|c| c.status == 0).unwrap();
    let text = hung.params["text"].as_str().unwrap().to_string();
    s.kill9();
    let restarted = Instant::now();
    s.start();
    let sent_after = |s: &Stack| {
        s.tg.calls_of("sendMessage").iter().filter(|c| c.status == 200 && c.at > restarted).map(|c| c.at).min()
    };
    s.until("the group gets a message again", Duration::from_secs(60), || async { sent_after(&s).is_some() }).await;
    let recovery = sent_after(&s).unwrap() - restarted;
    // The hung send's answer never came: it is `unknown` and never sent again.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let tries = s.tg.calls_of("sendMessage").iter().filter(|c| c.params["text"] == text.as_str()).count();
    assert_eq!(tries, 1, "a send whose answer never came is not sent again");
    row("SIGKILL mid-send", recovery, "the row in flight becomes `unknown` (maybe sent, never twice); the rest go out");
    s.check_nothing_lost_or_doubled().await;
}
