-- AuditEventRowText is every stored audit row of a tenant as one text,
-- every column included, for tests that search the log for a secret.
-- name: AuditEventRowText :many
SELECT e::text AS row FROM audit_event e WHERE e.tenant_id = @tenant_id::bigint ORDER BY e.id;
