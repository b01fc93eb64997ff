//! Passwords: argon2id PHC strings (`$argon2id$v=19$m=…,t=…,p=1$salt$hash`)
//! with a 16-byte salt from `aws-lc-rs`. Hashing is slow on purpose, so callers
//! run it on a blocking thread ([`hash_blocking`], [`verify_blocking`]).

use crate::crypto::random_bytes;
use crate::settings::AuthSettings;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

fn hasher(settings: &AuthSettings) -> anyhow::Result<Argon2<'static>> {
    let params = Params::new(settings.argon2_memory_kib, settings.argon2_iterations, 1, None)
        .map_err(|e| anyhow::anyhow!("auth.argon2_*: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// The PHC string for a password.
pub fn hash(password: &str, settings: &AuthSettings) -> anyhow::Result<String> {
    let salt = random_bytes::<16>();
    let h = hasher(settings)?
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))?;
    Ok(h.to_string())
}

/// Whether `password` matches the stored PHC string (its own parameters apply).
pub fn verify(password: &str, phc: &str) -> bool {
    Argon2::default().verify_password(password.as_bytes(), phc).is_ok()
}

pub async fn hash_blocking(password: String, settings: AuthSettings) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash(&password, &settings)).await?
}

pub async fn verify_blocking(password: String, phc: String) -> bool {
    tokio::task::spawn_blocking(move || verify(&password, &phc)).await.unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_argon2id_salted_and_verifies_only_its_password() {
        let s = AuthSettings { argon2_memory_kib: 64, argon2_iterations: 1, ..AuthSettings::default() };
        let a = hash("doğru at pil zımba", &s).unwrap();
        let b = hash("doğru at pil zımba", &s).unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("doğru at pil zımba", &a));
        assert!(!verify("dogru at pil zimba", &a));
        assert!(!verify("x", "not a phc string"));
    }
}
