-- name: FindingInsert :one
INSERT INTO finding (tenant_id, statement, roundtable)
VALUES (@tenant_id, @statement, @roundtable)
RETURNING *;

-- name: FindingGet :one
SELECT f.*, q.key AS question_key
FROM finding f
LEFT JOIN question q ON q.tenant_id = f.tenant_id AND q.id = f.question_id
WHERE f.tenant_id = @tenant_id AND f.id = @id;

-- name: FindingSetQuestion :exec
UPDATE finding SET question_id = @question_id, status = 'testing', updated_at = @now
WHERE tenant_id = @tenant_id AND id = @id;

-- name: FindingSetStatus :execrows
UPDATE finding SET status = @status, updated_at = @now
WHERE tenant_id = @tenant_id AND id = @id;

-- name: FindingListAnsweredBy :many
-- The findings whose question the panellist answered, newest first.
SELECT f.id, f.statement, f.status, q.key AS question_key
FROM finding f
JOIN question q ON q.tenant_id = f.tenant_id AND q.id = f.question_id
WHERE f.tenant_id = @tenant_id
    AND EXISTS (
        SELECT 1 FROM answer an
        WHERE an.tenant_id = f.tenant_id AND an.question_id = f.question_id
            AND an.panellist_id = @panellist_id::bigint AND an.is_latest
    )
ORDER BY f.updated_at DESC, f.id DESC
LIMIT 200;
