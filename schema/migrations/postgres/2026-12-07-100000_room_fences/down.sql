ALTER TABLE messages DROP COLUMN fence;
DROP TABLE room_fences;
