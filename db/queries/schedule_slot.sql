-- An ad-hoc item that takes the slot of the day's wave items (a finding
-- test sent now to a panel segment).
-- name: AdhocItemInsertTakingSlot :one
INSERT INTO adhoc_item (tenant_id, question_id, segment, first_day, not_before, takes_slot)
VALUES (@tenant_id, @question_id, @segment, @first_day, @not_before, true)
RETURNING id;

-- The items taking slots whose first day is the day.
-- name: AdhocItemSlotTakers :many
SELECT id FROM adhoc_item
WHERE tenant_id = @tenant_id AND first_day = sqlc.arg(day)::date AND takes_slot AND closed_at IS NULL
ORDER BY id;

-- The day's wave assignments that give up their slot to the items taking
-- slots: for each panellist the items target (by the same targeting as
-- AssignmentPlanAdhoc) whose day would be over the cap with them, the
-- wave assignments not yet pushed (scheduled, in no push being sent or
-- sent), last position first, as many as the items need. A panellist
-- whose day cannot free enough (its items already pushed) gives up
-- nothing; the item then spills for them as any ad-hoc item does.
-- name: ScheduleSlotGivers :many
WITH target AS (
    SELECT p.id AS panellist_id, count(DISTINCT ai.question_id)::int AS k
    FROM adhoc_item ai
    JOIN panellist p ON p.tenant_id = ai.tenant_id
    JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
    WHERE ai.tenant_id = @tenant_id AND ai.id = ANY(@adhoc_ids::bigint[])
      AND p.status = 'active'
      AND (p.paused_until IS NULL OR p.paused_until < sqlc.arg(day)::date)
      AND (p.joined_on IS NULL OR p.joined_on <= ai.first_day)
      AND segment_includes(ai.segment, b.sector, b.size_band, b.district, p.role)
      AND NOT EXISTS (
          SELECT 1 FROM assignment x
          WHERE x.tenant_id = @tenant_id AND x.panellist_id = p.id
            AND x.question_id = ai.question_id AND x.day >= ai.first_day)
    GROUP BY p.id
), load AS (
    SELECT x.panellist_id, count(*)::int AS n
    FROM assignment x JOIN target t ON t.panellist_id = x.panellist_id
    WHERE x.tenant_id = @tenant_id AND x.day = sqlc.arg(day)::date
    GROUP BY x.panellist_id
), free AS (
    SELECT a.id, a.panellist_id, a.wave_id, a.question_id,
        row_number() OVER (PARTITION BY a.panellist_id ORDER BY a.position DESC, a.id DESC)::int AS rn,
        count(*) OVER (PARTITION BY a.panellist_id)::int AS m
    FROM assignment a JOIN target t ON t.panellist_id = a.panellist_id
    WHERE a.tenant_id = @tenant_id AND a.day = sqlc.arg(day)::date
      AND a.adhoc_id IS NULL AND a.status = 'scheduled'
      AND NOT EXISTS (
          SELECT 1 FROM push x
          WHERE x.tenant_id = a.tenant_id AND x.panellist_id = a.panellist_id AND x.day = a.day
            AND x.status IN ('sending', 'sent') AND a.id = ANY(x.assignment_ids))
)
SELECT f.id, f.panellist_id, f.wave_id, f.question_id
FROM free f
JOIN target t ON t.panellist_id = f.panellist_id
JOIN load l ON l.panellist_id = f.panellist_id
WHERE f.rn <= l.n + t.k - @daily_cap::int AND f.m >= l.n + t.k - @daily_cap::int
ORDER BY f.panellist_id, f.rn;

-- How full each of the panellists' day is: assignments already made plus
-- the questions the running waves' plan items (wave, day index) will give
-- them that day and they do not hold yet.
-- name: ScheduleSlotDayLoad :many
SELECT p.id AS panellist_id,
    ((SELECT count(*) FROM assignment x
      WHERE x.tenant_id = @tenant_id AND x.panellist_id = p.id AND x.day = sqlc.arg(day)::date)
     + (SELECT count(DISTINCT pi.question_id)
        FROM plan_item pi
        JOIN wave w ON w.tenant_id = pi.tenant_id AND w.id = pi.wave_id
        WHERE pi.tenant_id = @tenant_id AND pi.wave_id = ANY(@wave_ids::bigint[])
          AND pi.day_index = (@day_indexes::int[])[array_position(@wave_ids::bigint[], pi.wave_id)]
          AND (pi.split = 0 OR pi.split = 1 + (hashtextextended('split/' || p.id::text, w.seed) & 1))
          AND segment_includes(pi.segment, b.sector, b.size_band, b.district, p.role)
          AND NOT EXISTS (
              SELECT 1 FROM assignment x
              WHERE x.tenant_id = @tenant_id AND x.panellist_id = p.id
                AND x.day = sqlc.arg(day)::date AND x.question_id = pi.question_id)))::int AS n
