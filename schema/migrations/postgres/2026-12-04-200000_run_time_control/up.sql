-- Run-time control. A room keeps its own settings (overrides of the
-- community's room.* keys, as JSON), whether it is paused (the operators'
-- kill switch: no bot speaks until it is resumed) and when it was archived
-- (its actor no longer runs; its history stays). A bot an operator silenced
-- is bots.active = false (the column exists since the first migration).
ALTER TABLE rooms ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE rooms ADD COLUMN paused BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE rooms ADD COLUMN archived_at BIGINT;
ALTER TABLE rooms ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
