-- Response monitor of a wave: per day and segment, assignments made, pushed
-- (carried by a push that was sent; an assignment answered before its push
-- went out is not pushed), opened (its push was acknowledged as opened, or
-- it was answered: the status moves scheduled/sent -> opened -> answered,
-- so an answer overwrites "opened") and answered. dimension is one of
-- all, sector, size_band, district, role.
-- name: MonitorWaveDaySegment :many
SELECT a.day,
    (CASE sqlc.arg(dimension)::text
        WHEN 'sector' THEN b.sector
        WHEN 'size_band' THEN b.size_band
        WHEN 'district' THEN b.district
        WHEN 'role' THEN p.role
        ELSE 'all' END)::text AS segment,
    count(*)::int AS assigned,
    count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM push pu
        WHERE pu.tenant_id = a.tenant_id AND pu.panellist_id = a.panellist_id AND pu.day = a.day
          AND pu.sent_at IS NOT NULL AND a.id = ANY(pu.assignment_ids)))::int AS pushed,
    count(*) FILTER (WHERE a.status IN ('opened', 'answered') OR EXISTS (
        SELECT 1 FROM push pu
        WHERE pu.tenant_id = a.tenant_id AND pu.panellist_id = a.panellist_id AND pu.day = a.day
          AND pu.opened_at IS NOT NULL AND a.id = ANY(pu.assignment_ids)))::int AS opened,
    count(*) FILTER (WHERE a.status = 'answered')::int AS answered
FROM assignment a
JOIN panellist p ON p.tenant_id = a.tenant_id AND p.id = a.panellist_id
JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
WHERE a.tenant_id = sqlc.arg(tenant_id)::bigint AND a.wave_id = sqlc.arg(wave_id)::bigint
GROUP BY 1, 2
ORDER BY 1, 2;

-- Panellists of a wave who answered none of their last three assigned
-- days that are over (every assignment of the day closed by now, or one
-- answered). Withdrawn panellists are left out.
-- name: MonitorWaveStopped :many
SELECT p.ref, p.name, b.ref AS business_ref, b.sector,
    coalesce((SELECT to_char(max(x.day), 'YYYY-MM-DD') FROM assignment x
     WHERE x.tenant_id = p.tenant_id AND x.wave_id = sqlc.arg(wave_id)::bigint
       AND x.panellist_id = p.id AND x.status = 'answered'), '')::text AS last_answered_day
FROM (
    SELECT d.panellist_id, count(*) AS days, bool_or(d.answered) AS answered
    FROM (
        SELECT a.panellist_id, a.day, bool_or(a.status = 'answered') AS answered,
            row_number() OVER (PARTITION BY a.panellist_id ORDER BY a.day DESC) AS rn
        FROM assignment a
        WHERE a.tenant_id = sqlc.arg(tenant_id)::bigint AND a.wave_id = sqlc.arg(wave_id)::bigint
        GROUP BY a.panellist_id, a.day
        HAVING bool_or(a.status = 'answered') OR max(a.closes_at) <= sqlc.arg(now)::timestamptz
    ) d
    WHERE d.rn <= 3
    GROUP BY d.panellist_id
) s
JOIN panellist p ON p.tenant_id = sqlc.arg(tenant_id)::bigint AND p.id = s.panellist_id
JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
WHERE s.days = 3 AND NOT s.answered AND p.status <> 'withdrawn'
ORDER BY p.ref;
