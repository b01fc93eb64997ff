-- Workers (several processes on one database, issue 14): the fencing token
-- of each room's current owner. A worker that takes a room's lease raises
-- the token; every message the owner stores checks it in the same
-- transaction, so a former owner (paused, cut off) cannot write after
-- losing its lease. Each message keeps the token it was written under.
CREATE TABLE room_fences (
    room_id TEXT PRIMARY KEY NOT NULL,
    token BIGINT NOT NULL,
    worker TEXT NOT NULL,
    taken_at BIGINT NOT NULL
);
ALTER TABLE messages ADD COLUMN fence BIGINT;
