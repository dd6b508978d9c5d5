-- name: SectorRuleList :many
SELECT sic_prefix, sector FROM sector_rule
WHERE tenant_id = @tenant_id
ORDER BY sic_prefix;

-- name: SectorRuleDeleteAll :exec
DELETE FROM sector_rule WHERE tenant_id = @tenant_id;

-- name: SectorRuleInsertMany :exec
INSERT INTO sector_rule (tenant_id, sic_prefix, sector)
SELECT @tenant_id, unnest(@prefixes::text[]), unnest(@sectors::text[]);
