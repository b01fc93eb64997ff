//! Honest prices: a room on simulated prices says so wherever people see it
//! (its topic, the web page, the bots' Telegram descriptions).

use super::PriceMode;

/// The label a simulated room carries (Turkish first, like the room).
pub const SIMULATED_LABEL: &str = "Simüle fiyatlar: gerçek piyasa verisi değildir";

/// What a Telegram description adds for a bot in a simulated room.
pub const SIMULATED_TELEGRAM_NOTE: &str = "Paylaştığı fiyatlar simüledir, gerçek piyasa verisi değildir.";

/// The topic people see: a simulated room's topic ends with the label.
pub fn topic(topic: &str, mode: PriceMode) -> String {
    let topic = topic.trim();
    match mode {
        PriceMode::Live => topic.to_string(),
        PriceMode::Simulated if topic.is_empty() => format!("⚠️ {SIMULATED_LABEL}"),
        PriceMode::Simulated if topic.contains(SIMULATED_LABEL) => topic.to_string(),
        PriceMode::Simulated => format!("{topic} · ⚠️ {SIMULATED_LABEL}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_simulated_room_says_so_in_its_topic_once_and_a_live_one_keeps_its_own() {
        let t = topic("BIST ve döviz", PriceMode::Simulated);
        assert_eq!(t, "BIST ve döviz · ⚠️ Simüle fiyatlar: gerçek piyasa verisi değildir");
        assert_eq!(topic(&t, PriceMode::Simulated), t);
        assert!(topic("", PriceMode::Simulated).contains("Simüle"));
        assert_eq!(topic("BIST ve döviz", PriceMode::Live), "BIST ve döviz");
    }
}
