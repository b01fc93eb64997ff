DROP INDEX messages_kind_created;
DROP TABLE guard_blocks;
