//! The few primitives the server's security needs, all from `aws-lc-rs` (the
//! workspace's one crypto stack): random tokens, SHA-256, HMAC-SHA256 and a
//! constant-time comparison. Passwords use argon2id (`auth::password`).

use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use aws_lc_rs::{digest, hmac};
use std::sync::OnceLock;

/// `N` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    // unwrap: the OS random source does not fail on supported platforms.
    SystemRandom::new().fill(&mut out).unwrap();
    out
}

/// 32 random bytes as 64 hex characters (session ids, CSRF tokens, keys).
pub fn random_token() -> String {
    hex(&random_bytes::<32>())
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || !s.is_ascii() {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok()).collect()
}

/// SHA-256 as hex: how session ids, API keys and recovery codes are stored.
pub fn sha256_hex(value: &str) -> String {
    hex(digest::digest(&digest::SHA256, value.as_bytes()).as_ref())
}

/// HMAC-SHA256 of `data` under `key`, as hex.
pub fn hmac_hex(key: &hmac::Key, data: &[u8]) -> String {
    hex(hmac::sign(key, data).as_ref())
}

/// Whether two secrets are equal, in time that does not depend on where
/// they differ (an HMAC under a per-process key, verified by `aws-lc-rs`).
pub fn same(a: &str, b: &str) -> bool {
    static KEY: OnceLock<hmac::Key> = OnceLock::new();
    let key = KEY.get_or_init(|| hmac::Key::new(hmac::HMAC_SHA256, &random_bytes::<32>()));
    let tag = hmac::sign(key, b.as_bytes());
    hmac::verify(key, a.as_bytes(), tag.as_ref()).is_ok()
}

/// RFC 4648 base32 without padding (TOTP secrets for authenticator apps).
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_base32_matches_rfc_4648() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
        assert_eq!(unhex("000fff"), Some(vec![0, 15, 255]));
        assert_eq!(unhex("0g"), None);
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(random_token().len(), 64);
        assert_ne!(random_token(), random_token());
    }

    #[test]
    fn same_compares_whole_secrets() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
        assert_eq!(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
