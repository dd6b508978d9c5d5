-- Serialises planning of one tenant's day across replicas, so the daily
-- cap holds even when two planners see different ad-hoc items.
-- name: SchedulePlanLock :exec
SELECT pg_advisory_xact_lock(hashtextextended('schedule/' || sqlc.arg(day)::date::text, @tenant_id::bigint));

-- Ad-hoc assignments that arrived after the panellist's delivery push was
-- made join that push while it is still queued; the push then waits until
-- every item it carries is open.
-- name: SchedulePushExtendQueued :execrows
UPDATE push p SET assignment_ids = p.assignment_ids || n.ids,
    due_at = greatest(p.due_at, n.due_at), expires_at = greatest(p.expires_at, n.expires_at)
FROM (
    SELECT a.panellist_id, array_agg(a.id ORDER BY a.position) AS ids,
        min(a.opens_at) AS due_at, max(a.closes_at) AS expires_at
    FROM assignment a
    WHERE a.tenant_id = @tenant_id AND a.day = sqlc.arg(day)::date AND a.adhoc_id IS NOT NULL
      AND a.closes_at > @now
      AND NOT EXISTS (
          SELECT 1 FROM push x
          WHERE x.tenant_id = a.tenant_id AND x.panellist_id = a.panellist_id AND x.day = a.day
            AND x.kind IN ('delivery', 'adhoc') AND a.id = ANY(x.assignment_ids))
    GROUP BY a.panellist_id
) n
WHERE p.tenant_id = @tenant_id AND p.panellist_id = n.panellist_id AND p.day = sqlc.arg(day)::date
  AND p.kind = 'delivery' AND p.status = 'queued';

-- Ad-hoc assignments whose panellist's delivery push already went out get
-- a second push of kind 'adhoc' (merged into it while it is queued).
-- name: SchedulePushInsertAdhoc :execrows
INSERT INTO push (tenant_id, panellist_id, day, kind, assignment_ids, due_at, expires_at)
SELECT a.tenant_id, a.panellist_id, a.day, 'adhoc', array_agg(a.id ORDER BY a.position),
    min(a.opens_at), max(a.closes_at)
FROM assignment a
WHERE a.tenant_id = @tenant_id AND a.day = sqlc.arg(day)::date AND a.adhoc_id IS NOT NULL
  AND a.closes_at > @now
  AND NOT EXISTS (
      SELECT 1 FROM push x
      WHERE x.tenant_id = a.tenant_id AND x.panellist_id = a.panellist_id AND x.day = a.day
        AND x.kind IN ('delivery', 'adhoc') AND a.id = ANY(x.assignment_ids))
GROUP BY a.tenant_id, a.panellist_id, a.day
ON CONFLICT (tenant_id, panellist_id, day, kind) DO UPDATE
    SET assignment_ids = push.assignment_ids || excluded.assignment_ids,
        due_at = greatest(push.due_at, excluded.due_at), expires_at = greatest(push.expires_at, excluded.expires_at)
    WHERE push.status = 'queued';

-- Ad-hoc assignments with a reminder join the day's queued reminder push;
-- the reminder then waits for the latest of them.
-- name: SchedulePushExtendReminder :execrows
UPDATE push p SET assignment_ids = p.assignment_ids || n.ids, due_at = greatest(p.due_at, n.due_at)
FROM (
    SELECT a.panellist_id, array_agg(a.id ORDER BY a.position) AS ids, max(a.remind_at) AS due_at
    FROM assignment a
    WHERE a.tenant_id = @tenant_id AND a.day = sqlc.arg(day)::date AND a.adhoc_id IS NOT NULL
      AND a.remind_at IS NOT NULL AND a.closes_at > @now
      AND NOT EXISTS (
          SELECT 1 FROM push x
          WHERE x.tenant_id = a.tenant_id AND x.panellist_id = a.panellist_id AND x.day = a.day
            AND x.kind = 'reminder' AND a.id = ANY(x.assignment_ids))
    GROUP BY a.panellist_id
) n
WHERE p.tenant_id = @tenant_id AND p.panellist_id = n.panellist_id AND p.day = sqlc.arg(day)::date
  AND p.kind = 'reminder' AND p.status = 'queued';
