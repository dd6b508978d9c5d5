-- name: StaffKeyInsert :one
INSERT INTO staff_key (tenant_id, key_hash, role, label, created_at)
VALUES (@tenant_id, @key_hash, @role, @label, @created_at)
RETURNING id, created_at;

-- StaffKeyUse returns a live key and records its use (a bearer call or a
-- sign-in).
-- name: StaffKeyUse :one
UPDATE staff_key SET last_used_at = greatest(coalesce(last_used_at, @now::timestamptz), @now::timestamptz)
WHERE tenant_id = @tenant_id::bigint AND key_hash = @key_hash::bytea AND revoked_at IS NULL
RETURNING id, role, label;

-- StaffKeyList lists a tenant's keys oldest first, after a page's last id;
-- a key never used has no last_used_at (a sign-in sets it), and its
-- sessions may have been used since: session_last_seen_at (the key's
-- creation when it has none).
-- name: StaffKeyList :many
SELECT k.id, k.role, k.label, k.created_at, k.revoked_at, k.last_used_at,
       coalesce(u.last_seen_at, k.created_at)::timestamptz AS session_last_seen_at
FROM staff_key k
LEFT JOIN LATERAL (SELECT max(s.last_seen_at) AS last_seen_at FROM staff_session s
                   WHERE s.tenant_id = k.tenant_id AND s.staff_key_id = k.id) u ON true
WHERE k.tenant_id = @tenant_id::bigint AND k.id > @after::bigint
  AND (@include_revoked::boolean OR k.revoked_at IS NULL)
ORDER BY k.id
LIMIT @lim::int;

-- name: StaffKeyGet :one
SELECT id, role, label, created_at, revoked_at FROM staff_key
WHERE tenant_id = @tenant_id AND id = @id;

-- StaffKeyRevoke revokes a live key; a revoked key and its console
-- sessions stop working on their next call.
-- name: StaffKeyRevoke :execrows
UPDATE staff_key SET revoked_at = @now::timestamptz
WHERE tenant_id = @tenant_id::bigint AND id = @id::bigint AND revoked_at IS NULL;
