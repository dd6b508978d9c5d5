-- name: FindingList :many
-- A page of the tenant's findings, newest first, optionally those of one
-- roundtable.
SELECT f.*, q.key AS question_key
FROM finding f
LEFT JOIN question q ON q.tenant_id = f.tenant_id AND q.id = f.question_id
WHERE f.tenant_id = @tenant_id
  AND (@after::bigint = 0 OR f.id < @after::bigint)
  AND (@roundtable_id::bigint = 0 OR EXISTS (
      SELECT 1 FROM roundtable_finding rf
      WHERE rf.tenant_id = f.tenant_id AND rf.finding_id = f.id AND rf.roundtable_id = @roundtable_id::bigint))
ORDER BY f.id DESC
LIMIT @lim;

-- name: FindingEventInsert :one
INSERT INTO finding_event (tenant_id, finding_id, kind, at, segment, day, now_count, later_count, later_day,
    moved, dropped, verdict, evidence)
VALUES (@tenant_id, @finding_id, @kind, @at, @segment, sqlc.narg(day), @now_count, @later_count, sqlc.narg(later_day),
    @moved, @dropped, @verdict, sqlc.narg(evidence))
RETURNING *;

-- name: FindingEventList :many
SELECT * FROM finding_event
WHERE tenant_id = @tenant_id AND finding_id = ANY(@finding_ids::bigint[])
ORDER BY finding_id, id;

-- Closes a finding's test: the finding is marked, its ad-hoc items plan
-- nothing more and its assignments still open close now.
-- name: FindingCloseTest :execrows
UPDATE finding SET test_closed_at = @now, updated_at = @now
WHERE tenant_id = @tenant_id AND id = @id AND test_closed_at IS NULL;

-- name: FindingCloseAdhoc :exec
UPDATE adhoc_item SET closed_at = @now
WHERE tenant_id = @tenant_id AND question_id = @question_id AND closed_at IS NULL;

-- name: FindingCloseAssignments :execrows
UPDATE assignment SET closes_at = @now,
    remind_at = CASE WHEN remind_at < @now THEN remind_at END
WHERE tenant_id = @tenant_id AND question_id = @question_id AND closes_at > @now;

-- The latest answers to a finding's question with a point on the scale
-- (don't know is left out), in the order they arrived, each marked as
-- given by an attendee of a roundtable that tests the finding (the room)
-- or not (the panel).
-- name: FindingAnswerPoints :many
SELECT an.num_value::float8 AS point,
    EXISTS (
        SELECT 1 FROM roundtable_finding rf
        JOIN roundtable_attendee ra ON ra.tenant_id = rf.tenant_id AND ra.roundtable_id = rf.roundtable_id
        WHERE rf.tenant_id = an.tenant_id AND rf.finding_id = @finding_id AND ra.panellist_id = an.panellist_id
    ) AS in_room
FROM answer an
WHERE an.tenant_id = @tenant_id AND an.question_id = @question_id AND an.is_latest AND an.num_value IS NOT NULL
ORDER BY an.received_at, an.id;

-- name: RoundtableList :many
SELECT r.*,
    (SELECT count(*) FROM roundtable_attendee ra WHERE ra.tenant_id = r.tenant_id AND ra.roundtable_id = r.id)::int AS attendees,
    coalesce((SELECT array_agg(rf.finding_id ORDER BY rf.finding_id) FROM roundtable_finding rf
        WHERE rf.tenant_id = r.tenant_id AND rf.roundtable_id = r.id), '{}')::bigint[] AS finding_ids
FROM roundtable r
WHERE r.tenant_id = @tenant_id AND (@after::bigint = 0 OR r.id < @after::bigint)
ORDER BY r.id DESC
LIMIT @lim;

-- name: RoundtableGet :one
SELECT r.*,
    (SELECT count(*) FROM roundtable_attendee ra WHERE ra.tenant_id = r.tenant_id AND ra.roundtable_id = r.id)::int AS attendees,
    coalesce((SELECT array_agg(rf.finding_id ORDER BY rf.finding_id) FROM roundtable_finding rf
        WHERE rf.tenant_id = r.tenant_id AND rf.roundtable_id = r.id), '{}')::bigint[] AS finding_ids
FROM roundtable r
WHERE r.tenant_id = @tenant_id AND r.id = @id;

-- Gives a finding its question without putting it under test (a preview).
-- name: FindingAttachQuestion :exec
UPDATE finding SET question_id = @question_id
WHERE tenant_id = @tenant_id AND id = @id AND question_id IS NULL;

-- name: RoundtableAttendeeIDs :many
SELECT panellist_id FROM roundtable_attendee
WHERE tenant_id = @tenant_id AND roundtable_id = @roundtable_id
ORDER BY panellist_id;
