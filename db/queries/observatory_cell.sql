-- name: ObservatoryWatermarkEnsure :exec
INSERT INTO observatory_watermark (tenant_id) VALUES (@tenant_id) ON CONFLICT DO NOTHING;

-- name: ObservatoryWatermarkLock :one
SELECT * FROM observatory_watermark WHERE tenant_id = @tenant_id FOR UPDATE;

-- name: ObservatoryWatermarkSet :exec
UPDATE observatory_watermark
SET answer_done = @answer_done, answer_seen = @answer_seen,
    assignment_done = @assignment_done, assignment_seen = @assignment_seen, refreshed_at = @refreshed_at,
    version = version + 1
WHERE tenant_id = @tenant_id;

-- name: ObservatoryWatermarkReset :exec
UPDATE observatory_watermark
SET answer_done = 0, answer_seen = 0, assignment_done = 0, assignment_seen = 0, version = version + 1
WHERE tenant_id = @tenant_id;

-- Marks the tenant's computed series stale: its population frame changed,
-- or a pass recomputed only days made stale by deletions or segment changes.
-- name: ObservatoryWatermarkBump :exec
INSERT INTO observatory_watermark (tenant_id, version) VALUES (@tenant_id, 1)
ON CONFLICT (tenant_id) DO UPDATE SET version = observatory_watermark.version + 1;

-- The version of a tenant's cells: it moves whenever a fold, a rebuild or
-- a frame import changes what a series computes to.
-- name: ObservatoryWatermarkVersion :one
SELECT coalesce((SELECT version FROM observatory_watermark WHERE tenant_id = @tenant_id), 0)::bigint AS version;

-- name: ObservatoryAnswerMaxID :one
SELECT coalesce(max(id), 0)::bigint FROM answer WHERE tenant_id = @tenant_id;

-- name: ObservatoryAssignmentMaxID :one
SELECT coalesce(max(id), 0)::bigint FROM assignment WHERE tenant_id = @tenant_id;

-- The (question, day) pairs touched by answers or assignments in the id ranges.
-- name: ObservatoryTouched :many
SELECT question_id, day FROM answer
WHERE tenant_id = sqlc.arg(tenant_id)::bigint AND id > sqlc.arg(answer_from)::bigint AND id <= sqlc.arg(answer_to)::bigint
UNION
SELECT question_id, day FROM assignment
WHERE tenant_id = sqlc.arg(tenant_id)::bigint AND id > sqlc.arg(assignment_from)::bigint AND id <= sqlc.arg(assignment_to)::bigint
ORDER BY 1, 2;

-- Every (question, day) with answers or assignments, for a full rebuild.
-- name: ObservatoryAllKeys :many
SELECT question_id, day FROM assignment WHERE tenant_id = sqlc.arg(tenant_id)::bigint
UNION
SELECT question_id, day FROM answer WHERE tenant_id = sqlc.arg(tenant_id)::bigint
ORDER BY 1, 2;

-- The latest answers of a question on a day with their business's segment,
-- the respondent's role ('' when unknown or erased) and, for a matrix, the
-- ratings object.
-- name: ObservatoryLatestAnswers :many
SELECT an.id, an.business_id, an.num_value, an.codes, b.sector, b.size_band, b.district,
    coalesce(p.role, '')::text AS role, (an.value -> 'matrix')::jsonb AS matrix
FROM answer an
JOIN business b ON b.tenant_id = an.tenant_id AND b.id = an.business_id
LEFT JOIN panellist p ON p.tenant_id = an.tenant_id AND p.id = an.panellist_id
WHERE an.tenant_id = @tenant_id AND an.question_id = @question_id AND an.day = @day AND an.is_latest
ORDER BY an.business_id, an.id;

-- Businesses assigned a question on a day, by finest segment.
-- name: ObservatoryAssigned :many
SELECT b.sector, b.size_band, b.district, count(DISTINCT p.business_id)::int AS businesses
FROM assignment a
JOIN panellist p ON p.tenant_id = a.tenant_id AND p.id = a.panellist_id
JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
WHERE a.tenant_id = @tenant_id AND a.question_id = @question_id AND a.day = @day
GROUP BY 1, 2, 3;

-- Businesses assigned a question on a day through a panellist of each role,
-- by sector and size band.
-- name: ObservatoryAssignedByRole :many
SELECT b.sector, b.size_band, p.role, count(DISTINCT p.business_id)::int AS businesses
FROM assignment a
JOIN panellist p ON p.tenant_id = a.tenant_id AND p.id = a.panellist_id
JOIN business b ON b.tenant_id = p.tenant_id AND b.id = p.business_id
WHERE a.tenant_id = @tenant_id AND a.question_id = @question_id AND a.day = @day
GROUP BY 1, 2, 3;

-- name: ObservatoryCellDelete :exec
DELETE FROM observatory_cell WHERE tenant_id = @tenant_id AND question_id = @question_id AND day = @day;

-- name: ObservatoryCellDeleteAll :exec
DELETE FROM observatory_cell WHERE tenant_id = @tenant_id;

-- name: ObservatoryCellCopy :copyfrom
INSERT INTO observatory_cell (tenant_id, question_id, day, role, sector, size_band, district, assigned,
    businesses, respondents, num_n, sum_y, sum_y2, hist_values, hist_counts, share_base,
    share_codes, share_sums, rank_base, rank_k, rank_codes, rank_sums,
    row_codes, row_n, row_sum_y, row_sum_y2, row_hist_codes, row_hist_values, row_hist_counts)
