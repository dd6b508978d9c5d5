-- name: QuestionGetLatestByKey :one
SELECT q.id, q.key, q.theme, qv.version, qv.type, qv.title, qv.wording, qv.spec, q.archived_at
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

-- A page of the latest versions, by id, live or archived, optionally of one theme.
-- name: QuestionListPage :many
SELECT q.id, q.key, q.theme, qv.version, qv.type, qv.title, qv.wording, qv.spec, q.archived_at
FROM question q
JOIN question_version qv ON qv.tenant_id = q.tenant_id AND qv.question_id = q.id AND qv.version = q.latest_version
WHERE q.tenant_id = @tenant_id AND q.id > @after
    AND (@theme::text = '' OR q.theme = @theme::text)
    AND (q.archived_at IS NOT NULL) = @archived::boolean
ORDER BY q.id
LIMIT @lim;

-- Every version of one question with its answer count, oldest first.
-- name: QuestionVersionHistory :many
SELECT qv.version, qv.type, qv.title, qv.wording, qv.spec, qv.created_at,
    (SELECT count(*) FROM answer a
     WHERE a.tenant_id = qv.tenant_id AND a.question_id = qv.question_id
         AND a.question_version = qv.version AND a.is_latest)::int AS answers
FROM question_version qv
WHERE qv.tenant_id = @tenant_id AND qv.question_id = @question_id
ORDER BY qv.version;

-- name: QuestionSetArchived :exec
UPDATE question SET archived_at = sqlc.narg(archived_at)::timestamptz
WHERE tenant_id = @tenant_id AND id = @id;

-- The keys among keys that are archived.
-- name: QuestionArchivedKeys :many
SELECT key FROM question
WHERE tenant_id = @tenant_id AND key = ANY(@keys::text[]) AND archived_at IS NOT NULL;
