-- +goose Up
-- Rollup rows say their level in a column. Before, the levels shared one
-- table told apart by '*' in the columns a row is summed over; now `level`
-- names what a row splits by and the columns it is summed over hold ''.
-- The levels:
--   district       sector x size band x district, every respondent
--   stratum        sector x size band (summed over districts): the
--                  weighting strata
--   sector         sector (summed over size bands and districts)
--   size_band      size band (summed over sectors and districts)
--   total          every business
--   role           sector x size band x respondents' role (over districts)
--   district_role  sector x size band x district x role: the finest units
--                  the disclosure pattern works on
-- In the role levels, role '' is the role of respondents without one.
ALTER TABLE observatory_cell DROP CONSTRAINT observatory_cell_pkey;
DROP INDEX observatory_cell_level;
ALTER TABLE observatory_cell ADD COLUMN level text;
UPDATE observatory_cell SET level = CASE
    WHEN district <> '*' AND role = '*' THEN 'district'
    WHEN district <> '*' THEN 'district_role'
    WHEN role <> '*' THEN 'role'
    WHEN sector = '*' AND size_band = '*' THEN 'total'
    WHEN sector = '*' THEN 'size_band'
    WHEN size_band = '*' THEN 'sector'
    ELSE 'stratum' END;
UPDATE observatory_cell SET
    role = CASE WHEN level IN ('role', 'district_role') THEN role ELSE '' END,
    district = CASE WHEN level IN ('district', 'district_role') THEN district ELSE '' END,
    sector = CASE WHEN level IN ('total', 'size_band') THEN '' ELSE sector END,
    size_band = CASE WHEN level IN ('total', 'sector') THEN '' ELSE size_band END;
ALTER TABLE observatory_cell ALTER COLUMN level SET NOT NULL,
    ALTER COLUMN role DROP DEFAULT,
    ADD CONSTRAINT observatory_cell_level_check
        CHECK (level IN ('district', 'stratum', 'sector', 'size_band', 'total', 'role', 'district_role'));
ALTER TABLE observatory_cell ADD PRIMARY KEY (tenant_id, question_id, day, level, role, sector, size_band, district);
-- A read takes one level (or two: role series also read the strata, their
-- weights' base) of a question over a range of days.
CREATE INDEX observatory_cell_level ON observatory_cell (tenant_id, question_id, level, day);

-- New answers and assignments are recorded as stale (question, day) keys
-- like every other change (migration 00007), so the rollup worker takes
-- each change once from observatory_dirty and needs no id watermark. Rows
-- the watermark had not folded yet are recorded now.
INSERT INTO observatory_dirty (tenant_id, question_id, day)
SELECT a.tenant_id, a.question_id, a.day FROM answer a
LEFT JOIN observatory_watermark w ON w.tenant_id = a.tenant_id
WHERE a.id > coalesce(w.answer_done, 0)
UNION
SELECT a.tenant_id, a.question_id, a.day FROM assignment a
LEFT JOIN observatory_watermark w ON w.tenant_id = a.tenant_id
WHERE a.id > coalesce(w.assignment_done, 0)
ORDER BY 1, 2, 3;

-- +goose StatementBegin
CREATE FUNCTION observatory_dirty_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO observatory_dirty (tenant_id, question_id, day)
    SELECT DISTINCT n.tenant_id, n.question_id, n.day FROM new n
    ORDER BY 1, 2, 3;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER answer_observatory_inserted AFTER INSERT ON answer
    REFERENCING NEW TABLE AS new FOR EACH STATEMENT EXECUTE FUNCTION observatory_dirty_inserted();
CREATE TRIGGER assignment_observatory_inserted AFTER INSERT ON assignment
    REFERENCING NEW TABLE AS new FOR EACH STATEMENT EXECUTE FUNCTION observatory_dirty_inserted();

-- What is left of the watermark: the row a tenant's folds lock, the
-- version of its cells and when they were last folded.
ALTER TABLE observatory_watermark DROP COLUMN answer_done, DROP COLUMN answer_seen,
    DROP COLUMN assignment_done, DROP COLUMN assignment_seen;
ALTER TABLE observatory_watermark RENAME TO observatory_rollup;
ALTER TABLE observatory_rollup RENAME CONSTRAINT observatory_watermark_pkey TO observatory_rollup_pkey;
ALTER TABLE observatory_rollup RENAME CONSTRAINT observatory_watermark_tenant_id_fkey TO observatory_rollup_tenant_id_fkey;

-- +goose Down
ALTER TABLE observatory_rollup RENAME CONSTRAINT observatory_rollup_tenant_id_fkey TO observatory_watermark_tenant_id_fkey;
ALTER TABLE observatory_rollup RENAME CONSTRAINT observatory_rollup_pkey TO observatory_watermark_pkey;
ALTER TABLE observatory_rollup RENAME TO observatory_watermark;
-- Every row is folded again by the id watermark.
ALTER TABLE observatory_watermark ADD COLUMN answer_done bigint NOT NULL DEFAULT 0,
    ADD COLUMN answer_seen bigint NOT NULL DEFAULT 0,
    ADD COLUMN assignment_done bigint NOT NULL DEFAULT 0,
    ADD COLUMN assignment_seen bigint NOT NULL DEFAULT 0;
DROP TRIGGER assignment_observatory_inserted ON assignment;
DROP TRIGGER answer_observatory_inserted ON answer;
DROP FUNCTION observatory_dirty_inserted();
DROP INDEX observatory_cell_level;
ALTER TABLE observatory_cell DROP CONSTRAINT observatory_cell_pkey;
UPDATE observatory_cell SET
    role = CASE WHEN level IN ('role', 'district_role') THEN role ELSE '*' END,
    district = CASE WHEN level IN ('district', 'district_role') THEN district ELSE '*' END,
    sector = CASE WHEN level IN ('total', 'size_band') THEN '*' ELSE sector END,
    size_band = CASE WHEN level IN ('total', 'sector') THEN '*' ELSE size_band END;
ALTER TABLE observatory_cell DROP COLUMN level, ALTER COLUMN role SET DEFAULT '*';
ALTER TABLE observatory_cell ADD PRIMARY KEY (tenant_id, question_id, day, role, sector, size_band, district);
CREATE INDEX observatory_cell_level ON observatory_cell
    (tenant_id, question_id, (sector = '*'), (size_band = '*'), day, role) WHERE district = '*';
