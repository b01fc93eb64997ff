//! Accounts: the rules for usernames and passwords, and creating an
//! account (the API's `POST /api/users` and `piyasa admin create` both
//! come here).

use super::{Role, password};
use crate::error::{ApiError, ErrorCode};
use crate::settings::AuthSettings;
use schema::{NewOperator, OperatorRow, Store};

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password accepted (argon2 hashes anything; this bounds the work).
pub const MAX_PASSWORD_CHARS: usize = 256;

/// 3 to 32 characters of `a-z`, `0-9`, `.`, `_`, `-`, starting with a letter or digit.
pub fn parse_username(raw: &str) -> Result<String, ApiError> {
    let ok = (3..=32).contains(&raw.len())
        && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'))
        && raw.as_bytes()[0].is_ascii_alphanumeric();
    if ok {
        Ok(raw.to_string())
    } else {
        Err(ApiError::field(
            "username",
            "must be 3 to 32 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit",
        ))
    }
}

pub fn check_password(field: &'static str, raw: &str) -> Result<(), ApiError> {
    let n = raw.chars().count();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&n) {
        return Err(ApiError::field(
            field,
            format!("must be {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters (a passphrase works well)"),
        ));
    }
    if raw.chars().any(char::is_control) {
        return Err(ApiError::field(field, "must not contain control characters"));
    }
    Ok(())
}

pub fn parse_role(field: &'static str, raw: &str) -> Result<Role, ApiError> {
    Role::parse(raw).map_err(|e| ApiError::field(field, e))
}

/// Creates an account after checking every field.
pub async fn create(
    store: &Store,
    settings: &AuthSettings,
    username: &str,
    password: &str,
    role: Role,
    now_ms: i64,
) -> Result<OperatorRow, ApiError> {
    let username = parse_username(username)?;
    check_password("password", password)?;
    let hash = password::hash_blocking(password.to_string(), settings.clone()).await.map_err(ApiError::internal)?;
    let new = NewOperator { username: &username, password_hash: &hash, role, created_at: now_ms, updated_at: now_ms };
    match store.insert_operator(&new).await {
        Ok(row) => Ok(row),
        Err(e) if e.is_unique_violation() => Err(ApiError {
            field: Some("username".into()),
            ..ApiError::new(ErrorCode::UsernameTaken, "username: already taken")
        }),
        Err(e) => Err(ApiError::internal(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_and_passwords_are_checked_and_the_field_named() {
        assert!(parse_username("ayse.k").is_ok());
        for bad in ["ab", "Ayse", "-ayse", "ayşe", &"a".repeat(33), "a b"] {
            let e = parse_username(bad).unwrap_err();
            assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidField, Some("username")), "{bad}");
        }
        assert!(check_password("password", "uzun bir parola cümlesi").is_ok());
        assert_eq!(check_password("password", "kısa").unwrap_err().field.as_deref(), Some("password"));
        assert!(check_password("new_password", &"x".repeat(257)).is_err());
        assert!(check_password("password", "parola\u{0}parola12").is_err());
        assert_eq!(parse_role("role", "root").unwrap_err().field.as_deref(), Some("role"));
    }
}
