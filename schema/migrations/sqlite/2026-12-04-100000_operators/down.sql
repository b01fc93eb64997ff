DROP TABLE server_secrets;
DROP TABLE person_names;
DROP TABLE audit_log;
DROP TABLE api_keys;
DROP TABLE operator_sessions;
DROP TABLE operator_recovery_codes;
DROP TABLE operators;
