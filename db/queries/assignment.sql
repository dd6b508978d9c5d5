-- Plans one working day of a wave in one statement: every active, unpaused
-- panellist in a plan item's segment gets the item's question, ordered by a
-- seeded hash per panellist, up to the daily cap counting what the day
-- already holds. A split item goes to one half of the segment, drawn per
-- panellist from the wave's seed. Safe to run twice or concurrently (the
-- unique key; PlanDay also holds a lock per tenant and day).
-- name: AssignmentPlanDay :execrows
INSERT INTO assignment (tenant_id, wave_id, panellist_id, question_id, question_version, day,
    position, opens_at, closes_at, remind_at)
SELECT @tenant_id, @wave_id, r.panellist_id, r.question_id, r.latest_version, sqlc.arg(day)::date,
    r.position, r.opens_at, r.closes_at,
    CASE WHEN r.opens_at + make_interval(0, 0, 0, 0, 0, @reminder_minutes::int) < r.closes_at
          AND timezone(r.time_zone, r.opens_at + make_interval(0, 0, 0, 0, 0, @reminder_minutes::int))::date
              = ANY(@reminder_days::date[])
         THEN r.opens_at + make_interval(0, 0, 0, 0, 0, @reminder_minutes::int) END
FROM (
    SELECT t.panellist_id, t.question_id, t.latest_version, t.time_zone,
        (coalesce(h.n, 0) + row_number() OVER (
            PARTITION BY t.panellist_id
            ORDER BY t.order_key, t.question_id))::smallint AS position,
        ((sqlc.arg(day)::date + t.delivery_minute * interval '1 minute') AT TIME ZONE t.time_zone) AS opens_at,
        ((sqlc.arg(close_date)::date + 1)::timestamp AT TIME ZONE t.time_zone) AS closes_at
    FROM (
        SELECT DISTINCT p.id AS panellist_id, p.time_zone, p.delivery_minute,
            q.id AS question_id, q.latest_version,
            hashtextextended(q.key || '/' || p.id::text, @seed::bigint) AS order_key
        FROM plan_item pi
        JOIN question q ON q.tenant_id = pi.tenant_id AND q.id = pi.question_id
        JOIN panellist p ON p.tenant_id = pi.tenant_id
        JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
        WHERE pi.tenant_id = @tenant_id AND pi.wave_id = @wave_id AND pi.day_index = @day_index
          AND p.status = 'active'
          AND (p.paused_until IS NULL OR p.paused_until < sqlc.arg(day)::date)
          AND (p.joined_on IS NULL OR p.joined_on <= sqlc.arg(day)::date)
          AND (pi.split = 0 OR pi.split = 1 + (hashtextextended('split/' || p.id::text, @seed::bigint) & 1))
          AND segment_includes(pi.segment, b.sector, b.size_band, b.district, p.role)
          AND NOT EXISTS (
              SELECT 1 FROM assignment x
              WHERE x.tenant_id = @tenant_id AND x.panellist_id = p.id
                AND x.day = sqlc.arg(day)::date AND x.question_id = q.id)
    ) t
    LEFT JOIN (
        SELECT x.panellist_id, count(*)::int AS n
        FROM assignment x
        WHERE x.tenant_id = @tenant_id AND x.day = sqlc.arg(day)::date
        GROUP BY x.panellist_id
    ) h ON h.panellist_id = t.panellist_id
) r
WHERE r.position <= @daily_cap::int AND r.closes_at > @now::timestamptz
ON CONFLICT (tenant_id, panellist_id, day, question_id) DO NOTHING;

-- name: AssignmentListOpen :many
SELECT a.id, a.day, a.opens_at, a.closes_at, a.status, a.position, a.wave_id,
    q.key, q.theme, qv.version, qv.type, qv.title, qv.wording, qv.spec,
    la.value AS answer_value, la.revision AS answer_revision
FROM assignment a
JOIN question q ON q.tenant_id = a.tenant_id AND q.id = a.question_id
JOIN question_version qv ON qv.tenant_id = a.tenant_id AND qv.question_id = a.question_id
    AND qv.version = a.question_version
LEFT JOIN answer la ON la.tenant_id = a.tenant_id AND la.assignment_id = a.id AND la.is_latest
WHERE a.tenant_id = @tenant_id AND a.panellist_id = @panellist_id
  AND a.opens_at <= @now AND a.closes_at > @now
ORDER BY a.day, a.position;

-- name: AssignmentWaveDays :many
SELECT a.day, bool_or(a.status = 'answered') AS answered
FROM assignment a
WHERE a.tenant_id = @tenant_id AND a.panellist_id = @panellist_id AND a.wave_id = @wave_id
  AND a.opens_at <= @now
GROUP BY a.day
ORDER BY a.day;

-- Assignment ids come from one identity sequence, so (tenant, id) pairs
-- match exactly through the primary key with two ANY filters (a join on the
-- unnested pairs was planned as a scan of the table).
-- name: AssignmentMarkSent :exec
UPDATE assignment SET status = 'sent'
WHERE tenant_id = ANY(@tenant_ids::bigint[]) AND id = ANY(@ids::bigint[]) AND status = 'scheduled';
