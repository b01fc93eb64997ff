CREATE TABLE rooms (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    topic TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

CREATE TABLE bots (
    id TEXT PRIMARY KEY NOT NULL,
    display_name TEXT NOT NULL,
    persona TEXT NOT NULL,
    mood TEXT NOT NULL DEFAULT '{}',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE room_members (
    room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    bot_id TEXT NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    reason TEXT,
    PRIMARY KEY (room_id, bot_id)
);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    author_kind TEXT NOT NULL CHECK (author_kind IN ('bot', 'human')),
    author_id TEXT NOT NULL,
    author_name TEXT NOT NULL,
    reply_to BIGINT REFERENCES messages(id) ON DELETE SET NULL,
    bot_depth INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'sending', 'sent', 'failed', 'dropped', 'unknown')),
    status_reason TEXT,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    provider TEXT,
    model TEXT,
    tokens_in INTEGER,
    tokens_out INTEGER,
    latency_ms INTEGER
);
CREATE INDEX messages_room_id_id ON messages (room_id, id);
CREATE INDEX messages_author_created ON messages (author_id, created_at);

CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
