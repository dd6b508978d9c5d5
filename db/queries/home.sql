-- Programme home: the panel beside the population frame and the live
-- waves (today's counts come from CountsByDay).

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

-- HomeLiveWaves lists the planned waves running on a day (their counts
-- come from CountsByDay).
-- name: HomeLiveWaves :many
SELECT w.id, w.name, w.start_date, w.end_date, w.working_days,
    (SELECT count(*) FROM plan_item pi WHERE pi.tenant_id = w.tenant_id AND pi.wave_id = w.id)::int AS plan_items
FROM wave w
WHERE w.tenant_id = @tenant_id::bigint AND NOT w.adhoc AND w.start_date <= @day::date AND w.end_date >= @day::date
ORDER BY w.start_date, w.id;

-- HomePushesSent counts one day's first pushes (deliveries) and reminders
-- FCM accepted: pushes, one per panellist and day.
-- name: HomePushesSent :one
SELECT
    count(*) FILTER (WHERE pu.kind = 'delivery' AND pu.sent_at IS NOT NULL)::int AS first_pushes,
    count(*) FILTER (WHERE pu.kind = 'reminder' AND pu.sent_at IS NOT NULL)::int AS reminders
FROM push pu
WHERE pu.tenant_id = @tenant_id::bigint AND pu.day = @day::date;
