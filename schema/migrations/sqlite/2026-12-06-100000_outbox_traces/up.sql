-- The trace a bot's message was delivered in, as a W3C traceparent: the
-- Telegram send continues it, after a restart too.
ALTER TABLE telegram_outbox ADD COLUMN traceparent TEXT;
