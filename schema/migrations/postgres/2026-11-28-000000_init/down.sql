DROP TABLE settings;
DROP TABLE messages;
DROP TABLE room_members;
DROP TABLE bots;
DROP TABLE rooms;
