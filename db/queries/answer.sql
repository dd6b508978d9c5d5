-- name: AnswerGetByKey :one
SELECT * FROM answer
WHERE tenant_id = @tenant_id AND assignment_id = @assignment_id AND idempotency_key = @idempotency_key;

-- name: AnswerNextRevision :one
SELECT (coalesce(max(revision), 0) + 1)::int FROM answer
WHERE tenant_id = @tenant_id AND assignment_id = @assignment_id;

-- name: AnswerClearLatest :exec
UPDATE answer SET is_latest = false
WHERE tenant_id = @tenant_id AND assignment_id = @assignment_id AND is_latest;

-- name: AnswerInsert :one
INSERT INTO answer (tenant_id, assignment_id, panellist_id, business_id, question_id, day,
    question_version, revision, idempotency_key, value, num_value, codes, answered_at, received_at)
VALUES (@tenant_id, @assignment_id, @panellist_id, @business_id, @question_id, @day,
    @question_version, @revision, @idempotency_key, @value, @num_value, @codes, @answered_at, @received_at)
RETURNING *;
