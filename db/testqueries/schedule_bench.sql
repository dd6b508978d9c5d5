-- Baseline for cmd/benchplan: the same rows PlanDay writes for a tenant's
-- day (one assignment per active panellist, then a delivery and a reminder
-- push each), copied with plain INSERT ... SELECT and none of the rules.
-- name: AssignmentBenchBaseline :execrows
INSERT INTO assignment (tenant_id, wave_id, panellist_id, question_id, question_version, day,
    position, opens_at, closes_at, remind_at)
SELECT p.tenant_id, @wave_id, p.id, @question_id, 1, sqlc.arg(day)::date, 1,
    sqlc.arg(day)::date + interval '9 hours', sqlc.arg(day)::date + interval '2 days',
    sqlc.arg(day)::date + interval '15 hours'
FROM panellist p
WHERE p.tenant_id = @tenant_id AND p.status = 'active';

-- name: PushBenchBaseline :execrows
INSERT INTO push (tenant_id, panellist_id, day, kind, assignment_ids, due_at, expires_at)
SELECT a.tenant_id, a.panellist_id, a.day, k.kind, ARRAY[a.id], a.opens_at, a.closes_at
FROM assignment a, (VALUES ('delivery'), ('reminder')) k (kind)
WHERE a.tenant_id = @tenant_id AND a.day = sqlc.arg(day)::date;

-- name: BenchAnalyze :exec
ANALYZE;
