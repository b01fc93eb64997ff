DROP TABLE forget_requests;
