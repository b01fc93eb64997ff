use super::*;
use proptest::prelude::*;

fn ms(v: i64) -> Millis {
    Millis(v)
}

#[test]
fn a_second_message_to_the_same_chat_waits_a_second() {
    let mut s = SendScheduler::new(SendLimits::default());
    assert_eq!(s.try_acquire("a", -1, ms(0)), Decision::Now);
    assert_eq!(s.check("a", -1, ms(10)), Decision::WaitUntil(ms(1_000)));
    // Another chat and another bot are not held up.
    assert_eq!(s.check("a", -2, ms(10)), Decision::Now);
    assert_eq!(s.check("b", -1, ms(10)), Decision::Now);
}

#[test]
fn the_twenty_first_message_in_a_minute_waits_for_the_first_to_age_out() {
    let mut s = SendScheduler::new(SendLimits::default());
    for i in 0..20 {
        assert_eq!(s.try_acquire("a", -1, ms(i * 1_000)), Decision::Now);
    }
    assert_eq!(s.check("a", -1, ms(20_000)), Decision::WaitUntil(ms(60_000)));
}

#[test]
fn a_send_counts_from_when_its_answer_came() {
    let mut s = SendScheduler::new(SendLimits::default());
    assert_eq!(s.try_acquire("a", -1, ms(0)), Decision::Now);
    s.confirm("a", -1, ms(0), ms(300));
    assert_eq!(s.check("a", -1, ms(1_000)), Decision::WaitUntil(ms(1_300)));
}

#[test]
fn a_429_blocks_only_that_bot_in_that_chat() {
    let mut s = SendScheduler::new(SendLimits::default());
    s.retry_after("a", -1, ms(0), 5_000);
    assert_eq!(s.check("a", -1, ms(100)), Decision::WaitUntil(ms(5_000)));
    assert_eq!(s.check("a", -2, ms(100)), Decision::Now);
    assert_eq!(s.check("b", -1, ms(100)), Decision::Now);
    assert_eq!(s.check("a", -1, ms(5_000)), Decision::Now);
}

#[test]
fn compressed_limits_keep_the_counts_and_shrink_the_windows() {
    let l = SendLimits::default().compressed(60);
    assert_eq!((l.group_per_window, l.group_window_ms, l.chat_gap_ms), (20, 1_000, 16));
    assert!(SendLimits { bot_per_window: 0, ..l }.validate().is_err());
}

/// Counts in every window ending at each send never pass the limits.
fn assert_within(limits: &SendLimits, sends: &[(String, i64, Millis)]) {
    for (i, (bot, chat, at)) in sends.iter().enumerate() {
        let before = &sends[..i];
        let same_chat = before.iter().filter(|(b, c, t)| b == bot && c == chat && at.since(*t) < limits.chat_gap_ms);
        assert_eq!(same_chat.count(), 0, "chat gap broken at {at:?}");
        let group =
            before.iter().filter(|(b, c, t)| b == bot && c == chat && at.since(*t) < limits.group_window_ms).count();
        assert!(group < limits.group_per_window as usize, "group limit broken at {at:?}");
        let all = before.iter().filter(|(b, _, t)| b == bot && at.since(*t) < limits.bot_window_ms).count();
        assert!(all < limits.bot_per_window as usize, "bot limit broken at {at:?}");
    }
}

proptest! {
    /// Whatever bots ask in whatever order, a sender that waits when told
    /// never breaks a limit, and every message eventually goes out.
    #[test]
    fn obeying_the_scheduler_never_breaks_a_limit(
        asks in prop::collection::vec((0u8..4, 0i64..3, 0i64..400), 1..200),
    ) {
        let limits = SendLimits::default();
        let mut s = SendScheduler::new(limits);
        let mut now = Millis(0);
        let mut sends = Vec::new();
        for (bot, chat, step) in asks {
            now = now.plus_ms(step);
            let bot = format!("b{bot}");
            let mut t = now;
            loop {
                match s.try_acquire(&bot, -chat - 1, t) {
                    Decision::Now => break,
                    Decision::WaitUntil(u) => {
                        prop_assert!(u > t);
                        t = u;
                    }
                }
            }
            sends.push((bot, -chat - 1, t));
            now = now.max(t);
        }
        sends.sort_by_key(|(_, _, t)| *t);
        assert_within(&limits, &sends);
    }
}
