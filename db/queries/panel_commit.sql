-- Group commit of answers: one transaction writes the answers of many
-- concurrent SubmitAnswer calls. Every statement takes (tenant, id) pairs,
-- so a batch may hold several tenants and no row of another tenant is read.

-- Reads what validating a batch needs, without locks and outside any
-- transaction: the assignments with their question spec, business and
-- tenant's grace period, the last revision, and the existing answers that
-- carry one of the batch's idempotency keys (replays). The write below
-- checks what this read assumed through the unique keys on revision and
-- idempotency key, so a concurrent writer (another replica) makes the
-- write fail and the batch fall back to committing each answer as a batch
-- of one, reading again.
-- name: PanelCommitRead :many
SELECT a.tenant_id, a.id, a.panellist_id, a.question_id, a.question_version, a.day,
    a.opens_at, a.closes_at, qv.spec, p.business_id, t.late_grace_minutes,
    (SELECT coalesce(max(x.revision), 0) FROM answer x
     WHERE x.tenant_id = a.tenant_id AND x.assignment_id = a.id)::int AS last_revision,
    coalesce((SELECT jsonb_agg(jsonb_build_object('key', x.idempotency_key, 'id', x.id,
            'revision', x.revision, 'received_at', x.received_at))
        FROM answer x
        WHERE x.tenant_id = a.tenant_id AND x.assignment_id = a.id
          AND x.idempotency_key = ANY(@keys::text[])), '[]')::jsonb AS replays
FROM assignment a
JOIN question_version qv ON qv.tenant_id = a.tenant_id AND qv.question_id = a.question_id
    AND qv.version = a.question_version
JOIN panellist p ON p.tenant_id = a.tenant_id AND p.id = a.panellist_id
JOIN tenant t ON t.id = a.tenant_id
WHERE (a.tenant_id, a.id) IN (SELECT unnest(@tenant_ids::bigint[]), unnest(@ids::bigint[]));

-- Writes a batch in one statement, which is its own transaction: it locks
-- the batch's assignments in id order, inserts the new answers, clears the
-- previous latest answers of the same assignments (the CTEs share one
-- snapshot, so the update cannot see the rows being inserted) and marks the
-- assignments answered. A batch holds at most one new answer per
-- assignment. Each answer row is built from its assignment's row in locked,
-- which the lock returns only once it is held, so no answer is inserted for
-- an assignment this statement has not locked; two batches that share an
-- assignment therefore meet at its lock, in id order, and never at an
-- answer's unique key. A row's codes are its slice of the flat @codes
-- array: code_counts[i] codes starting after code_starts[i].
-- name: PanelCommitWrite :many
WITH locked AS MATERIALIZED (
    SELECT a.tenant_id, a.id FROM assignment a
    WHERE (a.tenant_id, a.id) IN (SELECT unnest(@tenant_ids::bigint[]), unnest(@assignment_ids::bigint[]))
    ORDER BY a.tenant_id, a.id
    FOR UPDATE
), ins AS (
    INSERT INTO answer (tenant_id, assignment_id, panellist_id, business_id, question_id, day,
        question_version, revision, idempotency_key, value, num_value, codes, answered_at, received_at)
    SELECT l.tenant_id, l.id, r.panellist_id, r.business_id, r.question_id, r.day,
        r.question_version, r.revision, r.idempotency_key, r.value::jsonb,
        CASE WHEN r.has_num THEN r.num_value END,
        (@codes::int[])[r.code_start + 1 : r.code_start + r.code_count],
        r.answered_at, r.received_at
    FROM (SELECT unnest(@tenant_ids::bigint[]) AS tenant_id, unnest(@assignment_ids::bigint[]) AS assignment_id,
            unnest(@panellist_ids::bigint[]) AS panellist_id, unnest(@business_ids::bigint[]) AS business_id,
            unnest(@question_ids::bigint[]) AS question_id, unnest(@days::date[]) AS day,
            unnest(@question_versions::int[]) AS question_version, unnest(@revisions::int[]) AS revision,
            unnest(@keys::text[]) AS idempotency_key, unnest(@vals::text[]) AS value,
            unnest(@has_nums::bool[]) AS has_num, unnest(@num_values::float8[]) AS num_value,
            unnest(@code_starts::int[]) AS code_start, unnest(@code_counts::int[]) AS code_count,
            unnest(@answered_ats::timestamptz[]) AS answered_at,
            unnest(@received_ats::timestamptz[]) AS received_at) r
    JOIN locked l ON l.tenant_id = r.tenant_id AND l.id = r.assignment_id
    RETURNING answer.tenant_id, answer.assignment_id, answer.id, answer.revision, answer.received_at
), cleared AS (
    UPDATE answer o SET is_latest = false
    FROM locked l
    WHERE o.tenant_id = l.tenant_id AND o.assignment_id = l.id AND o.is_latest
    RETURNING o.id
), marked AS (
    UPDATE assignment m SET status = 'answered'
    FROM locked l
    WHERE m.tenant_id = l.tenant_id AND m.id = l.id AND m.status <> 'answered'
    RETURNING m.id
)
SELECT ins.tenant_id, ins.assignment_id, ins.id, ins.revision, ins.received_at FROM ins;

-- Locks one assignment for the rest of the transaction: a batch of one
-- that is written after this lock and PanelCommitRead sees every answer
-- committed before it, so its revision cannot be taken by another writer.
-- name: PanelCommitLock :exec
SELECT a.id FROM assignment a
WHERE a.tenant_id = @tenant_id AND a.id = @id
FOR UPDATE;
