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

-- Cancelled waves are not planned.
-- name: WaveListPlanActiveOn :many
SELECT * FROM wave
WHERE tenant_id = @tenant_id AND start_date <= @day AND end_date >= @day AND NOT adhoc
    AND cancelled_at IS NULL
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

-- A page of a tenant's waves, newest first, optionally of one status on
-- the day (planned, running, finished, cancelled).
-- name: WaveListPage :many
SELECT w.*,
    (SELECT count(*) FROM plan_item pi WHERE pi.tenant_id = w.tenant_id AND pi.wave_id = w.id)::int AS plan_items,
    (SELECT count(*) FROM assignment a WHERE a.tenant_id = w.tenant_id AND a.wave_id = w.id)::int AS assignments
FROM wave w
WHERE w.tenant_id = @tenant_id AND NOT w.adhoc AND (@before::bigint = 0 OR w.id < @before::bigint)
    AND CASE @status::text
        WHEN 'planned' THEN w.cancelled_at IS NULL AND w.start_date > @day
        WHEN 'running' THEN w.cancelled_at IS NULL AND w.start_date <= @day AND w.end_date >= @day
        WHEN 'finished' THEN w.cancelled_at IS NULL AND w.end_date < @day
        WHEN 'cancelled' THEN w.cancelled_at IS NOT NULL
        ELSE true
    END
ORDER BY w.id DESC
LIMIT @lim;

-- name: WaveAssignmentCount :one
SELECT count(*)::int FROM assignment WHERE tenant_id = @tenant_id AND wave_id = @wave_id;

-- name: WaveRename :exec
UPDATE wave SET name = @name WHERE tenant_id = @tenant_id AND id = @id;

-- name: WaveReschedule :exec
UPDATE wave SET start_date = @start_date, end_date = @end_date, working_days = @working_days
WHERE tenant_id = @tenant_id AND id = @id;

-- name: PlanItemDeleteForWave :exec
DELETE FROM plan_item WHERE tenant_id = @tenant_id AND wave_id = @wave_id;

-- name: WaveCancel :exec
UPDATE wave SET cancelled_at = @cancelled_at
WHERE tenant_id = @tenant_id AND id = @id AND cancelled_at IS NULL;
