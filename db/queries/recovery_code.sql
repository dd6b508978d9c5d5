-- name: RecoveryCodeRevokeUnused :exec
-- Ends a panellist's unused, unexpired codes: a new code replaces them.
UPDATE recovery_code SET expires_at = @now::timestamptz
WHERE tenant_id = @tenant_id AND panellist_id = @panellist_id
  AND used_at IS NULL AND expires_at > @now;

-- name: RecoveryCodeInsert :exec
INSERT INTO recovery_code (tenant_id, code_hash, panellist_id, created_at, expires_at)
VALUES (@tenant_id, @code_hash, @panellist_id, @now, @expires_at);

-- name: RecoveryCodeUse :one
-- Uses a live code of a panellist who has not withdrawn, once.
UPDATE recovery_code r SET used_at = @now::timestamptz
FROM panellist p
WHERE r.tenant_id = @tenant_id AND r.code_hash = @code_hash
  AND r.used_at IS NULL AND r.expires_at > @now
  AND p.tenant_id = r.tenant_id AND p.id = r.panellist_id
  AND p.status = 'active' AND p.erased_at IS NULL
RETURNING r.panellist_id, p.name;
