-- name: ConsentInsert :exec
INSERT INTO consent (tenant_id, panellist_id, version, given_at)
VALUES (@tenant_id, @panellist_id, @version, @given_at)
ON CONFLICT (tenant_id, panellist_id, version) DO NOTHING;
