//! Retry backoff, one rule for every retry in Piyasa (LLM providers, Telegram
//! sends and polls): exponential from a base, capped, with optional full
//! jitter, and never shorter than what the server asked for.

/// Delay before retry `attempt` (0-based: the first retry is 0): `base_ms`
/// doubling per attempt up to `cap_ms`, scaled by `u` (uniform in 0..1 for
/// full jitter, 1.0 for none), never shorter than the server's `retry_after_ms`.
pub fn backoff_ms(attempt: u32, base_ms: i64, cap_ms: i64, u: f64, retry_after_ms: Option<i64>) -> i64 {
    let exp = base_ms.saturating_mul(1i64 << attempt.min(20)).min(cap_ms);
    let jittered = (exp as f64 * u.clamp(0.0, 1.0)) as i64;
    jittered.max(retry_after_ms.unwrap_or(0))
}

/// No jitter: the full delay.
pub const NO_JITTER: f64 = 1.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        assert_eq!(backoff_ms(0, 100, 5000, NO_JITTER, None), 100);
        assert_eq!(backoff_ms(3, 100, 5000, NO_JITTER, None), 800);
        assert_eq!(backoff_ms(10, 100, 5000, NO_JITTER, None), 5000);
        assert_eq!(backoff_ms(1, 100, 5000, 0.1, Some(2000)), 2000);
        assert_eq!([0, 1, 2, 8].map(|a| backoff_ms(a, 100, 1_000, NO_JITTER, None)), [100, 200, 400, 1_000]);
    }

    #[test]
    fn jitter_only_shortens_and_a_huge_attempt_does_not_overflow() {
        for u in [0.0, 0.3, 0.99, 1.0] {
            assert!(backoff_ms(4, 100, 5000, u, None) <= backoff_ms(4, 100, 5000, NO_JITTER, None));
        }
        assert_eq!(backoff_ms(u32::MAX, i64::MAX / 2, i64::MAX, NO_JITTER, None), i64::MAX);
    }
}
