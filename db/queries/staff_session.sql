-- name: StaffSessionInsert :exec
INSERT INTO staff_session (tenant_id, token_hash, staff_key_id, created_at, last_seen_at)
VALUES (@tenant_id, @token_hash, @staff_key_id, @now, @now);

-- StaffSessionTouch returns the key of a live session and slides its idle
-- expiry: live means not revoked, its key not revoked, seen after
-- idle_after and created after created_after.
-- name: StaffSessionTouch :one
UPDATE staff_session s SET last_seen_at = greatest(s.last_seen_at, @now::timestamptz)
FROM staff_key k
WHERE s.tenant_id = @tenant_id::bigint AND s.token_hash = @token_hash::bytea
  AND s.revoked_at IS NULL AND s.last_seen_at > @idle_after::timestamptz
  AND s.created_at > @created_after::timestamptz
  AND k.tenant_id = s.tenant_id AND k.id = s.staff_key_id AND k.revoked_at IS NULL
RETURNING k.id, k.role, k.label, s.created_at, s.last_seen_at;

-- name: StaffSessionRevoke :execrows
UPDATE staff_session SET revoked_at = @now::timestamptz
WHERE tenant_id = @tenant_id AND token_hash = @token_hash AND revoked_at IS NULL;