VALUES (@tenant_id, @question_id, @day, @role, @sector, @size_band, @district, @assigned,
    @businesses, @respondents, @num_n, @sum_y, @sum_y2, @hist_values, @hist_counts, @share_base,
    @share_codes, @share_sums, @rank_base, @rank_k, @rank_codes, @rank_sums,
    @row_codes, @row_n, @row_sum_y, @row_sum_y2, @row_hist_codes, @row_hist_values, @row_hist_counts);

-- Cells of a question over a date range: the rows summed over districts
-- (district '*') when coarse, else the per-district rows; all_sectors and
-- all_sizes pick the coarse rows summed over sectors or size bands too;
-- with_roles adds the role rows (which exist only per sector and size band,
-- summed over districts) to the '*' rows.
-- The arrays a question's type does not use come back NULL (nothing to
-- decode): ranking sums unless ranking, matrix rows unless matrix.
-- name: ObservatoryCellList :many
SELECT day, role, sector, size_band, district, assigned, businesses, respondents,
    num_n, sum_y, sum_y2, hist_values, hist_counts, share_base, share_codes, share_sums,
    rank_base, rank_k,
    (CASE WHEN sqlc.arg(ranking)::boolean THEN rank_codes END)::int[] AS rank_codes,
    (CASE WHEN sqlc.arg(ranking)::boolean THEN rank_sums END)::float8[] AS rank_sums,
    (CASE WHEN sqlc.arg(matrix)::boolean THEN row_codes END)::int[] AS row_codes,
    (CASE WHEN sqlc.arg(matrix)::boolean THEN row_n END)::int[] AS row_n,
    (CASE WHEN sqlc.arg(matrix)::boolean THEN row_sum_y END)::float8[] AS row_sum_y,
    (CASE WHEN sqlc.arg(matrix)::boolean THEN row_sum_y2 END)::float8[] AS row_sum_y2,
    (CASE WHEN sqlc.arg(matrix)::boolean THEN row_hist_codes END)::int[] AS row_hist_codes,
    (CASE WHEN sqlc.arg(matrix)::boolean THEN row_hist_values END)::float8[] AS row_hist_values,
    (CASE WHEN sqlc.arg(matrix)::boolean THEN row_hist_counts END)::int[] AS row_hist_counts
FROM observatory_cell
WHERE tenant_id = @tenant_id AND question_id = @question_id
  AND day >= sqlc.arg(from_day)::date AND day <= sqlc.arg(to_day)::date
  AND (district = '*') = sqlc.arg(coarse)::boolean
  AND (sector = '*') = sqlc.arg(all_sectors)::boolean
  AND (size_band = '*') = sqlc.arg(all_sizes)::boolean
  AND (role = '*' OR sqlc.arg(with_roles)::boolean)
ORDER BY day, role, sector, size_band, district;

-- name: ObservatorySecretEnsure :exec
INSERT INTO observatory_secret (tenant_id, secret) VALUES (@tenant_id, @secret) ON CONFLICT DO NOTHING;

-- name: ObservatorySecretGet :one
SELECT secret FROM observatory_secret WHERE tenant_id = @tenant_id;

-- name: ObservatoryQuestionType :one
SELECT v.type FROM question q
JOIN question_version v ON v.tenant_id = q.tenant_id AND v.question_id = q.id AND v.version = q.latest_version
WHERE q.tenant_id = @tenant_id AND q.id = @question_id;

-- Whether new answers or assignments arrived since the last fold, or
-- deletions and segment changes left keys to recompute, in one round trip
-- without a lock (the common case of a trend read).
-- name: ObservatoryWatermarkStale :one
SELECT (coalesce((SELECT answer_done < (SELECT coalesce(max(id), 0) FROM answer WHERE answer.tenant_id = @tenant_id)
        OR assignment_done < (SELECT coalesce(max(id), 0) FROM assignment WHERE assignment.tenant_id = @tenant_id)
    FROM observatory_watermark w WHERE w.tenant_id = @tenant_id), true)
    OR EXISTS (SELECT 1 FROM observatory_dirty d WHERE d.tenant_id = @tenant_id))::boolean AS stale,
    coalesce((SELECT version FROM observatory_watermark v WHERE v.tenant_id = @tenant_id), 0)::bigint AS version;

-- The rows the disclosure pattern is decided from, with their counts: per
-- district (all roles), per role (all districts) and per district and role
-- (the finest units); every day of the question, so one pattern covers
-- every table and grain a user can ask for.
-- name: ObservatoryCellCounts :many
SELECT day, role, sector, size_band, district, businesses, num_n, share_base, rank_base,
    (CASE WHEN sqlc.arg(matrix)::boolean THEN row_codes END)::int[] AS row_codes,
    (CASE WHEN sqlc.arg(matrix)::boolean THEN row_n END)::int[] AS row_n
FROM observatory_cell
WHERE tenant_id = @tenant_id AND question_id = @question_id
  AND (district <> '*' OR role <> '*') AND sector <> '*' AND size_band <> '*'
ORDER BY day, role, sector, size_band, district;

-- name: ObservatoryReleaseGet :one
SELECT business_ids, answer_ids, segments FROM observatory_release
WHERE tenant_id = @tenant_id AND question_id = @question_id AND day = @day;

-- name: ObservatoryReleaseSet :exec
INSERT INTO observatory_release (tenant_id, question_id, day, business_ids, answer_ids, segments)
VALUES (@tenant_id, @question_id, @day, @business_ids::bigint[], @answer_ids::bigint[], @segments::bigint[])
ON CONFLICT (tenant_id, question_id, day) DO UPDATE SET business_ids = excluded.business_ids, answer_ids = excluded.answer_ids,
    segments = excluded.segments;
