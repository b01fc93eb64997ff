-- Operators: accounts, their sessions, API keys, the audit log (issue 12).
-- Secrets are stored only as hashes: argon2id for passwords, SHA-256 for
-- session ids, API keys and recovery codes (random, high-entropy values).
CREATE TABLE operators (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT 0,
    totp_secret TEXT,
    totp_enabled BOOLEAN NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE operator_recovery_codes (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    operator_id BIGINT NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at BIGINT
);
CREATE INDEX operator_recovery_codes_operator ON operator_recovery_codes (operator_id);
CREATE TABLE operator_sessions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    operator_id BIGINT NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    ip TEXT,
    revoked_at BIGINT
);
CREATE INDEX operator_sessions_operator ON operator_sessions (operator_id);
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
-- Who changed what, when, from where; summaries never hold secrets.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    ip TEXT,
    action TEXT NOT NULL,
    target TEXT,
    summary_before TEXT,
    summary_after TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
-- A person's display name in a room, owned by their (signed-cookie) session.
CREATE TABLE person_names (
    room_id TEXT NOT NULL,
    name_key TEXT NOT NULL,
    person_id TEXT NOT NULL,
    claimed_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    PRIMARY KEY (room_id, name_key)
);
CREATE INDEX person_names_person ON person_names (person_id);
-- Server keys generated at first start (cookie signing, public person ids).
CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
