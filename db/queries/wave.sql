-- name: WaveInsert :one
INSERT INTO wave (tenant_id, name, start_date, end_date, working_days, seed)
VALUES (@tenant_id, @name, @start_date, @end_date, @working_days, @seed)
RETURNING *;

-- name: WaveGet :one
SELECT * FROM wave WHERE tenant_id = @tenant_id AND id = @id;

-- name: WaveListActiveOn :many
SELECT * FROM wave
WHERE tenant_id = @tenant_id AND start_date <= @day AND end_date >= @day
ORDER BY id;

-- name: PlanItemInsertMany :exec
INSERT INTO plan_item (tenant_id, wave_id, day_index, question_id, segment)
SELECT @tenant_id, @wave_id, unnest(@day_indexes::int[]), unnest(@question_ids::bigint[]), unnest(@segments::text[])
ON CONFLICT DO NOTHING;

-- name: PlanItemCount :one
SELECT count(*)::int FROM plan_item WHERE tenant_id = @tenant_id AND wave_id = @wave_id;
