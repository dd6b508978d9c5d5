-- +goose Up
-- Staff sessions: a staff member signs in with their API key once and the
-- browser then carries an HttpOnly cookie whose token hash is kept here.
-- A session ends when it has been idle too long, when it is older than its
-- absolute lifetime, when the staff member signs out (revoked_at) or when
-- its API key is revoked.
CREATE TABLE staff_session (
    tenant_id bigint NOT NULL,
    token_hash bytea NOT NULL,
    staff_key_id bigint NOT NULL,
    created_at timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    revoked_at timestamptz,
    PRIMARY KEY (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, staff_key_id) REFERENCES staff_key (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX staff_session_key ON staff_session (tenant_id, staff_key_id);

-- +goose Down
DROP TABLE staff_session;
