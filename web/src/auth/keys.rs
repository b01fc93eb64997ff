//! API keys for automation: `pk_` + 64 hex characters, shown once; the
//! store keeps the SHA-256 and the first characters (to tell keys apart).

use crate::crypto::{random_token, sha256_hex};

/// Every key starts with this, so a leaked one is easy to spot in a scan.
pub const PREFIX: &str = "pk_";
/// Characters of the key kept in clear to name it in lists (`pk_1a2b3c4d`).
const SHOWN: usize = PREFIX.len() + 8;

/// A new key: (the key, its shown prefix, its hash).
pub fn new_key() -> (String, String, String) {
    let key = format!("{PREFIX}{}", random_token());
    let shown = key[..SHOWN].to_string();
    let hash = sha256_hex(&key);
    (key, shown, hash)
}

/// Whether a bearer token has the shape of a key (before any lookup).
pub fn looks_like_key(token: &str) -> bool {
    token.len() == PREFIX.len() + 64
        && token.starts_with(PREFIX)
        && token[PREFIX.len()..].bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_prefixed_random_and_stored_only_as_its_hash() {
        let (key, shown, hash) = new_key();
        assert!(looks_like_key(&key));
        assert!(key.starts_with(&shown) && shown.len() == 11);
        assert_eq!(hash, sha256_hex(&key));
        assert!(!hash.contains(&key[3..]));
        assert!(!looks_like_key("pk_short") && !looks_like_key(&key.to_uppercase()));
    }
}
