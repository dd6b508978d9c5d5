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

-- One row per day, segment and business: the business's mean of its
-- respondents' latest answers (the business is the unit of analysis).
-- name: AnswerTrendNumeric :many
SELECT an.day,
    (CASE @dimension::text
        WHEN 'sector' THEN b.sector
        WHEN 'size_band' THEN b.size_band
        WHEN 'district' THEN b.district
        ELSE 'all' END)::text AS segment,
    an.business_id,
    avg(an.num_value)::float8 AS value
FROM answer an
JOIN business b ON b.tenant_id = an.tenant_id AND b.id = an.business_id
WHERE an.tenant_id = @tenant_id AND an.question_id = @question_id AND an.is_latest
  AND an.num_value IS NOT NULL
  AND (@wave_id::bigint = 0 OR an.assignment_id IN (
      SELECT a.id FROM assignment a WHERE a.tenant_id = @tenant_id AND a.wave_id = @wave_id))
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;

-- name: AssignmentTrendAssigned :many
SELECT a.day,
    (CASE @dimension::text
        WHEN 'sector' THEN b.sector
        WHEN 'size_band' THEN b.size_band
        WHEN 'district' THEN b.district
        ELSE 'all' END)::text AS segment,
    p.business_id
FROM assignment a
JOIN panellist p ON p.tenant_id = a.tenant_id AND p.id = a.panellist_id
JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
WHERE a.tenant_id = @tenant_id AND a.question_id = @question_id
  AND (@wave_id::bigint = 0 OR a.wave_id = @wave_id)
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;
