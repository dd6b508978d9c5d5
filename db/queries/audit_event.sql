-- name: AuditEventInsert :exec
INSERT INTO audit_event (tenant_id, at, staff_key_id, staff_label, staff_role, procedure, summary, outcome)
VALUES (@tenant_id, @at, @staff_key_id, @staff_label, @staff_role, @procedure, @summary, @outcome);

-- AuditEventList lists a tenant's events newest first, before a page's
-- last id (0: from the newest), filtered by procedure (substring, case
-- insensitive; empty: any), staff key (0: any) and time range [from, to).
-- name: AuditEventList :many
SELECT id, at, staff_key_id, staff_label, staff_role, procedure, summary, outcome
FROM audit_event
WHERE tenant_id = @tenant_id::bigint
  AND (@before::bigint = 0 OR id < @before::bigint)
  AND (@procedure::text = '' OR strpos(lower(procedure), lower(@procedure::text)) > 0)
  AND (@staff_key_id::bigint = 0 OR staff_key_id = @staff_key_id::bigint)
  AND (sqlc.narg('from_at')::timestamptz IS NULL OR at >= sqlc.narg('from_at')::timestamptz)
  AND (sqlc.narg('to_at')::timestamptz IS NULL OR at < sqlc.narg('to_at')::timestamptz)
ORDER BY id DESC
LIMIT @lim::int;
