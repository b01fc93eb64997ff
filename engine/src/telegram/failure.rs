//! What a Bot API error asks the sender to do. Classified from the error's
//! code, description and parameters only (never from the request, which
//! carries the token in its URL).

/// The sender's next step after a failed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// 429: wait this long, then try the same message again (this bot and chat only).
    RetryAfter { ms: i64 },
    /// 400 migrate_to_chat_id: the group became a supergroup; send once more there.
    Migrated { to_chat: i64 },
    /// 403: the bot was kicked or is not a member; it stops writing there.
    Forbidden { reason: String },
    /// 400 chat not found: the room's chat is gone; pause the room.
    ChatNotFound { reason: String },
    /// A network error or a 5xx: retry with backoff.
    Transient { reason: String },
    /// Anything else (a bad request): this message fails for good.
    Permanent { reason: String },
}

/// Classifies a Bot API error response.
pub fn classify(code: u64, description: &str, retry_after_s: Option<u64>, migrate_to: Option<i64>) -> Failure {
    if let Some(to_chat) = migrate_to {
        return Failure::Migrated { to_chat };
    }
    let reason = format!("{code}: {description}");
    match code {
        429 => Failure::RetryAfter { ms: retry_after_s.unwrap_or(1) as i64 * 1000 },
        403 => Failure::Forbidden { reason },
        400 if description.to_ascii_lowercase().contains("chat not found") => Failure::ChatNotFound { reason },
        500..=599 => Failure::Transient { reason },
        _ => Failure::Permanent { reason },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_map_to_what_the_sender_does() {
        assert_eq!(classify(429, "Too Many Requests", Some(3), None), Failure::RetryAfter { ms: 3000 });
        assert_eq!(classify(400, "group upgraded", None, Some(-1_001)), Failure::Migrated { to_chat: -1_001 });
        assert!(matches!(classify(403, "Forbidden: bot was kicked", None, None), Failure::Forbidden { .. }));
        assert!(matches!(classify(400, "Bad Request: chat not found", None, None), Failure::ChatNotFound { .. }));
        assert!(matches!(classify(502, "Bad Gateway", None, None), Failure::Transient { .. }));
        assert!(matches!(classify(400, "Bad Request: message is too long", None, None), Failure::Permanent { .. }));
    }
}
