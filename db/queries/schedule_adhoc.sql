-- name: AdhocItemInsert :one
INSERT INTO adhoc_item (tenant_id, question_id, segment, first_day, not_before, panellist_id, outside_cap)
VALUES (@tenant_id, @question_id, @segment, @first_day, @not_before, sqlc.narg(panellist_id), @outside_cap)
RETURNING *;

-- Plans the ad-hoc items due on a day (first_day on or before it, within
-- the spill window) after the plan's items: each targeted panellist who has
-- not yet had the question since the item's first day gets it, in the
-- day's remaining room under the cap. What does not fit stays unassigned
-- and is planned again on the next working day (the spill). Panellists who
-- joined after the item's first day are not targeted. An item for one
-- panellist (a roundtable attendee's) reaches that panellist alone; one
-- outside the cap is not held to it and opens at not_before. Items taking
-- slots (finding tests sent now) come first in the room the cap leaves.
-- name: AssignmentPlanAdhoc :execrows
INSERT INTO assignment (tenant_id, wave_id, panellist_id, question_id, question_version, day,
    position, opens_at, closes_at, remind_at, adhoc_id)
SELECT @tenant_id, @wave_id, r.panellist_id, r.question_id, r.latest_version, sqlc.arg(day)::date,
    r.position, r.opens_at, r.closes_at,
    CASE WHEN r.opens_at + make_interval(0, 0, 0, 0, 0, @reminder_minutes::int) < r.closes_at
          AND timezone(r.time_zone, r.opens_at + make_interval(0, 0, 0, 0, 0, @reminder_minutes::int))::date
              = ANY(@reminder_days::date[])
         THEN r.opens_at + make_interval(0, 0, 0, 0, 0, @reminder_minutes::int) END,
    r.adhoc_id
FROM (
    SELECT t.panellist_id, t.question_id, t.latest_version, t.time_zone, t.adhoc_id,
        (coalesce(h.n, 0) + row_number() OVER (
            PARTITION BY t.panellist_id ORDER BY t.outside_cap, t.takes_slot DESC, t.adhoc_id))::smallint AS position,
        CASE WHEN t.outside_cap THEN t.not_before ELSE greatest(t.not_before,
            (sqlc.arg(day)::date + t.delivery_minute * interval '1 minute') AT TIME ZONE t.time_zone) END AS opens_at,
        t.outside_cap,
        ((sqlc.arg(close_date)::date + 1)::timestamp AT TIME ZONE t.time_zone) AS closes_at
    FROM (
        SELECT DISTINCT ON (p.id, q.id) p.id AS panellist_id, p.time_zone, p.delivery_minute,
            q.id AS question_id, q.latest_version, ai.id AS adhoc_id, ai.not_before, ai.outside_cap, ai.takes_slot
        FROM adhoc_item ai
        JOIN question q ON q.tenant_id = ai.tenant_id AND q.id = ai.question_id
        JOIN panellist p ON p.tenant_id = ai.tenant_id
        JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
        WHERE ai.tenant_id = @tenant_id
          AND ai.first_day <= sqlc.arg(day)::date AND ai.first_day >= sqlc.arg(oldest_day)::date
          AND ai.closed_at IS NULL
          AND p.status = 'active'
          AND (p.paused_until IS NULL OR p.paused_until < sqlc.arg(day)::date)
          AND (p.joined_on IS NULL OR p.joined_on <= ai.first_day)
          AND segment_includes(ai.segment, b.sector, b.size_band, b.district, p.role)
          AND (ai.panellist_id IS NULL OR ai.panellist_id = p.id)
          AND NOT EXISTS (
              SELECT 1 FROM assignment x
              WHERE x.tenant_id = @tenant_id AND x.panellist_id = p.id
                AND x.question_id = q.id AND x.day >= ai.first_day)
        ORDER BY p.id, q.id, ai.outside_cap DESC, ai.id
    ) t
    LEFT JOIN (
        SELECT x.panellist_id, count(*)::int AS n
        FROM assignment x
        WHERE x.tenant_id = @tenant_id AND x.day = sqlc.arg(day)::date
        GROUP BY x.panellist_id
    ) h ON h.panellist_id = t.panellist_id
) r
WHERE (r.position <= @daily_cap::int OR r.outside_cap) AND r.closes_at > @now::timestamptz
ON CONFLICT (tenant_id, panellist_id, day, question_id) DO NOTHING;

-- name: AdhocItemCountDue :one
SELECT count(*)::int FROM adhoc_item
WHERE tenant_id = @tenant_id AND first_day <= sqlc.arg(day)::date AND first_day >= sqlc.arg(oldest_day)::date
  AND closed_at IS NULL;

-- name: QuestionKeyByID :one
SELECT key FROM question WHERE tenant_id = @tenant_id AND id = @id;
