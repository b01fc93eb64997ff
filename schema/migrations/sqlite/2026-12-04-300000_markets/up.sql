-- A room runs on simulated or live prices and says which.
ALTER TABLE rooms ADD COLUMN prices TEXT NOT NULL DEFAULT 'simulated';
-- The last known price of each symbol in each book (simulated, live), kept across restarts.
CREATE TABLE market_quotes (
    book TEXT NOT NULL,
    symbol TEXT NOT NULL,
    price DOUBLE NOT NULL,
    reference DOUBLE NOT NULL,
    change_pct DOUBLE,
    source TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (book, symbol)
);
-- Headlines and shocks operators injected or scheduled (CLI, API, scenario
-- files): the running market applies each once it is due and marks it applied.
CREATE TABLE market_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    due_at BIGINT NOT NULL,
    headline TEXT,
    shocks TEXT NOT NULL,
    origin TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    applied_at BIGINT
);
CREATE INDEX market_events_pending ON market_events (applied_at, due_at);
-- Stories already taken from the feeds, so that a restart does not repeat them.
CREATE TABLE news_seen (
    key TEXT PRIMARY KEY NOT NULL,
    seen_at BIGINT NOT NULL
);
CREATE INDEX news_seen_at ON news_seen (seen_at);
