-- name: TenantInsert :one
INSERT INTO tenant (slug, name, time_zone, daily_cap, suppression_threshold)
VALUES (@slug, @name, @time_zone, @daily_cap, @suppression_threshold)
RETURNING *;

-- name: TenantGet :one
SELECT * FROM tenant WHERE id = @id;

-- name: TenantGetBySlug :one
SELECT * FROM tenant WHERE slug = @slug;

-- name: TenantList :many
SELECT * FROM tenant ORDER BY id;

-- name: TenantSetMicrodataExport :exec
UPDATE tenant SET microdata_export = @enabled WHERE id = @id;

-- name: TenantFirebaseWebConfigBySlug :one
SELECT firebase_web_config FROM tenant WHERE slug = @slug;

-- name: TenantSetFirebaseWebConfig :execrows
UPDATE tenant SET firebase_web_config = @config WHERE id = @tenant_id;
