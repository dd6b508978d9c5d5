-- +goose Up
-- The installed web app registers a web push token through FCM.
ALTER TABLE device DROP CONSTRAINT device_platform_check;
ALTER TABLE device ADD CONSTRAINT device_platform_check CHECK (platform IN ('android', 'ios', 'web'));

-- One-time codes a signed-in panellist shows on one phone to sign in on
-- another (or again after losing the session) without a new invite. Only
-- the hash is kept; a code works once, until it expires, and a new code
-- replaces the panellist's earlier unused one.
CREATE TABLE recovery_code (
    tenant_id bigint NOT NULL,
    code_hash bytea NOT NULL,
    panellist_id bigint NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    PRIMARY KEY (tenant_id, code_hash),
    FOREIGN KEY (tenant_id, panellist_id) REFERENCES panellist (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX recovery_code_panellist ON recovery_code (tenant_id, panellist_id);

-- +goose Down
DROP TABLE recovery_code;
DELETE FROM device WHERE platform = 'web';
ALTER TABLE device DROP CONSTRAINT device_platform_check;
ALTER TABLE device ADD CONSTRAINT device_platform_check CHECK (platform IN ('android', 'ios'));
