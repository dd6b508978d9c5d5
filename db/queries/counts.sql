-- The counts of every report, read from the one definition in the view
-- assignment_count (db/migrations, documented in docs/counts.md): per day
-- and segment, assignments made (and how many ad hoc), pushed, reminded,
-- opened, answered and answered after their push, with the median time
-- from push to answer. wave_id 0 counts every wave of the tenant;
-- dimension is one of all, sector, size, district, role, and the segment
-- is named as stored segments are ("all", "sector:Logistics").
-- name: CountsByDay :many
-- The assignments are picked first (MATERIALIZED keeps the planner from
-- evaluating the view's per-assignment lookups once per panellist when the
-- tables' statistics are stale, as right after a bulk load).
WITH c AS MATERIALIZED (
    SELECT * FROM assignment_count v
    WHERE v.tenant_id = sqlc.arg(tenant_id)::bigint
      AND (sqlc.arg(wave_id)::bigint = 0 OR v.wave_id = sqlc.arg(wave_id)::bigint)
      AND v.day >= sqlc.arg(from_day)::date AND v.day <= sqlc.arg(to_day)::date
)
SELECT c.day,
    (CASE sqlc.arg(dimension)::text
        WHEN 'sector' THEN 'sector:' || b.sector
        WHEN 'size' THEN 'size:' || b.size_band
        WHEN 'district' THEN 'district:' || b.district
        WHEN 'role' THEN 'role:' || p.role
        ELSE 'all' END)::text AS segment,
    count(*)::int AS assigned,
    count(*) FILTER (WHERE c.adhoc)::int AS adhoc,
    count(c.pushed_at)::int AS pushed,
    count(*) FILTER (WHERE c.reminded)::int AS reminded,
    count(*) FILTER (WHERE c.opened)::int AS opened,
    count(c.answered_at)::int AS answered,
    count(*) FILTER (WHERE c.answered_after_push)::int AS answered_after_push,
    coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.answered_at - c.pushed_at))
        FILTER (WHERE c.answered_after_push), 0)::float8 AS median_seconds_to_answer
FROM c
JOIN panellist p ON p.tenant_id = c.tenant_id AND p.id = c.panellist_id
JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
GROUP BY 1, 2
ORDER BY 1, 2;

-- Panellists of a wave who stopped answering: none of their last
-- working_days assigned days that are over (every assignment of the day
-- closed by now, or one answered) has an answer, by the view's definition
-- of answered. Withdrawn panellists are left out. Paged by panellist id.
-- name: CountsStopped :many
WITH c AS MATERIALIZED (
    SELECT v.panellist_id, v.day, v.closes_at, v.answered_at FROM assignment_count v
    WHERE v.tenant_id = sqlc.arg(tenant_id)::bigint AND v.wave_id = sqlc.arg(wave_id)::bigint
), d AS (
    SELECT c.panellist_id, c.day, bool_or(c.answered_at IS NOT NULL) AS answered,
        row_number() OVER (PARTITION BY c.panellist_id ORDER BY c.day DESC) AS rn
    FROM c
    GROUP BY c.panellist_id, c.day
    HAVING bool_or(c.answered_at IS NOT NULL) OR max(c.closes_at) <= sqlc.arg(now)::timestamptz
), s AS (
    SELECT d.panellist_id, count(*) AS days, bool_or(d.answered) AS answered
    FROM d
    WHERE d.rn <= sqlc.arg(working_days)::int
    GROUP BY d.panellist_id
)
SELECT p.id, p.ref, p.name, b.ref AS business_ref, b.sector,
    coalesce((SELECT to_char(max(x.day), 'YYYY-MM-DD') FROM c x
     WHERE x.panellist_id = p.id AND x.answered_at IS NOT NULL), '')::text AS last_answered_day
FROM s
JOIN panellist p ON p.tenant_id = sqlc.arg(tenant_id)::bigint AND p.id = s.panellist_id
JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
WHERE s.days = sqlc.arg(working_days)::int AND NOT s.answered AND p.status <> 'withdrawn'
  AND p.id > sqlc.arg(after_id)::bigint
ORDER BY p.id
LIMIT sqlc.arg(max_rows)::int;
