DROP TABLE telegram_seen_updates;
DROP TABLE telegram_message_map;
DROP TABLE telegram_outbox;
DROP TABLE telegram_chats;
DROP TABLE telegram_bots;
