-- name: InviteInsert :exec
INSERT INTO invite (tenant_id, code_hash, panellist_id, expires_at)
VALUES (@tenant_id, @code_hash, @panellist_id, @expires_at);

-- name: InviteUse :one
UPDATE invite SET used_at = @now::timestamptz
WHERE tenant_id = @tenant_id AND code_hash = @code_hash
  AND used_at IS NULL AND expires_at > @now
RETURNING panellist_id;

-- name: InviteRevokeUnused :exec
-- Ends every unused, unexpired code of a panellist: a new invite replaces
-- the earlier ones, and an enrolment ends the others.
UPDATE invite SET expires_at = @now::timestamptz
WHERE tenant_id = @tenant_id AND panellist_id = @panellist_id
  AND used_at IS NULL AND expires_at > @now;
