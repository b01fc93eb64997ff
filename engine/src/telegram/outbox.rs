//! The outbox state machine. Every Telegram message goes
//! planned → sending → sent (with Telegram's message id) or failed/dropped
//! (with a reason). Delivery is at-most-once: a message found in "sending"
//! after a crash may or may not have reached Telegram, so it becomes
//! "unknown" and is never sent again; "planned" ones are resumed.

use std::fmt;

/// Where a message is on its way out (a stored room message, a Telegram
/// outbox row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutboxStatus {
    Planned,
    Sending,
    Sent,
    /// Telegram refused it for good (kicked bot, bad request).
    Failed,
    /// Piyasa gave it up (room paused, retries spent, chat gone).
    Dropped,
    /// Left in "sending" by a crash.
    Unknown,
}

impl std::str::FromStr for OutboxStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OutboxStatus::parse(s).ok_or_else(|| format!("'{s}' is not a delivery status"))
    }
}

/// A move the state machine does not allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an outbox message cannot go from {from} to {to}")]
pub struct IllegalMove {
    pub from: OutboxStatus,
    pub to: OutboxStatus,
}

impl OutboxStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Planned => "planned",
            OutboxStatus::Sending => "sending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Failed => "failed",
            OutboxStatus::Dropped => "dropped",
            OutboxStatus::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Planned, Self::Sending, Self::Sent, Self::Failed, Self::Dropped, Self::Unknown]
            .into_iter()
            .find(|v| v.as_str() == s)
    }

    /// No further move is possible.
    pub fn is_final(self) -> bool {
        !matches!(self, OutboxStatus::Planned | OutboxStatus::Sending)
    }

    /// Checks a move. `sending → planned` is only for a request Telegram
    /// answered with a refusal (429, migration, a 5xx error body, a refused
    /// connection): it certainly did not take the message. A request that
    /// got no answer may have arrived, so it goes to `unknown` instead.
    pub fn go(self, to: OutboxStatus) -> Result<OutboxStatus, IllegalMove> {
        use OutboxStatus::*;
        let ok = matches!(
            (self, to),
            (Planned, Sending) | (Planned, Dropped) | (Sending, Planned | Sent | Failed | Dropped | Unknown)
        );
        if ok { Ok(to) } else { Err(IllegalMove { from: self, to }) }
    }

    /// What a message in this state becomes when the process starts again.
    pub fn on_restart(self) -> OutboxStatus {
        match self {
            OutboxStatus::Sending => OutboxStatus::Unknown,
            other => other,
        }
    }
}

impl fmt::Display for OutboxStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::OutboxStatus::*;
    use super::*;

    #[test]
    fn a_message_is_sent_at_most_once() {
        assert_eq!(Planned.go(Sending).and_then(|s| s.go(Sent)), Ok(Sent));
        assert!(Sent.go(Sending).is_err());
        assert!(Unknown.go(Sending).is_err());
        assert!(Sent.go(Planned).is_err() && Failed.go(Planned).is_err());
        assert_eq!(Sending.on_restart(), Unknown);
        assert_eq!(Planned.on_restart(), Planned);
    }

    #[test]
    fn statuses_round_trip_as_text() {
        for s in [Planned, Sending, Sent, Failed, Dropped, Unknown] {
            assert_eq!(OutboxStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(OutboxStatus::parse("lost"), None);
    }
}
