//! Secrets at rest (Telegram bot tokens, LLM provider keys set at run
//! time): ChaCha20-Poly1305 (aws-lc-rs, the crypto provider rustls already
//! links) with a 256-bit key from config (`telegram.token_key`, or the
//! `PIYASA_TELEGRAM__TOKEN_KEY` environment variable), a fresh random nonce
//! per secret, and the owner's id as associated data (a bot's id, or
//! `llm:NAME` for a provider: a ciphertext copied to another row does not
//! decrypt). Stored as `v1:<hex nonce+ciphertext>`. Errors never contain the
//! secret or the key.

use aws_lc_rs::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use aws_lc_rs::rand::{SecureRandom, SystemRandom};
use secrecy::{ExposeSecret, SecretString};

/// Why a key or a ciphertext was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("telegram.token_key: must be 64 hex characters (32 bytes); `piyasa telegram new-key` prints one")]
    BadKey,
    #[error("the stored secret of '{0}' does not decrypt with this key (wrong telegram.token_key?)")]
    Undecryptable(String),
    #[error("no random numbers available from the operating system")]
    Random,
}

const PREFIX: &str = "v1:";

/// Encrypts and decrypts bot tokens with one key.
pub struct TokenCipher {
    key: LessSafeKey,
}

impl std::fmt::Debug for TokenCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenCipher(***)")
    }
}

impl TokenCipher {
    /// A cipher from a 64-hex-character key.
    pub fn from_hex(key: &SecretString) -> Result<Self, CryptoError> {
        let bytes = hex_decode(key.expose_secret().trim()).filter(|b| b.len() == 32).ok_or(CryptoError::BadKey)?;
        let unbound = UnboundKey::new(&CHACHA20_POLY1305, &bytes).map_err(|_| CryptoError::BadKey)?;
        Ok(TokenCipher { key: LessSafeKey::new(unbound) })
    }

    /// A fresh random key, hex-encoded.
    pub fn new_key() -> Result<SecretString, CryptoError> {
        let mut k = [0u8; 32];
        SystemRandom::new().fill(&mut k).map_err(|_| CryptoError::Random)?;
        Ok(SecretString::from(hex_encode(&k)))
    }

    /// Encrypts `token` for bot `bot_id`.
    pub fn encrypt(&self, bot_id: &str, token: &SecretString) -> Result<String, CryptoError> {
        let mut nonce = [0u8; NONCE_LEN];
        SystemRandom::new().fill(&mut nonce).map_err(|_| CryptoError::Random)?;
        let mut data = token.expose_secret().as_bytes().to_vec();
        self.key
            .seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(bot_id.as_bytes()), &mut data)
            .map_err(|_| CryptoError::Random)?;
        let mut out = nonce.to_vec();
        out.extend(data);
        Ok(format!("{PREFIX}{}", hex_encode(&out)))
    }

    /// Decrypts bot `bot_id`'s stored token.
    pub fn decrypt(&self, bot_id: &str, stored: &str) -> Result<SecretString, CryptoError> {
        let bad = || CryptoError::Undecryptable(bot_id.to_string());
        let raw = stored.strip_prefix(PREFIX).and_then(hex_decode).ok_or_else(bad)?;
        if raw.len() < NONCE_LEN {
            return Err(bad());
        }
        let (nonce, sealed) = raw.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| bad())?;
        let mut sealed = sealed.to_vec();
        let plain = self.key.open_in_place(nonce, Aad::from(bot_id.as_bytes()), &mut sealed).map_err(|_| bad())?;
        let text = String::from_utf8(plain.to_vec()).map_err(|_| bad())?;
        Ok(SecretString::from(text))
    }
}

fn hex_encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if s.len() & 1 == 1 || !s.is_ascii() {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cipher() -> TokenCipher {
        TokenCipher::from_hex(&TokenCipher::new_key().unwrap()).unwrap()
    }

    #[test]
    fn a_token_round_trips_and_the_ciphertext_does_not_show_it() {
        let c = cipher();
        let token = SecretString::from("123456:ABC-secret");
        let stored = c.encrypt("kaan", &token).unwrap();
        assert!(!stored.contains("ABC-secret") && stored.starts_with("v1:"));
        assert_eq!(c.decrypt("kaan", &stored).unwrap().expose_secret(), "123456:ABC-secret");
        // Same token, fresh nonce: a different ciphertext.
        assert_ne!(c.encrypt("kaan", &token).unwrap(), stored);
    }

    #[test]
    fn another_key_or_another_bot_cannot_open_it() {
        let stored = cipher().encrypt("kaan", &SecretString::from("1:x")).unwrap();
        let e = cipher().decrypt("kaan", &stored).unwrap_err();
        assert_eq!(e, CryptoError::Undecryptable("kaan".into()));
        let c = cipher();
        let stored = c.encrypt("kaan", &SecretString::from("1:x")).unwrap();
        assert!(c.decrypt("ayse", &stored).is_err());
        assert!(c.decrypt("kaan", "v1:zz").is_err());
    }

    #[test]
    fn a_bad_key_is_refused_with_the_key_name() {
        let e = TokenCipher::from_hex(&SecretString::from("abcd")).unwrap_err();
        assert!(e.to_string().starts_with("telegram.token_key"));
        assert!(!e.to_string().contains("abcd"));
    }
}
