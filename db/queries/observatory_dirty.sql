-- Rollup keys made stale by new answers and assignments (migration 00011),
-- deletions and segment changes (migration 00007), recorded by triggers and
-- taken by the rollup worker.

-- Takes the tenant's recorded keys. Only rows committed before the
-- statement are seen; a row committed later stays for the next pass.
-- name: ObservatoryDirtyTake :many
DELETE FROM observatory_dirty WHERE tenant_id = @tenant_id
RETURNING question_id, day;

-- name: ObservatoryDirtyDeleteAll :exec
DELETE FROM observatory_dirty WHERE tenant_id = @tenant_id;

-- Records every (question, day) of the tenant's answers and assignments:
-- for bulk loads that bypass the triggers.
-- name: ObservatoryDirtyRecordAll :exec
INSERT INTO observatory_dirty (tenant_id, question_id, day)
SELECT @tenant_id::bigint, question_id, day FROM (
    SELECT question_id, day FROM assignment WHERE tenant_id = @tenant_id::bigint
    UNION
    SELECT question_id, day FROM answer WHERE tenant_id = @tenant_id::bigint
) k
ORDER BY 2, 3;
