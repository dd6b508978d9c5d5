-- Per day of a wave and kind of push (delivery: the day's first push;
-- adhoc: the second push for items added after it; reminder) what became
-- of the pushes carrying the wave's assignments, and how many the app
-- acknowledged. These count pushes (one per panellist, day and kind); the
-- counts of assignments come from CountsByDay.
-- name: PushOutcomesByDay :many
SELECT p.day, p.kind,
    count(*) FILTER (WHERE p.status IN ('queued', 'sending'))::int AS queued,
    count(*) FILTER (WHERE p.status = 'sent')::int AS sent,
    count(*) FILTER (WHERE p.status = 'failed')::int AS failed,
    count(*) FILTER (WHERE p.status = 'cancelled')::int AS cancelled,
    count(*) FILTER (WHERE p.opened_at IS NOT NULL)::int AS opened
FROM push p
JOIN wave w ON w.tenant_id = p.tenant_id AND w.id = sqlc.arg(wave_id)::bigint
WHERE p.tenant_id = sqlc.arg(tenant_id)::bigint AND p.day BETWEEN w.start_date AND w.end_date
  AND EXISTS (SELECT 1 FROM assignment a
              WHERE a.tenant_id = p.tenant_id AND a.id = ANY(p.assignment_ids) AND a.wave_id = w.id)
GROUP BY p.day, p.kind
ORDER BY p.day, p.kind;

-- Panellists whose every device token FCM called dead (or who removed
-- their last device): no push can reach them.
-- name: PanellistListUnreachable :many
SELECT id, ref, name FROM panellist
WHERE tenant_id = @tenant_id AND unreachable
ORDER BY id;
