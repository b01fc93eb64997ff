DROP TABLE telegram_inbox;
