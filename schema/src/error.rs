//! The store's error type. Callers above `schema` wrap it with `anyhow` context.

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("could not get a database connection: {0}")]
    Pool(String),
    #[error("could not connect to the database: {0}")]
    Connect(String),
    #[error("migrations failed: {0}")]
    Migration(String),
    #[error("unsupported database URL '{0}': use sqlite://PATH or postgres://…")]
    Url(String),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    /// A backup or restore refused or failed (the message says why and what to do).
    #[error("{0}")]
    Backup(String),
    /// The stored state is not what the change was prepared against.
    #[error("conflict: {0}")]
    Conflict(String),
    /// A write under a room's fencing token that is no longer the room's:
    /// another worker took the room (this one lost its lease).
    #[error("room {room} belongs to another worker now (fencing token {token} is stale)")]
    Fenced { room: String, token: i64 },
}

impl StoreError {
    /// A unique or primary key was already taken (a username, a claimed name).
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            StoreError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _
            ))
        )
    }
}
