-- name: ClosureDayList :many
SELECT day FROM closure_day WHERE tenant_id = @tenant_id ORDER BY day;

-- name: ClosureDayInsert :exec
INSERT INTO closure_day (tenant_id, day, reason) VALUES (@tenant_id, @day, @reason)
ON CONFLICT (tenant_id, day) DO UPDATE SET reason = excluded.reason;

-- name: ClosureDayDeleteAll :exec
DELETE FROM closure_day WHERE tenant_id = @tenant_id;

-- name: ClosureDayListDetailed :many
SELECT day, reason FROM closure_day WHERE tenant_id = @tenant_id ORDER BY day;
