-- +goose Up
-- Push delivery: the admin's per wave and day push statistics read pushes
-- by tenant and day, and the unreachable panellists by tenant.

CREATE INDEX push_tenant_day ON push (tenant_id, day);

CREATE INDEX panellist_unreachable ON panellist (tenant_id, id) WHERE unreachable;

-- +goose Down
DROP INDEX IF EXISTS panellist_unreachable;
DROP INDEX IF EXISTS push_tenant_day;
