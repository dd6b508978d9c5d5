-- Test reads of what the planner wrote, day by day.

-- name: AssignmentListForDays :many
SELECT a.id, a.wave_id, a.panellist_id, a.question_id, a.day, a.position, a.opens_at, a.closes_at,
    a.remind_at, a.adhoc_id, a.status
FROM assignment a
WHERE a.tenant_id = @tenant_id AND a.day >= sqlc.arg(from_day)::date AND a.day <= sqlc.arg(to_day)::date
ORDER BY a.day, a.panellist_id, a.position;

-- name: PushListForDays :many
SELECT p.id, p.panellist_id, p.day, p.kind, p.assignment_ids, p.due_at, p.expires_at, p.status
FROM push p
WHERE p.tenant_id = @tenant_id AND p.day >= sqlc.arg(from_day)::date AND p.day <= sqlc.arg(to_day)::date
ORDER BY p.day, p.panellist_id, p.kind;
