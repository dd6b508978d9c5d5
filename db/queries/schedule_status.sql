-- What a wave's plan would send on one day, per question, segment and
-- split, computed from today's panel without writing anything: the same
-- targeting and cap as AssignmentPlanDay, for the admin's dry run.
-- name: SchedulePreviewDay :many
SELECT r.question_id, r.segment, r.split, count(*)::int AS panellists
FROM (
    SELECT t.question_id, t.segment, t.split,
        row_number() OVER (PARTITION BY t.panellist_id ORDER BY t.order_key, t.question_id) AS position
    FROM (
        SELECT DISTINCT ON (p.id, q.id) p.id AS panellist_id, q.id AS question_id, pi.segment, pi.split,
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
        ORDER BY p.id, q.id, pi.segment, pi.split
    ) t
) r
WHERE r.position <= @daily_cap::int
GROUP BY r.question_id, r.segment, r.split
ORDER BY r.segment, r.question_id, r.split;
