-- A persona's beliefs across a restart (issue 16): each view by ticker and
-- why it moved last, with when (JSON, `engine::belief::saved`). Saved with
-- the mood, once a minute at most; '{}' until the first save.
ALTER TABLE bots ADD COLUMN beliefs TEXT NOT NULL DEFAULT '{}';
