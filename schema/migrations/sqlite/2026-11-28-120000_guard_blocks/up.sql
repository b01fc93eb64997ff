-- Every draft the guard refused: the reason code only, never the text.
CREATE TABLE guard_blocks (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    room_id TEXT NOT NULL,
    bot_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX guard_blocks_room_reason ON guard_blocks (room_id, reason);
-- Retention deletes people's messages by age.
CREATE INDEX messages_kind_created ON messages (author_kind, created_at);
