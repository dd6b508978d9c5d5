-- Rollup keys made stale by deletions and segment changes, recorded by the
-- triggers of migration 00007 and taken by the refresher.

-- Takes the tenant's recorded keys. Only rows committed before the
-- statement are seen; a row committed later stays for the next pass.
-- name: ObservatoryDirtyTake :many
DELETE FROM observatory_dirty WHERE tenant_id = @tenant_id
RETURNING question_id, day;

-- name: ObservatoryDirtyDeleteAll :exec
DELETE FROM observatory_dirty WHERE tenant_id = @tenant_id;
