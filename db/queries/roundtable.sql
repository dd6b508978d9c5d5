-- name: RoundtableInsert :one
INSERT INTO roundtable (tenant_id, title, held_on, audience, join_code, created_at)
VALUES (@tenant_id, @title, @held_on, @audience, @join_code, @now)
RETURNING *;

-- name: RoundtableFindingInsert :exec
INSERT INTO roundtable_finding (tenant_id, roundtable_id, finding_id)
VALUES (@tenant_id, @roundtable_id, @finding_id)
ON CONFLICT DO NOTHING;

-- name: RoundtableGetOpenByCode :one
SELECT * FROM roundtable
WHERE tenant_id = @tenant_id AND join_code = @join_code AND status = 'open';

-- name: RoundtableAttendeeInsert :exec
INSERT INTO roundtable_attendee (tenant_id, roundtable_id, panellist_id, joined_at)
VALUES (@tenant_id, @roundtable_id, @panellist_id, @now)
ON CONFLICT DO NOTHING;

-- The questions of the roundtable's findings under test.
-- name: RoundtableOpenQuestions :many
SELECT f.question_id::bigint AS question_id
FROM roundtable_finding rf
JOIN finding f ON f.tenant_id = rf.tenant_id AND f.id = rf.finding_id
WHERE rf.tenant_id = @tenant_id AND rf.roundtable_id = @roundtable_id
  AND f.status = 'testing' AND f.question_id IS NOT NULL
ORDER BY f.id;
