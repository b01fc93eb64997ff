-- A person forgotten (`piyasa privacy forget`, the API): every running
-- process drops the person's lines from its rooms' memory when it sees the
-- request. Kept a day (housekeeping), then pruned.
CREATE TABLE forget_requests (
    id BIGSERIAL PRIMARY KEY,
    person_id TEXT NOT NULL,
    requested_at BIGINT NOT NULL
);
