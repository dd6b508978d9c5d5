-- name: SessionInsert :exec
INSERT INTO panellist_session (tenant_id, token_hash, panellist_id)
VALUES (@tenant_id, @token_hash, @panellist_id);

-- name: SessionGet :one
SELECT s.panellist_id, p.status FROM panellist_session s
JOIN panellist p ON p.tenant_id = s.tenant_id AND p.id = s.panellist_id
WHERE s.tenant_id = @tenant_id AND s.token_hash = @token_hash AND s.revoked_at IS NULL;

-- SessionRevoke ends one session of a panellist (signing out on a phone);
-- the panellist's other phones stay signed in.
-- name: SessionRevoke :execrows
UPDATE panellist_session SET revoked_at = @now
WHERE tenant_id = @tenant_id AND panellist_id = @panellist_id AND token_hash = @token_hash AND revoked_at IS NULL;
