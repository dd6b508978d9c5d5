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
INSERT INTO plan_item (tenant_id, wave_id, day_index, question_id, segment, split)
SELECT @tenant_id, @wave_id, unnest(@day_indexes::int[]), unnest(@question_ids::bigint[]), unnest(@segments::text[]),
    unnest(@splits::smallint[])
ON CONFLICT DO NOTHING;

-- name: PlanItemCount :one
SELECT count(*)::int FROM plan_item WHERE tenant_id = @tenant_id AND wave_id = @wave_id;

-- name: WaveListPlanActiveOn :many
SELECT * FROM wave
WHERE tenant_id = @tenant_id AND start_date <= @day AND end_date >= @day AND NOT adhoc
ORDER BY id;

-- name: WaveEnsureAdhoc :exec
INSERT INTO wave (tenant_id, name, start_date, end_date, working_days, seed, adhoc)
VALUES (@tenant_id, 'Ad hoc', DATE '2000-01-03', DATE '2000-01-03', 1, @seed, true)
ON CONFLICT (tenant_id) WHERE adhoc DO NOTHING;

-- name: WaveGetAdhoc :one
SELECT * FROM wave WHERE tenant_id = @tenant_id AND adhoc;

-- name: PlanItemListForWave :many
SELECT pi.day_index, pi.question_id, q.key, pi.segment, pi.split
FROM plan_item pi
JOIN question q ON q.tenant_id = pi.tenant_id AND q.id = pi.question_id
WHERE pi.tenant_id = @tenant_id AND pi.wave_id = @wave_id
ORDER BY pi.day_index, q.key, pi.segment;


-- The date ranges of a tenant's waves (each a grain of the trends).
-- name: WaveListRanges :many
SELECT id, start_date, end_date FROM wave WHERE tenant_id = @tenant_id AND NOT adhoc ORDER BY id;
