-- Telegram on workers (issue 14): an update received by the worker that
-- polls a bot's token, for a room another worker runs, waits here until the
-- room's owner takes it in (in order, then deletes it). `person_id` is who
-- wrote it (`tg:123`), so forgetting a person reaches what is still waiting.
CREATE TABLE telegram_inbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    room_id TEXT NOT NULL,
    bot_id TEXT NOT NULL,
    person_id TEXT,
    update_json TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX telegram_inbox_by_room ON telegram_inbox (room_id, id);