FROM panellist p
JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
WHERE p.tenant_id = @tenant_id AND p.id = ANY(@panellist_ids::bigint[]);

-- Moves a wave assignment to another day: last in that day's order, open
-- at the panellist's delivery time, closing and reminding as planned
-- assignments of that day do. Nothing moves onto a day that already holds
-- the question.
-- name: ScheduleSlotMove :execrows
UPDATE assignment a SET day = sqlc.arg(day)::date,
    position = (SELECT coalesce(max(x.position), 0) + 1 FROM assignment x
                WHERE x.tenant_id = a.tenant_id AND x.panellist_id = a.panellist_id AND x.day = sqlc.arg(day)::date),
    opens_at = m.opens_at, closes_at = m.closes_at,
    remind_at = CASE WHEN @reminder_minutes::int > 0
          AND m.opens_at + make_interval(0, 0, 0, 0, 0, @reminder_minutes::int) < m.closes_at
          AND timezone(p.time_zone, m.opens_at + make_interval(0, 0, 0, 0, 0, @reminder_minutes::int))::date
              = ANY(@reminder_days::date[])
         THEN m.opens_at + make_interval(0, 0, 0, 0, 0, @reminder_minutes::int) END
FROM panellist p,
    LATERAL (SELECT ((sqlc.arg(day)::date + p.delivery_minute * interval '1 minute') AT TIME ZONE p.time_zone) AS opens_at,
                    ((sqlc.arg(close_date)::date + 1)::timestamp AT TIME ZONE p.time_zone) AS closes_at) m
WHERE a.tenant_id = @tenant_id AND a.id = @id AND a.status = 'scheduled'
  AND p.tenant_id = a.tenant_id AND p.id = a.panellist_id
  AND NOT EXISTS (
      SELECT 1 FROM assignment y
      WHERE y.tenant_id = a.tenant_id AND y.panellist_id = a.panellist_id
        AND y.day = sqlc.arg(day)::date AND y.question_id = a.question_id);

-- Drops wave assignments that found no day with room before their wave
-- ended.
-- name: ScheduleSlotDrop :execrows
DELETE FROM assignment
WHERE tenant_id = @tenant_id AND id = ANY(@ids::bigint[]) AND status = 'scheduled';

-- Takes moved or dropped assignments out of the day's queued pushes.
-- name: ScheduleSlotUnpush :exec
UPDATE push p SET assignment_ids = ARRAY(SELECT x FROM unnest(p.assignment_ids) AS x WHERE x <> ALL(@ids::bigint[]))
WHERE p.tenant_id = @tenant_id AND p.day = sqlc.arg(day)::date AND p.status IN ('queued', 'failed')
  AND p.assignment_ids && @ids::bigint[];

-- Cancels the day's queued pushes left carrying nothing.
-- name: ScheduleSlotCancelEmpty :exec
UPDATE push SET status = 'cancelled'
WHERE tenant_id = @tenant_id AND day = sqlc.arg(day)::date AND status IN ('queued', 'failed')
  AND cardinality(assignment_ids) = 0;

-- How many panellists an item's segment targets today: active, not paused,
-- joined by its first day.
-- name: AdhocItemTargeted :one
SELECT count(*)::int
FROM adhoc_item ai
JOIN panellist p ON p.tenant_id = ai.tenant_id
JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
WHERE ai.tenant_id = @tenant_id AND ai.id = @id
  AND p.status = 'active'
  AND (p.paused_until IS NULL OR p.paused_until < ai.first_day)
  AND (p.joined_on IS NULL OR p.joined_on <= ai.first_day)
  AND segment_includes(ai.segment, b.sector, b.size_band, b.district, p.role);

-- How many assignments an item made on a day.
-- name: AdhocItemAssignedOn :one
SELECT count(*)::int FROM assignment
WHERE tenant_id = @tenant_id AND adhoc_id = @id AND day = sqlc.arg(day)::date;
