-- name: QuestionGetLatestByKey :one
SELECT q.id, q.key, q.theme, qv.version, qv.type, qv.title, qv.wording, qv.spec
FROM question q
JOIN question_version qv ON qv.tenant_id = q.tenant_id AND qv.question_id = q.id AND qv.version = q.latest_version
WHERE q.tenant_id = @tenant_id AND q.key = @key;

-- name: QuestionInsert :one
INSERT INTO question (tenant_id, key, theme) VALUES (@tenant_id, @key, @theme)
RETURNING id;

-- name: QuestionSetLatest :exec
UPDATE question SET latest_version = @version, theme = @theme
WHERE tenant_id = @tenant_id AND id = @id;

-- name: QuestionVersionInsert :exec
INSERT INTO question_version (tenant_id, question_id, version, type, title, wording, spec)
VALUES (@tenant_id, @question_id, @version, @type, @title, @wording, @spec);

-- name: QuestionListLatest :many
SELECT q.id, q.key, q.theme, qv.version, qv.type, qv.title, qv.wording, qv.spec
FROM question q
JOIN question_version qv ON qv.tenant_id = q.tenant_id AND qv.question_id = q.id AND qv.version = q.latest_version
WHERE q.tenant_id = @tenant_id
ORDER BY q.key;

-- name: QuestionVersionListAll :many
SELECT q.id, q.key, q.theme, qv.version, qv.type, qv.title, qv.wording, qv.spec
FROM question q
JOIN question_version qv ON qv.tenant_id = q.tenant_id AND qv.question_id = q.id
WHERE q.tenant_id = @tenant_id
ORDER BY q.key, qv.version;

-- name: QuestionIDsByKey :many
SELECT id, key FROM question WHERE tenant_id = @tenant_id AND key = ANY(@keys::text[]);
