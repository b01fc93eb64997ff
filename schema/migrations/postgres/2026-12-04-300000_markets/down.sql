DROP TABLE news_seen;
DROP TABLE market_events;
DROP TABLE market_quotes;
ALTER TABLE rooms DROP COLUMN prices;
