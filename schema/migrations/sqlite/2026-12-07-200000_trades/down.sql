DROP TABLE trades;
