//! Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP, HMAC-SHA1,
//! 30-second steps, 6 digits) and recovery codes. Authenticator apps read
//! the secret from an `otpauth://` URI.

use crate::crypto::{base32, hex, random_bytes};
use aws_lc_rs::hmac;

/// Seconds per code.
pub const STEP_SECS: i64 = 30;
/// Steps either side of now a code may come from (clock drift).
pub const DRIFT_STEPS: i64 = 1;
/// Recovery codes made when TOTP is turned on.
pub const RECOVERY_CODES: usize = 10;

/// HOTP (RFC 4226) of `counter` with `digits` digits.
pub fn hotp(secret: &[u8], counter: u64, digits: u32) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, secret);
    let mac = hmac::sign(&key, &counter.to_be_bytes());
    let h = mac.as_ref();
    let offset = (h[h.len() - 1] & 0x0f) as usize;
    let bin = u32::from_be_bytes([h[offset] & 0x7f, h[offset + 1], h[offset + 2], h[offset + 3]]);
    format!("{:0width$}", bin % 10u32.pow(digits), width = digits as usize)
}

/// The time step a moment falls in.
pub fn step(unix_secs: i64) -> i64 {
    unix_secs.div_euclid(STEP_SECS)
}

/// The step whose 6-digit code `code` is, within the drift window around `now`.
pub fn matching_step(secret: &[u8], code: &str, unix_secs: i64) -> Option<i64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step(unix_secs);
    (now - DRIFT_STEPS..=now + DRIFT_STEPS).find(|&s| s >= 0 && crate::crypto::same(&hotp(secret, s as u64, 6), code))
}

/// A fresh 20-byte secret (160 bits, RFC 4226's recommendation).
pub fn new_secret() -> [u8; 20] {
    random_bytes::<20>()
}

/// What an authenticator app scans.
pub fn otpauth_uri(secret: &[u8], username: &str) -> String {
    let label: String =
        username.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')).collect();
    format!("otpauth://totp/Piyasa:{label}?secret={}&issuer=Piyasa&algorithm=SHA1&digits=6&period=30", base32(secret))
}

/// A recovery code: 10 hex characters in two groups (`1a2b3-c4d5e`).
pub fn new_recovery_code() -> String {
    let h = hex(&random_bytes::<5>());
    format!("{}-{}", &h[..5], &h[5..])
}

/// The form a recovery code is hashed in (case and dashes do not matter).
pub fn normalize_recovery_code(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows: (time, 8-digit code).
    const VECTORS: [(i64, &str); 6] = [
        (59, "94287082"),
        (1_111_111_109, "07081804"),
        (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"),
        (20_000_000_000, "65353130"),
    ];

    #[test]
    fn rfc_6238_test_vectors_pass() {
        let secret = b"12345678901234567890";
        for (t, want) in VECTORS {
            assert_eq!(hotp(secret, step(t) as u64, 8), want, "T = {t}");
        }
    }

    #[test]
    fn rfc_4226_hotp_vectors_pass() {
        let want = ["755224", "287082", "359152", "969429", "338314"];
        for (i, w) in want.iter().enumerate() {
            assert_eq!(hotp(b"12345678901234567890", i as u64, 6), *w);
        }
    }

    #[test]
    fn a_code_matches_within_one_step_of_drift_only() {
        let secret = b"12345678901234567890";
        let t = 1_111_111_111;
        let code = hotp(secret, step(t) as u64, 6);
        assert_eq!(matching_step(secret, &code, t), Some(step(t)));
        assert_eq!(matching_step(secret, &code, t + 30), Some(step(t)));
        assert_eq!(matching_step(secret, &code, t + 90), None);
        assert_eq!(matching_step(secret, "12345", t), None);
        assert_eq!(matching_step(secret, "abcdef", t), None);
    }

    #[test]
    fn recovery_codes_are_random_and_normalise() {
        let a = new_recovery_code();
        assert_eq!(a.len(), 11);
        assert_ne!(a, new_recovery_code());
        assert_eq!(normalize_recovery_code(" 1A2B3-C4D5E "), "1a2b3c4d5e");
        assert!(otpauth_uri(b"12345678901234567890", "ayşe").contains("secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
    }
}
