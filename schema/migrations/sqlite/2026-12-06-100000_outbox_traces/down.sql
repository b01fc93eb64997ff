ALTER TABLE telegram_outbox DROP COLUMN traceparent;
