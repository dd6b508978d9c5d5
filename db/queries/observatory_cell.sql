-- The row a tenant's folds lock, holding the version of its cells.
-- name: ObservatoryRollupEnsure :exec
INSERT INTO observatory_rollup (tenant_id) VALUES (@tenant_id) ON CONFLICT DO NOTHING;

-- name: ObservatoryRollupLock :one
SELECT * FROM observatory_rollup WHERE tenant_id = @tenant_id FOR UPDATE;

-- Records a fold; the version moves only when it changed cells.
-- name: ObservatoryRollupMark :exec
UPDATE observatory_rollup
SET refreshed_at = @refreshed_at, version = version + (CASE WHEN sqlc.arg(changed)::boolean THEN 1 ELSE 0 END)
WHERE tenant_id = @tenant_id;

-- Marks the tenant's computed series stale: its population frame changed.
-- name: ObservatoryRollupBump :exec
INSERT INTO observatory_rollup (tenant_id, version) VALUES (@tenant_id, 1)
ON CONFLICT (tenant_id) DO UPDATE SET version = observatory_rollup.version + 1;

-- The version of a tenant's cells: it moves whenever a fold or a rebuild
-- changes cells, or a frame import changes what a series computes to.
-- name: ObservatoryRollupVersion :one
SELECT coalesce((SELECT version FROM observatory_rollup WHERE tenant_id = @tenant_id), 0)::bigint AS version;

-- Whether changes wait to be folded, and the version of the cells, in one
-- round trip without a lock (the common case of a sync).
-- name: ObservatoryRollupState :one
SELECT EXISTS (SELECT 1 FROM observatory_dirty d WHERE d.tenant_id = @tenant_id)::boolean AS pending,
    coalesce((SELECT version FROM observatory_rollup v WHERE v.tenant_id = @tenant_id), 0)::bigint AS version;

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
INSERT INTO observatory_cell (tenant_id, question_id, day, level, role, sector, size_band, district, assigned,
    businesses, respondents, num_n, sum_y, sum_y2, hist_values, hist_counts, share_base,
    share_codes, share_sums, rank_base, rank_k, rank_codes, rank_sums,
    row_codes, row_n, row_sum_y, row_sum_y2, row_hist_codes, row_hist_values, row_hist_counts,
    unit_businesses, unit_num, unit_shares, unit_rows)
VALUES (@tenant_id, @question_id, @day, @level, @role, @sector, @size_band, @district, @assigned,
    @businesses, @respondents, @num_n, @sum_y, @sum_y2, @hist_values, @hist_counts, @share_base,
    @share_codes, @share_sums, @rank_base, @rank_k, @rank_codes, @rank_sums,
    @row_codes, @row_n, @row_sum_y, @row_sum_y2, @row_hist_codes, @row_hist_values, @row_hist_counts,
    @unit_businesses, @unit_num, @unit_shares, @unit_rows);

-- The cells of a question on a day, in the columns and order of
-- ObservatoryCellCopy, so a fold can tell whether it changed them.
-- name: ObservatoryCellDay :many
SELECT tenant_id, question_id, day, level, role, sector, size_band, district, assigned,
    businesses, respondents, num_n, sum_y, sum_y2, hist_values, hist_counts, share_base,
    share_codes, share_sums, rank_base, rank_k, rank_codes, rank_sums,
    row_codes, row_n, row_sum_y, row_sum_y2, row_hist_codes, row_hist_values, row_hist_counts,
    unit_businesses, unit_num, unit_shares, unit_rows
FROM observatory_cell
WHERE tenant_id = @tenant_id AND question_id = @question_id AND day = @day;

-- Cells of a question over a date range at one level (see migration
-- 00011), and at the stratum level too when with_strata (role series take
-- their weights' base from it).
-- The arrays a question's type does not use come back NULL (nothing to
-- decode): ranking sums unless ranking, matrix rows unless matrix.
-- name: ObservatoryCellList :many
SELECT day, level, role, sector, size_band, district, assigned, businesses, respondents,
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
  AND (level = sqlc.arg(level)::text OR (sqlc.arg(with_strata)::boolean AND level = 'stratum'))
ORDER BY day, level, role, sector, size_band, district;

-- The businesses of a question's district rows (and role rows when
-- with_roles) over a date range with their values of each day: what a
-- read folds into one value per business and period.
-- name: ObservatoryUnitList :many
SELECT day, level, role, sector, size_band, district, share_codes, row_codes,
    unit_businesses, unit_num, unit_shares, unit_rows
FROM observatory_cell
WHERE tenant_id = @tenant_id AND question_id = @question_id
  AND day >= sqlc.arg(from_day)::date AND day <= sqlc.arg(to_day)::date
  AND (level = 'district' OR (sqlc.arg(with_roles)::boolean AND level = 'role'))
ORDER BY day, level, role, sector, size_band, district;

-- name: ObservatorySecretEnsure :exec
INSERT INTO observatory_secret (tenant_id, secret) VALUES (@tenant_id, @secret) ON CONFLICT DO NOTHING;

-- name: ObservatorySecretGet :one
SELECT secret FROM observatory_secret WHERE tenant_id = @tenant_id;

-- name: ObservatoryQuestionType :one
SELECT v.type FROM question q
JOIN question_version v ON v.tenant_id = q.tenant_id AND v.question_id = q.id AND v.version = q.latest_version
WHERE q.tenant_id = @tenant_id AND q.id = @question_id;

-- The rows the disclosure pattern is decided from, with their counts: per
-- district (all roles), per role (all districts) and per district and role
-- (the finest units); every day of the question, so one pattern covers
-- every table and grain a user can ask for.
-- name: ObservatoryCellCounts :many
SELECT day, level, role, sector, size_band, district, businesses, num_n, sum_y, share_base, rank_base,
    (CASE WHEN sqlc.arg(matrix)::boolean THEN row_codes END)::int[] AS row_codes,
    (CASE WHEN sqlc.arg(matrix)::boolean THEN row_n END)::int[] AS row_n
FROM observatory_cell
WHERE tenant_id = @tenant_id AND question_id = @question_id
  AND level IN ('district', 'role', 'district_role')
ORDER BY day, level, role, sector, size_band, district;

-- name: ObservatoryReleaseGet :one
SELECT business_ids, answer_ids, segments FROM observatory_release
WHERE tenant_id = @tenant_id AND question_id = @question_id AND day = @day;

-- name: ObservatoryReleaseSet :exec
INSERT INTO observatory_release (tenant_id, question_id, day, business_ids, answer_ids, segments)
VALUES (@tenant_id, @question_id, @day, @business_ids::bigint[], @answer_ids::bigint[], @segments::bigint[])
ON CONFLICT (tenant_id, question_id, day) DO UPDATE SET business_ids = excluded.business_ids, answer_ids = excluded.answer_ids,
    segments = excluded.segments;
