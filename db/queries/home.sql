-- Programme home: the panel beside the population frame, today's counts
-- and the live waves.

-- HomeCoverage counts, per sector x size band present in the panel or the
-- frame, the businesses with at least one panellist who has not withdrawn
-- (and how many of those panellists are active) beside the frame's count.
-- name: HomeCoverage :many
WITH panel AS (
    SELECT b.sector, b.size_band,
        count(DISTINCT b.id)::int AS businesses,
        count(*) FILTER (WHERE p.status = 'active')::int AS active_panellists
    FROM business b
    JOIN panellist p ON p.tenant_id = b.tenant_id AND p.business_id = b.id AND p.status <> 'withdrawn'
    WHERE b.tenant_id = @tenant_id::bigint
    GROUP BY b.sector, b.size_band
), frame AS (
    SELECT sector, size_band, businesses FROM population_stratum WHERE tenant_id = @tenant_id::bigint
)
SELECT coalesce(p.sector, f.sector)::text AS sector,
    coalesce(p.size_band, f.size_band)::text AS size_band,
    coalesce(p.businesses, 0)::int AS panel_businesses,
    coalesce(p.active_panellists, 0)::int AS active_panellists,
    coalesce(f.businesses, 0)::int AS frame_businesses,
    (f.sector IS NOT NULL)::bool AS in_frame
FROM panel p
FULL OUTER JOIN frame f ON f.sector = p.sector AND f.size_band = p.size_band
ORDER BY 1, 2;

-- HomeDay counts one day's assignments over every wave: made, carried by
-- a sent push (the response monitor's definition) and answered, and the
-- pushes sent that day (first pushes and reminders apart).
-- name: HomeDay :one
SELECT
    (SELECT count(*) FROM assignment a WHERE a.tenant_id = @tenant_id::bigint AND a.day = @day::date)::int AS assigned,
    (SELECT count(*) FROM assignment a WHERE a.tenant_id = @tenant_id::bigint AND a.day = @day::date
        AND EXISTS (SELECT 1 FROM push pu
            WHERE pu.tenant_id = a.tenant_id AND pu.panellist_id = a.panellist_id AND pu.day = a.day
              AND pu.sent_at IS NOT NULL AND a.id = ANY(pu.assignment_ids)))::int AS pushed,
    (SELECT count(*) FROM assignment a WHERE a.tenant_id = @tenant_id::bigint AND a.day = @day::date
        AND a.status = 'answered')::int AS answered,
    (SELECT count(*) FROM push pu WHERE pu.tenant_id = @tenant_id::bigint AND pu.day = @day::date
        AND pu.kind = 'delivery' AND pu.sent_at IS NOT NULL)::int AS deliveries_sent,
    (SELECT count(*) FROM push pu WHERE pu.tenant_id = @tenant_id::bigint AND pu.day = @day::date
        AND pu.kind = 'reminder' AND pu.sent_at IS NOT NULL)::int AS reminders_sent;

-- HomeLiveWaves lists the planned waves running on a day with their
-- assignments so far and how many of those were answered.
-- name: HomeLiveWaves :many
SELECT w.id, w.name, w.start_date, w.end_date, w.working_days,
    (SELECT count(*) FROM plan_item pi WHERE pi.tenant_id = w.tenant_id AND pi.wave_id = w.id)::int AS plan_items,
    (SELECT count(*) FROM assignment a WHERE a.tenant_id = w.tenant_id AND a.wave_id = w.id AND a.day <= @day::date)::int AS assigned,
    (SELECT count(*) FROM assignment a WHERE a.tenant_id = w.tenant_id AND a.wave_id = w.id AND a.day <= @day::date
        AND a.status = 'answered')::int AS answered
FROM wave w
WHERE w.tenant_id = @tenant_id::bigint AND NOT w.adhoc AND w.start_date <= @day::date AND w.end_date >= @day::date
ORDER BY w.start_date, w.id;
