-- name: StaffKeyInsert :one
INSERT INTO staff_key (tenant_id, key_hash, role, label)
VALUES (@tenant_id, @key_hash, @role, @label)
RETURNING id;

-- name: StaffKeyGetByHash :one
SELECT id, role FROM staff_key
WHERE tenant_id = @tenant_id AND key_hash = @key_hash AND revoked_at IS NULL;
