-- Telegram: bot accounts (token encrypted at rest), room ↔ chat mapping,
-- the outbox (at-most-once delivery), Telegram ↔ Piyasa message ids and
-- update ids already handled.

CREATE TABLE telegram_bots (
    bot_id TEXT PRIMARY KEY NOT NULL,
    tg_user_id BIGINT NOT NULL,
    tg_username TEXT NOT NULL,
    token_cipher TEXT NOT NULL,
    listener BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);

CREATE TABLE telegram_chats (
    room_id TEXT PRIMARY KEY NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    chat_id BIGINT NOT NULL,
    thread_id INTEGER,
    paused_reason TEXT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX telegram_chats_chat ON telegram_chats (chat_id);

CREATE TABLE telegram_outbox (
    id BIGSERIAL PRIMARY KEY,
    room_id TEXT NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    message_id BIGINT,
    bot_id TEXT NOT NULL,
    chat_id BIGINT NOT NULL,
    thread_id INTEGER,
    reply_to_tg INTEGER,
    text TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'sending', 'sent', 'failed', 'dropped', 'unknown')),
    reason TEXT,
    tg_message_id INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX telegram_outbox_status ON telegram_outbox (status, id);

CREATE TABLE telegram_message_map (
    chat_id BIGINT NOT NULL,
    tg_message_id INTEGER NOT NULL,
    message_id BIGINT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    PRIMARY KEY (chat_id, tg_message_id)
);
CREATE INDEX telegram_message_map_message ON telegram_message_map (message_id);

CREATE TABLE telegram_seen_updates (
    bot_id TEXT NOT NULL,
    update_id BIGINT NOT NULL,
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (bot_id, update_id)
);
