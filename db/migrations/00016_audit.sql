-- +goose Up
-- audit_event records what staff did: every successful or refused
-- changing call on a staff service, micro-data downloads and sign-in and
-- sign-out. Who is the staff key (its label and role copied, so the event
-- reads the same after the key is revoked); never the key itself.
CREATE TABLE audit_event (
    tenant_id bigint NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    id bigint GENERATED ALWAYS AS IDENTITY,
    at timestamptz NOT NULL,
    staff_key_id bigint,
    staff_label text NOT NULL DEFAULT '',
    staff_role text NOT NULL DEFAULT '',
    procedure text NOT NULL,
    summary jsonb NOT NULL DEFAULT '{}',
    outcome text NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_event_at ON audit_event (tenant_id, at);
CREATE INDEX audit_event_key ON audit_event (tenant_id, staff_key_id, id);

-- last_used_at is the last call made with the key itself (a bearer call
-- or a sign-in); console sessions record their own last use.
ALTER TABLE staff_key ADD COLUMN last_used_at timestamptz;

-- +goose Down
ALTER TABLE staff_key DROP COLUMN last_used_at;
DROP TABLE audit_event;
