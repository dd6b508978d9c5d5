-- +goose Up
-- Matrix rows and respondent roles in the observatory rollups.
--
-- Matrix questions rate several rows on one scale; each row gets the
-- numeric sums a scale question has (businesses with a rating, sums of
-- business means and their distribution), held in parallel arrays keyed by
-- row code. "Don't know" (rating 0) is not a rating.
ALTER TABLE observatory_cell
    ADD COLUMN row_codes int[] NOT NULL DEFAULT '{}',
    ADD COLUMN row_n int[] NOT NULL DEFAULT '{}',
    ADD COLUMN row_sum_y float8[] NOT NULL DEFAULT '{}',
    ADD COLUMN row_sum_y2 float8[] NOT NULL DEFAULT '{}',
    -- the distribution of business means per row: one entry per (row,
    -- value), sorted by row code then value
    ADD COLUMN row_hist_codes int[] NOT NULL DEFAULT '{}',
    ADD COLUMN row_hist_values float8[] NOT NULL DEFAULT '{}',
    ADD COLUMN row_hist_counts int[] NOT NULL DEFAULT '{}',
    -- '*' rows count every respondent of a business; a role's rows (only
    -- at district '*') fold a business's respondents of that role alone, so
    -- a business answering through two roles counts once in each.
    ADD COLUMN role text NOT NULL DEFAULT '*';

ALTER TABLE observatory_cell DROP CONSTRAINT observatory_cell_pkey;
ALTER TABLE observatory_cell ADD PRIMARY KEY (tenant_id, question_id, day, role, sector, size_band, district);

-- Rows summed over districts also come summed over size bands (sector '*'
-- rows are per size band, size band '*' rows per sector, and both '*' is
-- the total), so an unweighted read by sector, by size band or of the
-- total reads one row per segment and day. Weighted reads need the
-- (sector, size band) rows, the weighting strata. The index finds each
-- level without touching the others.
CREATE INDEX observatory_cell_level ON observatory_cell
    (tenant_id, question_id, (sector = '*'), (size_band = '*'), day, role) WHERE district = '*';

-- The version counts the changes to a tenant's cells (and to its
-- population frame), so a process can keep computed series until it moves.
ALTER TABLE observatory_watermark ADD COLUMN version bigint NOT NULL DEFAULT 0;

-- Fold every answer again, so existing cells gain their matrix rows and
-- role rows on the refresher's next pass.
UPDATE observatory_watermark SET answer_done = 0, answer_seen = 0, assignment_done = 0, assignment_seen = 0;

-- +goose Down
ALTER TABLE observatory_watermark DROP COLUMN version;
DROP INDEX observatory_cell_level;
DELETE FROM observatory_cell WHERE role <> '*' OR sector = '*' OR size_band = '*';
ALTER TABLE observatory_cell DROP CONSTRAINT observatory_cell_pkey;
ALTER TABLE observatory_cell ADD PRIMARY KEY (tenant_id, question_id, day, sector, size_band, district);
ALTER TABLE observatory_cell DROP COLUMN role, DROP COLUMN row_codes, DROP COLUMN row_n, DROP COLUMN row_sum_y,
    DROP COLUMN row_sum_y2, DROP COLUMN row_hist_codes, DROP COLUMN row_hist_values, DROP COLUMN row_hist_counts;
