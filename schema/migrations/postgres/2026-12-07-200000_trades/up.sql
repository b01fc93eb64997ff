-- Bots' books (issue 16): every trade a bot makes, at the market's price.
-- A bot's books are its persona's opening (holdings, cash) plus these rows
-- in order; they are never updated, only added.
CREATE TABLE trades (
    id BIGSERIAL PRIMARY KEY,
    bot_id TEXT NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
    symbol TEXT NOT NULL,
    side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
    qty DOUBLE PRECISION NOT NULL CHECK (qty > 0),
    price DOUBLE PRECISION NOT NULL CHECK (price > 0),
    reason TEXT NOT NULL,
    at_ms BIGINT NOT NULL
);
CREATE INDEX trades_by_bot ON trades (bot_id, id);
