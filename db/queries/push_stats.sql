-- Per day of a wave: what became of its pushes, how many were opened, and
-- how many led to an answer (an answer to one of the push's assignments
-- given after it was sent), with the median time from send to that answer.
-- name: PushStatsByDay :many
SELECT s.day,
    count(*) FILTER (WHERE s.status IN ('queued', 'sending'))::int AS queued,
    count(*) FILTER (WHERE s.status = 'sent')::int AS sent,
    count(*) FILTER (WHERE s.status = 'failed')::int AS failed,
    count(*) FILTER (WHERE s.status = 'cancelled')::int AS cancelled,
    count(*) FILTER (WHERE s.opened_at IS NOT NULL)::int AS opened,
    count(s.first_answer)::int AS answered_after_push,
    coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.first_answer - s.sent_at)), 0)::float8 AS median_seconds_to_answer
FROM (
    SELECT p.day, p.status, p.opened_at, p.sent_at,
        (SELECT min(an.answered_at) FROM answer an
         WHERE an.tenant_id = p.tenant_id AND an.assignment_id = ANY(p.assignment_ids)
           AND an.answered_at >= p.sent_at) AS first_answer
    FROM push p
    JOIN wave w ON w.tenant_id = p.tenant_id AND w.id = sqlc.arg(wave_id)::bigint
    WHERE p.tenant_id = sqlc.arg(tenant_id)::bigint AND p.day BETWEEN w.start_date AND w.end_date
      AND EXISTS (SELECT 1 FROM assignment a
                  WHERE a.tenant_id = p.tenant_id AND a.id = ANY(p.assignment_ids) AND a.wave_id = w.id)
) s
GROUP BY s.day
ORDER BY s.day;

-- Panellists whose every device token FCM called dead (or who removed
-- their last device): no push can reach them.
-- name: PanellistListUnreachable :many
SELECT id, ref, name FROM panellist
WHERE tenant_id = @tenant_id AND unreachable
ORDER BY id;
