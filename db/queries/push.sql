-- One delivery push per panellist and day carrying all the day's
-- assignments; none for assignments already closed (catch-up after downtime).
-- name: PushInsertDeliveries :execrows
INSERT INTO push (tenant_id, panellist_id, day, kind, assignment_ids, due_at, expires_at)
SELECT a.tenant_id, a.panellist_id, a.day, 'delivery', array_agg(a.id ORDER BY a.position),
    min(a.opens_at), max(a.closes_at)
FROM assignment a
WHERE a.tenant_id = @tenant_id AND a.day = @day AND a.closes_at > @now
GROUP BY a.tenant_id, a.panellist_id, a.day
ON CONFLICT (tenant_id, panellist_id, day, kind) DO NOTHING;

-- name: PushInsertReminders :execrows
INSERT INTO push (tenant_id, panellist_id, day, kind, assignment_ids, due_at, expires_at)
SELECT a.tenant_id, a.panellist_id, a.day, 'reminder', array_agg(a.id ORDER BY a.position),
    min(a.remind_at), min(a.closes_at)
FROM assignment a
WHERE a.tenant_id = @tenant_id AND a.day = @day AND a.remind_at IS NOT NULL
  AND a.remind_at < a.closes_at AND a.closes_at > @now
GROUP BY a.tenant_id, a.panellist_id, a.day
ON CONFLICT (tenant_id, panellist_id, day, kind) DO NOTHING;

-- Claims due pushes for one dispatcher across tenants (a worker serves all
-- tenants); SKIP LOCKED lets replicas share the queue, and the lease lets a
-- push whose dispatcher died be claimed again. The rows are updated by
-- ctid, which stays put while the subquery's row lock is held: a TID scan,
-- where a join on the key was planned as a scan of the whole table.
--
-- A reminder is claimed only once the panellist's first push of its day
-- (the delivery, or an ad-hoc push) has finished and, if it was accepted
-- by FCM, strictly before now: never before or with that first push, even
-- when both are due (a day planned late). A reminder whose first push was
-- never accepted is claimed to be cancelled (see PushOpenAssignments).
-- name: PushClaimDue :many
UPDATE push p SET status = 'sending', lease_until = @lease_until::timestamptz, attempts = p.attempts + 1
WHERE p.ctid = ANY(ARRAY(
    SELECT q.ctid FROM push q
    WHERE q.status IN ('queued', 'sending') AND q.due_at <= @now
      AND (q.status = 'queued' OR q.lease_until < @now)
      AND (q.kind <> 'reminder' OR NOT EXISTS (
          SELECT 1 FROM push f
          WHERE f.tenant_id = q.tenant_id AND f.panellist_id = q.panellist_id AND f.day = q.day
            AND f.kind <> 'reminder'
            AND (f.status IN ('queued', 'sending') OR f.sent_at >= @now)))
    ORDER BY q.due_at
    LIMIT @max_pushes
    FOR UPDATE SKIP LOCKED))
RETURNING p.*;

-- first_sent says whether a push that is not a reminder reached the
-- panellist's phone that day: a reminder goes only after one did.
-- name: PushOpenAssignments :many
SELECT p.tenant_id, p.id AS push_id, a.id AS assignment_id, a.wave_id, pl.status AS panellist_status,
    pl.paused_until,
    (p.kind <> 'reminder' OR EXISTS (
        SELECT 1 FROM push f
        WHERE f.tenant_id = p.tenant_id AND f.panellist_id = p.panellist_id AND f.day = p.day
          AND f.kind <> 'reminder' AND f.sent_at IS NOT NULL))::bool AS first_sent
FROM push p
JOIN panellist pl ON pl.tenant_id = p.tenant_id AND pl.id = p.panellist_id
JOIN assignment a ON a.tenant_id = p.tenant_id AND a.id = ANY(p.assignment_ids)
WHERE p.tenant_id = ANY(@tenant_ids::bigint[]) AND p.id = ANY(@ids::bigint[])
  AND a.status IN ('scheduled', 'sent', 'opened')
ORDER BY p.tenant_id, p.id, a.position;

-- Every outcome is fenced by the claim: it is written only while the push
-- is still 'sending' under the lease this dispatcher set (one value per
-- claimed batch), so a dispatcher whose lease ran out and whose push was
-- claimed again cannot overwrite the newer claim's outcome. Push ids are
-- identities, unique across tenants, so "tenant_id = ANY(distinct
-- tenants) AND id = ANY(ids)" selects exactly the listed pushes through the
-- primary key; per-push values are looked up by the push's position in ids
-- (a join on unnest was planned as a scan of the whole table).
-- name: PushMarkSent :exec
UPDATE push p SET status = 'sent', sent_at = @now::timestamptz, lease_until = NULL, last_error = '',
    devices_sent = (sqlc.arg(devices)::int[])[array_position(sqlc.arg(ids)::bigint[], p.id)]
WHERE p.tenant_id = ANY(sqlc.arg(tenants)::bigint[]) AND p.id = ANY(sqlc.arg(ids)::bigint[])
  AND p.status = 'sending' AND p.lease_until = sqlc.arg(lease_until)::timestamptz;

-- name: PushRescheduleMany :exec
UPDATE push p SET status = 'queued', lease_until = NULL,
    due_at = (sqlc.arg(due_ats)::timestamptz[])[array_position(sqlc.arg(ids)::bigint[], p.id)],
    last_error = (sqlc.arg(last_errors)::text[])[array_position(sqlc.arg(ids)::bigint[], p.id)]
WHERE p.tenant_id = ANY(sqlc.arg(tenants)::bigint[]) AND p.id = ANY(sqlc.arg(ids)::bigint[])
  AND p.status = 'sending' AND p.lease_until = sqlc.arg(lease_until)::timestamptz;

-- name: PushFinishMany :exec
UPDATE push p SET lease_until = NULL,
    status = (sqlc.arg(statuses)::text[])[array_position(sqlc.arg(ids)::bigint[], p.id)],
    last_error = (sqlc.arg(last_errors)::text[])[array_position(sqlc.arg(ids)::bigint[], p.id)]
WHERE p.tenant_id = ANY(sqlc.arg(tenants)::bigint[]) AND p.id = ANY(sqlc.arg(ids)::bigint[])
  AND p.status = 'sending' AND p.lease_until = sqlc.arg(lease_until)::timestamptz;

-- name: PushGet :one
SELECT * FROM push WHERE tenant_id = @tenant_id AND id = @id;

-- name: PushMarkOpened :execrows
UPDATE push SET opened_at = coalesce(opened_at, @now::timestamptz)
WHERE tenant_id = @tenant_id AND id = @id AND panellist_id = @panellist_id;

-- name: PushOpenedAssignments :exec
UPDATE assignment a SET status = 'opened'
FROM push p
WHERE p.tenant_id = @tenant_id AND p.id = @id AND p.panellist_id = @panellist_id
  AND a.tenant_id = p.tenant_id AND a.id = ANY(p.assignment_ids) AND a.status IN ('scheduled', 'sent');

-- Pushes not yet finished, across tenants: the dispatchers' backlog.
-- name: PushCountOpen :one
SELECT count(*)::bigint AS open FROM push WHERE status IN ('queued', 'sending');
