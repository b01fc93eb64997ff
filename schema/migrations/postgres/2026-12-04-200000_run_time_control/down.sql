ALTER TABLE rooms DROP COLUMN updated_at;
ALTER TABLE rooms DROP COLUMN archived_at;
ALTER TABLE rooms DROP COLUMN paused;
ALTER TABLE rooms DROP COLUMN settings;
